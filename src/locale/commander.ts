/**
 * commander's own words (its usage errors and the headings of `--help`) in the messages'
 * language. commander has no translations of its own: its messages are matched line by line,
 * and a line of a form not known here (a later commander's) is printed as commander wrote it.
 */
import { Help, type HelpConfiguration, type Option } from "commander";
import { t } from "./messages.js";

type Rule = [RegExp, (...parts: string[]) => string];

/** commander 14's messages, as `Command.error` and `suggestSimilar` write them. */
const rules: readonly Rule[] = [
  [/^error: unknown option '(.+)'$/, (flag) => `error: ${t`unknown option '${flag}'`}`],
  [/^error: unknown command '(.+)'$/, (name) => `error: ${t`unknown command '${name}'`}`],
  [
    /^error: missing required argument '(.+)'$/,
    (name) => `error: ${t`missing required argument '${name}'`}`,
  ],
  [
    /^error: option '(.+)' argument missing$/,
    (flags) => `error: ${t`option '${flags}' needs a value`}`,
  ],
  [
    /^error: required option '(.+)' not specified$/,
    (flags) => `error: ${t`required option '${flags}' not given`}`,
  ],
  [
    /^error: option '(.+)' argument '(.*)' is invalid\. (.*)$/s,
    (flags, value, why) =>
      `error: ${t`option '${flags}': '${value}' is not valid, expected ${why}`}`,
  ],
  [
    /^error: too many arguments for '(.+)'\. Expected (\d+) arguments? but got (\d+)\.$/,
    (name, expected, got) =>
      `error: ${t`too many arguments for '${name}': ${expected} expected, ${got} given`}`,
  ],
  [
    /^error: too many arguments\. Expected (\d+) arguments? but got (\d+)\.$/,
    (expected, got) => `error: ${t`too many arguments: ${expected} expected, ${got} given`}`,
  ],
  [/^Allowed choices are (.+)\.$/, (choices) => t`one of ${choices}`],
  [/^\(Did you mean one of (.+)\?\)$/, (names) => t`(did you mean one of ${names}?)`],
  [/^\(Did you mean (.+)\?\)$/, (name) => t`(did you mean ${name}?)`],
];

function translateLine(line: string): string {
  for (const [pattern, translate] of rules) {
    const match = pattern.exec(line);
    if (match) return translate(...match.slice(1).map((part) => translateLine(part)));
  }
  return line;
}

/** A message commander prints (`outputError`), in the messages' language. */
export function commanderMessage(text: string): string {
  return text
    .split("\n")
    .map((line) => translateLine(line))
    .join("\n");
}

/** `--help`'s headings and its "(choices: …, default: …)" in the messages' language. */
export function helpConfiguration(): HelpConfiguration {
  const titles: Record<string, string> = {
    "Usage:": t`Usage:`,
    "Arguments:": t`Arguments:`,
    "Options:": t`Options:`,
    "Commands:": t`Commands:`,
  };
  return {
    styleTitle: (title) => titles[title] ?? title,
    optionDescription(this: Help, option: Option) {
      return Help.prototype.optionDescription
        .call(this, option)
        .replace(
          /\(((?:choices|default): .*)\)$/,
          (_whole, extra: string) =>
            `(${extra.replace(/\b(choices|default): /g, (_w, word: string) => `${word === "default" ? t`default:` : t`choices:`} `)})`,
        );
    },
  };
}
