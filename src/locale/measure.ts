/**
 * What a briefing counts, in the words of its language. Locale texts say `{m:name}`,
 * `{m:potential_label|lower}`…; a briefing's `measure:` (or, without one, the locale's own
 * `measure`) fills them in once, when the view is made, so every sentence, label, axis and
 * email line reads "anak" for a health office and "peserta" for BPJS without a key overridden.
 */
import type { MeasureValue } from "../load/schema.js";
import type { Locale, LocaleTexts, MeasureWordsValue as MeasureWords } from "./locale.js";

/** The words a measure is said in: `name`, `potential_label`… (locale.ts holds their schema). */
export type { MeasureWordsValue as MeasureWords } from "./locale.js";
export type MeasureWord = keyof MeasureWords;

const TOKEN = /\{m:([a-z_]+)(?:\|(lower|cap))?\}/g;

const cap = (text: string): string => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/**
 * The words of a measure: the briefing's own where it gives them; the rest follows from them
 * (the label is the capitalised name) or from the locale's generic words (cakupan, porsi).
 */
export function measureWords(
  locale: Locale,
  measure: MeasureValue | undefined,
  text: (value: NonNullable<MeasureValue["label"]>) => string,
): MeasureWords {
  if (measure === undefined) return { ...locale.measure };
  const generic = locale.measure_generic;
  const own = (word: MeasureWord): string | undefined => {
    const value = measure[word];
    return value === undefined ? undefined : text(value);
  };
  const name = text(measure.name);
  const potential = own("potential");
  return {
    name,
    singular: own("singular") ?? name,
    label: own("label") ?? cap(name),
    // Without a word of its own, the potential counts what the measure counts.
    potential: potential ?? name,
    potential_label:
      own("potential_label") ?? (potential ? cap(potential) : generic.potential_label),
    coverage: own("coverage") ?? generic.coverage,
    coverage_label: own("coverage_label") ?? cap(own("coverage") ?? generic.coverage_label),
    share: own("share") ?? generic.share,
    share_label: own("share_label") ?? cap(own("share") ?? generic.share_label),
  };
}

/** A text with its `{m:…}` words filled in; an unknown word is left as written. */
export function fillMeasure(text: string, words: MeasureWords): string {
  return text.replace(TOKEN, (whole, word: string, modifier: string | undefined) => {
    if (!Object.hasOwn(words, word)) return whole;
    const value = words[word as MeasureWord];
    return modifier === "lower"
      ? value.toLocaleLowerCase()
      : modifier === "cap"
        ? cap(value)
        : value;
  });
}

function fillTree<T>(value: T, words: MeasureWords): T {
  if (typeof value === "string") return fillMeasure(value, words) as T;
  if (Array.isArray(value)) return value.map((item) => fillTree(item, words)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = fillTree(item, words);
    return out as T;
  }
  return value;
}

/**
 * The locale with the briefing's measure in every text. A measure written as money
 * (`format: "Rp{value}"`) replaces the count's plural forms.
 */
export function withMeasure(
  locale: Locale,
  measure: MeasureValue | undefined,
  text: (value: NonNullable<MeasureValue["label"]>) => string,
): Locale {
  return withWords(
    locale,
    measureWords(locale, measure, text),
    measure?.format && text(measure.format),
  );
}

/**
 * The locale in given words: a page about several briefings (the archive's index, an email)
 * speaks in the locale's default words, and of each briefing in its own (its summary's).
 */
export function withWords(locale: Locale, words: MeasureWords, format?: string): Locale {
  return {
    ...fillTexts(locale.unfilled, words, format),
    lang: locale.lang,
    unfilled: locale.unfilled,
  };
}

/** Locale texts with their `{m:…}` words filled in. */
export function fillTexts(texts: LocaleTexts, words: MeasureWords, format?: string): LocaleTexts {
  const filled = fillTree({ ...texts, measure: words }, words);
  if (format === undefined) return filled;
  return {
    ...filled,
    formats: { ...filled.formats, members: { other: format }, potential: { other: format } },
  };
}
