/**
 * The language of briefing's own messages (errors, warnings, hints, progress, summaries),
 * gettext-style: the English text in the code is the key, `messages/<lang>.yaml` holds its
 * translation, and English needs no catalogue. A missing translation prints the English text.
 *
 *   t`a count of at most ${max}`   → key "a count of at most {0}" → "jumlah paling banyak {0}"
 *
 * A translation may put the placeholders in another order (`{1} … {0}`). The language is set
 * once, by the CLI (`--lang`, else the environment's locale); code that runs without the CLI
 * (tests, scripts) gets the environment's.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** The language the tool speaks when nothing says otherwise: its users are Indonesian. */
export const DEFAULT_MESSAGE_LANGUAGE = "id";

const MESSAGES_DIR = fileURLToPath(new URL("../../messages/", import.meta.url));
/** The catalogues compiled to JSON beside the compiled code (scripts/catalogues.mjs). */
const COMPILED_DIR = fileURLToPath(new URL("../messages/", import.meta.url));

let current: string | undefined;
const catalogues = new Map<string, ReadonlyMap<string, string>>();

/**
 * The language a POSIX locale name speaks (`id_ID.UTF-8` → id, `en_US` → en); undefined for
 * none, an empty one, C and POSIX, which say nothing about a language.
 */
export function localeLanguage(locale: string | undefined): string | undefined {
  const text = locale?.trim() ?? "";
  if (/^(C|POSIX)(?=$|[_.@])/.test(text)) return undefined;
  return /^([a-z]{2,3})(?=$|[_.@-])/i.exec(text)?.[1]?.toLowerCase();
}

/**
 * The messages' language the environment asks for: the first of LC_ALL, LC_MESSAGES and LANG
 * that names a language, in POSIX's order; Indonesian when none does. C and POSIX (a
 * container's usual `C.UTF-8`) name none, and count as unset.
 */
export function environmentLanguage(env: NodeJS.ProcessEnv = process.env): string {
  for (const name of ["LC_ALL", "LC_MESSAGES", "LANG"] as const) {
    const lang = localeLanguage(env[name]);
    if (lang !== undefined) return lang;
  }
  return DEFAULT_MESSAGE_LANGUAGE;
}

/** Sets the language messages are made in from now on (`id`, `en`…). */
export function setMessageLanguage(lang: string): void {
  current = lang.toLowerCase();
}

/**
 * The language messages are made in: the one set, else the environment's. A language without
 * a catalogue (`fr`) reads English, the language the messages are written in.
 */
export function messageLanguage(): string {
  current ??= environmentLanguage();
  return current === "en" || catalogue(current).size > 0 ? current : "en";
}

/** Where the catalogue of a language is: `messages/<lang>.yaml` at the package's root. */
export function catalogueFile(lang: string): string {
  return `${MESSAGES_DIR}${lang}.yaml`;
}

/** A language's translations, read once; empty when it has none. */
export function catalogue(lang: string): ReadonlyMap<string, string> {
  const known = catalogues.get(lang);
  if (known) return known;
  const entries = new Map<string, string>();
  const file = catalogueFile(lang);
  const compiled = `${COMPILED_DIR}${lang}.json`;
  if (/^[a-z]{2,3}$/.test(lang) && (existsSync(compiled) || existsSync(file))) {
    // The catalogue ships with the tool: a malformed one is briefing's bug, and throws as one.
    // Compiled (from dist/), else its YAML (the sources, as tests run them).
    const data: unknown = existsSync(compiled)
      ? JSON.parse(readFileSync(compiled, "utf8"))
      : (createRequire(import.meta.url)("yaml") as typeof import("yaml")).parse(
          readFileSync(file, "utf8"),
        );
    if (data !== null && typeof data === "object" && !Array.isArray(data)) {
      for (const [key, value] of Object.entries(data)) {
        if (typeof value === "string" && value !== "") entries.set(key, value);
      }
    }
  }
  catalogues.set(lang, entries);
  return entries;
}

/** The catalogue key of a tagged template: its text, with `{0}`, `{1}`… for the values. */
export function messageKey(strings: readonly string[]): string {
  return strings.reduce((key, part, i) => `${key}{${i - 1}}${part}`);
}

/** Puts `values` into a message's `{0}`, `{1}`…; a placeholder without a value stays as it is. */
export function fill(message: string, values: readonly unknown[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, n: string) =>
    Number(n) < values.length ? String(values[Number(n)]) : whole,
  );
}

/** `num`'s formats, one per language, made once. */
const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A figure in a message, written the messages' language's way: 3.304.620 and 36,6707 in
 * Indonesian, 3,304,620 and 36.6707 in English (at most four decimals). Years, line numbers
 * and ports stay as they are: only what is wrapped in `num` is written so.
 */
export function num(value: number): string {
  const lang = messageLanguage();
  let format = numberFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(lang === "id" ? "id-ID" : lang === "en" ? "en-GB" : lang, {
      maximumFractionDigits: 4,
    });
    numberFormats.set(lang, format);
  }
  return format.format(value);
}

/** A message in the messages' language: t`a count of at most ${max}`. */
export function t(strings: TemplateStringsArray, ...values: unknown[]): string {
  const key = messageKey(strings);
  const lang = messageLanguage();
  const message = lang === "en" ? key : (catalogue(lang).get(key) ?? key);
  return fill(message, values);
}
