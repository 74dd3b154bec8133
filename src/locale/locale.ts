/**
 * Locale files: every word a briefing prints that is not data lives in
 * `templates/<set>/locales/<lang>.yaml`. A template set may leave out keys; they fall back to
 * the default set's file for the same language.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { usageError } from "../errors.js";
import { validate } from "../load/load.js";
import { readYamlFile } from "../load/yaml.js";
import { fillTexts } from "./measure.js";
import { t } from "./messages.js";

const Forms = z.strictObject({
  zero: z.string().optional(),
  one: z.string().optional(),
  two: z.string().optional(),
  few: z.string().optional(),
  many: z.string().optional(),
  other: z.string(),
});

const ChartText = z.strictObject({ title: z.string(), caption: z.string() });

export const MeasureWords = z.strictObject({
  name: z.string(),
  singular: z.string(),
  label: z.string(),
  potential: z.string(),
  potential_label: z.string(),
  coverage: z.string(),
  coverage_label: z.string(),
  share: z.string(),
  share_label: z.string(),
});

export const LocaleSchema = z.strictObject({
  intl: z.string(),
  /** The measure of a briefing that names none: `{m:name}` and the rest in every text. */
  measure: MeasureWords,
  /** The words a briefing's `measure:` leaves out, when it names some. */
  measure_generic: MeasureWords.pick({
    potential_label: true,
    coverage: true,
    coverage_label: true,
    share: true,
    share_label: true,
  }),
  formats: z.strictObject({
    /**
     * How a percentage is written, `{value}` the number; CLDR's pattern for `intl` unless the
     * file says otherwise (cldrPercent).
     */
    percent: z.string().optional(),
    percent_words: z.string(),
    points: Forms,
    people: Forms,
    members: Forms,
    /** A potential in words: "21.677.413 pekerja". */
    potential: Forms,
    rank: z.string(),
  }),
  marks: z.strictObject({ illustrative: z.string(), published: z.string() }),
  labels: z.record(z.string(), z.string()),
  metrics: z.strictObject({ share: z.string(), coverage: z.string() }),
  charts: z.strictObject({
    units_share: ChartText,
    units_coverage: ChartText,
    segments_by_unit: ChartText,
    segments_of_unit: ChartText,
    segments_coverage: ChartText,
    target_progress: ChartText,
    indicators: ChartText,
    indicator_by_unit: ChartText,
    target_line: z.string(),
    units_change_caption: z.string(),
    full_coverage: z.string(),
    over_full: z.string(),
  }),
  /** Chart titles that say what the chart shows; the measure goes in the subtitle. */
  findings: z.strictObject({
    largest_share: z.string(),
    focus_rank: z.string(),
    range: z.string(),
    reach_target: z.string(),
    reach_target_none: z.string(),
    reach_target_all: z.string(),
    largest_segment_all: z.string(),
    largest_segment_most: z.string(),
    largest_segment_of: z.string(),
    segment_over: z.string(),
    segment_highest: z.string(),
    target_met: z.string(),
    target_below: z.string(),
    indicator_range: z.string(),
    subtitle_percent: z.string(),
  }),
  narrative: z.strictObject({
    overview: z.string(),
    overview_coverage: z.string(),
    overview_listed: z.string(),
    partial_list: z.string(),
    focus_share: z.string(),
    focus_coverage: z.string(),
    rank_among: z.string(),
    rank_among_listed: z.string(),
    target_share_below: z.string(),
    target_share_met: z.string(),
    target_coverage_below: z.string(),
    target_coverage_met: z.string(),
    largest_segment: z.string(),
    indicator: z.string(),
    indicator_range: z.string(),
    indicator_target_units: z.string(),
    over_potential: z.string(),
    /** No longer used: figures carry their own marks. Accepted so older template sets load. */
    illustrative: z.string().optional(),
    change_region_up: z.string(),
    change_region_down: z.string(),
    change_region_same: z.string(),
    change_metric_up: z.string(),
    change_metric_down: z.string(),
    change_metric_same: z.string(),
    rank_up: z.string(),
    rank_down: z.string(),
  }),
});

export type PluralForms = z.infer<typeof Forms>;
type ReadTexts = z.infer<typeof LocaleSchema>;
/** The words a measure is said in (locale/measure.ts). */
export type MeasureWordsValue = z.infer<typeof MeasureWords>;
/** A locale's texts, the percent pattern filled in. */
export type LocaleTexts = Omit<ReadTexts, "formats"> & {
  formats: ReadTexts["formats"] & { percent: string };
};

/**
 * How `intl` writes a percentage, as CLDR (through Intl.NumberFormat) has it, with `{value}` for
 * the number: "{value}%" for id and en (PUEBI writes 36,7%), "{value}\u00A0%" for de or fr.
 * One decision for every percentage a briefing prints: cards, tables, chart labels and ticks.
 */
export function cldrPercent(intl: string): string {
  const parts = new Intl.NumberFormat(intl, { style: "percent", maximumFractionDigits: 1 })
    .formatToParts(0.123)
    .map((part) =>
      ["integer", "group", "decimal", "fraction"].includes(part.type) ? "{value}" : part.value,
    );
  // The number's parts are one run: written once.
  return parts.filter((part, i) => part !== "{value}" || parts[i - 1] !== "{value}").join("");
}
export interface Locale extends LocaleTexts {
  /** The language code the file is named after: id, en… */
  lang: string;
  /**
   * The texts as written, `{m:name}` and all: a briefing fills them with its own measure
   * (locale/measure.ts). The locale's own texts above are filled with its default measure.
   */
  unfilled: LocaleTexts;
}

type Tree = { [key: string]: unknown };
const isTree = (value: unknown): value is Tree =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function merge(base: unknown, override: unknown): unknown {
  if (!isTree(base) || !isTree(override)) return override === undefined ? base : override;
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // Own keys, defined rather than assigned: a key "__proto__" stays a key (and is then
    // refused by the schema), it does not become the object's prototype.
    const prior = Object.hasOwn(base, key) ? base[key] : undefined;
    Object.defineProperty(out, key, {
      value: merge(prior, value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

export function availableLanguages(templateDirs: readonly string[]): string[] {
  const langs = new Set<string>();
  for (const dir of templateDirs) {
    const localeDir = path.join(dir, "locales");
    if (!existsSync(localeDir)) continue;
    for (const name of readdirSync(localeDir)) {
      const match = /^([a-z]{2,3})\.ya?ml$/.exec(name);
      if (match?.[1]) langs.add(match[1]);
    }
  }
  return [...langs].sort();
}

/**
 * Reads `<dir>/locales/<lang>.yaml` from each template dir, later dirs overriding earlier
 * ones key by key, and validates the result.
 */
export async function loadLocale(templateDirs: readonly string[], lang: string): Promise<Locale> {
  let merged: unknown;
  let lastSource: Awaited<ReturnType<typeof readYamlFile>> | undefined;
  for (const dir of templateDirs) {
    const file = path.join(dir, "locales", `${lang}.yaml`);
    if (!existsSync(file)) continue;
    const source = await readYamlFile(file);
    merged = merge(merged, source.data);
    lastSource = source;
  }
  if (!lastSource) {
    const known = availableLanguages(templateDirs);
    throw usageError(
      t`no locale for language "${lang}"`,
      t`Languages available in the templates: ${known.join(", ") || t`none`}. Add locales/${lang}.yaml to a template set to support it.`,
    );
  }
  const read = validate({ ...lastSource, data: merged }, LocaleSchema);
  const texts: LocaleTexts = {
    ...read,
    formats: { ...read.formats, percent: read.formats.percent ?? cldrPercent(read.intl) },
  };
  return { ...fillTexts(texts, texts.measure), lang, unfilled: texts };
}
