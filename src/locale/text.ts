/** Picks the text for the output language from a LocalText value. */
import type { LocalTextValue } from "../load/schema.js";

/**
 * A plain string serves every language. A map gives the output language's text, else the
 * briefing's own language's, else its first entry: a briefing never prints an empty field.
 */
export function resolveText(value: LocalTextValue, lang: string, fallbackLang: string): string {
  if (typeof value === "string") return value;
  return value[lang] ?? value[fallbackLang] ?? Object.values(value)[0] ?? "";
}

/** Like resolveText, but only a text written for `lang` (or for every language) counts. */
export function textFor(value: LocalTextValue | undefined, lang: string): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value[lang];
}
