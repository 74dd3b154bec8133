/**
 * The briefing format, written once. The TypeScript types used everywhere else are
 * inferred from these schemas; nothing restates them by hand.
 *
 * Segments and units are data: an organisation with other segments (or none) and other
 * regions (provinces, regencies, branches…) writes them in its YAML, not in code.
 */
import { z } from "zod";
import { CONTROL } from "../errors.js";
import { t } from "../locale/messages.js";

export { CONTROL } from "../errors.js";

const isRealDate = (text: string): boolean => {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
};

export const LanguageTag = z
  .string()
  .regex(/^[a-z]{2,3}$/, { error: () => t`a language code such as id or en` });

/** A text as data may hold it: no control characters, no bidirectional overrides. */
export const PlainText = z.string().superRefine((text, context) => {
  const found = CONTROL.exec(text);
  if (!found) return;
  const code = found[0].codePointAt(0) ?? 0;
  context.addIssue({
    code: "custom",
    message: t`text without control characters or bidirectional overrides (found U+${code.toString(16).toUpperCase().padStart(4, "0")} at character ${found.index + 1})`,
    input: text,
  });
});

/**
 * How long texts may be, in characters. A 10,000-character title ran over the running header
 * and the page number; names are set in table columns and chart labels, titles on the cover.
 */
export const TEXT_LIMITS = { name: 120, title: 200, text: 2000 } as const;

const nonEmpty = (max: number) =>
  PlainText.trim()
    .min(1, { error: () => t`a non-empty text` })
    .max(max, { error: () => t`a text of at most ${max} characters` });

/** Text in the briefing's language, or one text per language: `{ id: …, en: … }`. */
const localText = (max: number) =>
  z.union([nonEmpty(max), z.record(LanguageTag, nonEmpty(max))], {
    error: () => t`a text, or a map of language code to text`,
  });
export const LocalText = localText(TEXT_LIMITS.text);
/** A name: of a unit, a segment, the region, a person, an organisation. */
const Name = localText(TEXT_LIMITS.name);
/** A title: of the briefing, its meeting, a source. */
const Title = localText(TEXT_LIMITS.title);

export const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
  error: () => t`an id of lowercase letters, digits, - and _ (such as sumsel)`,
});

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: () => t`a date written YYYY-MM-DD` })
  .refine(isRealDate, { error: () => t`a calendar date that exists` });

/** A month (`2020-10`) or a day (`2020-10-31`). */
export const PeriodDate = z
  .string()
  .regex(/^\d{4}-\d{2}(-\d{2})?$/, { error: () => t`a month YYYY-MM or a date YYYY-MM-DD` })
  .refine((text) => isRealDate(text.length === 7 ? `${text}-01` : text), {
    error: () => t`a month or date that exists`,
  });

/**
 * A head count: a whole number, never negative, and at most a trillion: 500 units of that
 * still add up exactly (past 2^53, about 9 × 10^15, sums lose units silently).
 */
export const MAX_COUNT = 1_000_000_000_000;
export const Count = z
  .int({ error: () => t`a whole number` })
  .nonnegative({ error: () => t`a count ≥ 0` })
  .max(MAX_COUNT, { error: () => t`a count of at most 1000000000000 (a trillion)` });

/** A percentage written as a number: 63 means 63 %. */
export const Percent = z
  .number({ error: () => t`a number (63 means 63 %)` })
  .nonnegative({ error: () => t`a percentage ≥ 0` });

/** A total, or one count per segment id. */
export const Counts = z.union([Count, z.record(Id, Count)], {
  error: () => t`a whole number, or a map of segment id to whole number`,
});

export const Person = z.strictObject({
  name: nonEmpty(TEXT_LIMITS.name),
  title: Title.optional(),
  organisation: Name.optional(),
});

const StatedSegment = z.strictObject({
  members: Count.optional(),
  potential: Count.optional(),
  coverage: Percent.optional(),
  share: Percent.optional(),
});

/**
 * One indicator's figures for a unit (or, under `stated:`, the region): a count and its own
 * potential, and the coverage a source printed. A coverage alone is printed as published; with
 * the counts, it is checked against them.
 */
export const IndicatorFigures = z.strictObject({
  count: Count.optional(),
  potential: Count.optional(),
  coverage: Percent.optional(),
  /** The count, the potential, or both (`true`) are made up for the example. */
  illustrative: z
    .union([z.boolean(), z.array(z.enum(["count", "potential"]))], {
      error: () => t`true, false, or a list of count and potential`,
    })
    .optional(),
  source: Id.optional(),
});

/** Figures as a source printed them: checked against what the counts give. */
export const Stated = z.strictObject({
  members: Count.optional(),
  potential: Count.optional(),
  share: Percent.optional(),
  coverage: Percent.optional(),
  segments: z.record(Id, StatedSegment).optional(),
  /** The region's figures per indicator as printed (a table's total row). */
  indicators: z.record(Id, IndicatorFigures.omit({ illustrative: true, source: true })).optional(),
});

/**
 * What a briefing counts, in words: the tool's wording of "members", "potential", "coverage"
 * and "share" comes from here, so that a health office's briefing speaks of children and
 * target children, not of members and workers. Any word left out falls back to the locale's
 * generic one (`measure_generic`); a briefing without `measure:` uses the locale's `measure`.
 */
export const Measure = z.strictObject({
  /** What is counted, as "1.234 {name}": peserta / members, anak / children, dosis / doses. */
  name: Name,
  /** The singular, for languages that inflect (1 child); the name where absent. */
  singular: Name.optional(),
  /** The column head of the count: Peserta / Members. */
  label: Name.optional(),
  /** What the potential (the denominator of coverage) counts: pekerja / workers, sasaran. */
  potential: Name.optional(),
  /** The column head of the potential, and its word in a sentence: Potensi / Sasaran. */
  potential_label: Name.optional(),
  /** The name of coverage (count / potential): cakupan imunisasi / immunisation coverage. */
  coverage: Name.optional(),
  coverage_label: Name.optional(),
  /** The name of a unit's part of the region's count: porsi / share. */
  share: Name.optional(),
  share_label: Name.optional(),
  /**
   * How a count is written when not "{value} {name}": "Rp{value}" for money. `{value}` is the
   * number as the language writes it.
   */
  format: localText(TEXT_LIMITS.name).optional(),
});

export const Segment = z.strictObject({
  id: Id,
  name: Name,
  short: Name.optional(),
});

/**
 * A measure of its own per unit that never adds up with the others: coverage per antigen, per
 * programme. Each unit gives each indicator its own count and potential (its numerator and
 * denominator), or the coverage a source printed.
 */
export const Indicator = z.strictObject({
  id: Id,
  name: Name,
  short: Name.optional(),
  /** What its count counts, when not the measure's: "bayi diimunisasi BCG". */
  count_name: Name.optional(),
  /** What its potential counts, when not the measure's: "bayi 0–11 bulan". */
  potential_name: Name.optional(),
});

/** `members`, `potential`, or one segment's count of either: `members.bpu`. */
export const CountField = z.string().regex(/^(members|potential)(\.[a-z0-9][a-z0-9_-]{0,63})?$/, {
  error: () => t`members, potential, members.<segment id> or potential.<segment id>`,
});

/**
 * Which of a unit's counts are made up rather than published: all of them (`true`), or the
 * fields listed (`[potential]`, `[members.bpu, members.jakon]`).
 */
export const Illustrative = z.union([z.boolean(), z.array(CountField)], {
  error: () => t`true, false, or a list of fields such as [potential] or [members.bpu]`,
});

export const Unit = z.strictObject({
  id: Id,
  name: Name,
  /** The counts; absent when the source published only percentages (`stated:`) for the unit. */
  members: Counts.optional(),
  potential: Counts.optional(),
  illustrative: Illustrative.default(false),
  stated: Stated.omit({ indicators: true }).optional(),
  source: Id.optional(),
  /** The unit's figures per indicator id. */
  indicators: z.record(Id, IndicatorFigures).optional(),
});

export const Metric = z.enum(["coverage", "share"], {
  error: () => t`coverage (members / potential) or share (of the region's members)`,
});

export const Target = z.strictObject({
  /** The unit the target is for; the whole region when absent. */
  unit: Id.optional(),
  /** A segment's coverage or share (in the unit, or the region), rather than the whole's. */
  segment: Id.optional(),
  /** An indicator's coverage (in the unit, or the region). */
  indicator: Id.optional(),
  metric: Metric,
  value: Percent,
  set_by: Name.optional(),
  note: LocalText.optional(),
  source: Id.optional(),
  /** The target is made up for the example. */
  illustrative: z.boolean({ error: () => t`true or false` }).optional(),
});

export const Source = z.strictObject({
  id: Id.optional(),
  publisher: Name,
  title: Title.optional(),
  date: IsoDate.optional(),
});

/** Sizes of the office's own content: a briefing's few pages, not a report's appendix. */
export const CONTENT_LIMITS = { sections: 50, items: 200, rows: 200, columns: 12 } as const;

/** A table cell: a text like any other, but it may be empty (`""`). */
const cellText = PlainText.trim().max(TEXT_LIMITS.text, {
  error: () => t`a text of at most ${TEXT_LIMITS.text} characters`,
});
const Cell = z.union([cellText, z.record(LanguageTag, cellText)], {
  error: () =>
    t`a text (quoted if it looks like a number: "95 %"), or a map of language code to text`,
});

/**
 * One section of the office's own content (a recommendation list, a paragraph, a table of free
 * text), placed by the template set: `{{> section content.<id>}}`, or all of them in order.
 */
export const Section = z
  .strictObject({
    id: Id,
    title: Title,
    /** A paragraph, or a list of paragraphs. */
    text: z
      .union([
        LocalText,
        z
          .array(LocalText)
          .min(1, { error: () => t`at least one paragraph` })
          .max(CONTENT_LIMITS.items, {
            error: () => t`at most ${CONTENT_LIMITS.items} paragraphs`,
          }),
      ])
      .optional(),
    items: z
      .array(LocalText)
      .min(1, { error: () => t`at least one item` })
      .max(CONTENT_LIMITS.items, { error: () => t`at most ${CONTENT_LIMITS.items} items` })
      .optional(),
    table: z
      .strictObject({
        columns: z
          .array(Name)
          .min(1, { error: () => t`at least one column` })
          .max(CONTENT_LIMITS.columns, {
            error: () => t`at most ${CONTENT_LIMITS.columns} columns`,
          }),
        rows: z
          .array(z.array(Cell, { error: () => t`a row: a list of cells, one per column` }), {
            error: () => t`a list of rows, each a list of cells: [a, b, c]`,
          })
          .min(1, { error: () => t`at least one row` })
          .max(CONTENT_LIMITS.rows, { error: () => t`at most ${CONTENT_LIMITS.rows} rows` }),
      })
      .superRefine((table, context) => {
        table.rows.forEach((row, i) => {
          if (row.length === table.columns.length) return;
          context.addIssue({
            code: "custom",
            path: ["rows", i],
            message: t`a row of ${table.columns.length} cells, one per column (an empty cell is "")`,
            input: row,
          });
        });
      })
      .optional(),
  })
  .refine((section) => section.text ?? section.items ?? section.table, {
    error: () => t`a section with text, items or a table (at least one of them)`,
  });

export const BriefingSchema = z.strictObject({
  /** File name of the outputs; the YAML file's name when absent. */
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, { error: () => t`lowercase letters, digits and -` })
    .optional(),
  language: LanguageTag.default("id"),
  /**
   * The template set this briefing is made with, a folder from the file's own
   * (`../../templates/dinkes`): an office's look goes with its files. `--templates` overrides it.
   */
  templates: PlainText.min(1, { error: () => t`a folder` }).optional(),
  /** Decimals shown for derived percentages. */
  decimals: z.int().min(0).max(3).default(1),
  organisation: z.strictObject({
    name: Name,
    office: Name.optional(),
  }),
  /** What is counted, in words; the locale's (members of a social-security scheme) if absent. */
  measure: Measure.optional(),
  /** The briefing's title; a meeting's own title serves when this is absent. */
  title: Title.optional(),
  subtitle: Title.optional(),
  /** The meeting the briefing is for; a report without one leaves it out. */
  meeting: z
    .strictObject({
      title: Title.optional(),
      subtitle: Title.optional(),
      date: IsoDate.optional(),
      time: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: () => t`a time written HH:MM` })
        .optional(),
      place: LocalText.optional(),
      /** Who the briefing is for; a report without a meeting leaves it out. */
      audience: z.array(Person).default([]),
      presenter: z.array(Person).default([]),
      attendees: z.array(Person).default([]),
      agenda: z.array(LocalText).default([]),
    })
    .optional(),
  period: z.strictObject({
    as_of: PeriodDate,
    label: Title.optional(),
    /**
     * The counts are not comparable with earlier periods' (another definition, another source):
     * no change is derived across this period.
     */
    series_break: z.boolean({ error: () => t`true or false` }).optional(),
  }),
  region: z.strictObject({
    name: Name,
    /** What a unit is called, in lower case: provinsi, kabupaten, branch… */
    unit_label: Name,
    /** The plural, for languages that inflect (provinces); the singular where absent. */
    unit_label_plural: Name.optional(),
    /**
     * How many units the region has, when `units` lists only some of them: the rest are one
     * derived "others" line, out of ranks, and its totals come from `stated`.
     */
    unit_count: z
      .int({ error: () => t`a whole number` })
      .min(1, { error: () => t`at least 1` })
      .max(1_000_000, { error: () => t`at most 1000000` })
      .optional(),
    focus: Id.optional(),
    stated: Stated.optional(),
    source: Id.optional(),
  }),
  segments: z.array(Segment).default([]),
  /** Measures per unit that never sum (see Indicator); at most 30. */
  indicators: z
    .array(Indicator)
    .max(30, { error: () => t`at most 30 indicators (split them over several briefings)` })
    .default([]),
  /** At most 500: their charts and table fit well within a briefing's 100 pages. */
  units: z
    .array(Unit)
    .min(1, { error: () => t`at least one unit` })
    .max(500, { error: () => t`at most 500 units (split the region into several briefings)` }),
  targets: z.array(Target).default([]),
  notes: z.array(LocalText).default([]),
  sources: z.array(Source).default([]),
  /** What the illustrative figures are and why they are there. */
  illustrative_note: LocalText.optional(),
  /** The office's own content: sections of text, lists and tables, per language. */
  content: z
    .array(Section)
    .max(CONTENT_LIMITS.sections, { error: () => t`at most ${CONTENT_LIMITS.sections} sections` })
    .default([]),
  checks: z
    .strictObject({
      /** Largest gap, in percentage points, between a stated and a derived percentage. */
      tolerance: Percent.optional(),
    })
    .default({}),
});

export type Briefing = z.infer<typeof BriefingSchema>;
export type LocalTextValue = z.infer<typeof LocalText>;
export type PersonValue = z.infer<typeof Person>;
export type UnitValue = z.infer<typeof Unit>;
export type SegmentValue = z.infer<typeof Segment>;
export type TargetValue = z.infer<typeof Target>;
export type StatedValue = z.infer<typeof Stated>;
export type MetricValue = z.infer<typeof Metric>;
export type IndicatorValue = z.infer<typeof Indicator>;
export type IndicatorFiguresValue = z.infer<typeof IndicatorFigures>;
export type MeasureValue = z.infer<typeof Measure>;
export type SectionValue = z.infer<typeof Section>;
export type MeetingValue = NonNullable<Briefing["meeting"]>;
