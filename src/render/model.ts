/**
 * The page model: everything a template may show, resolved to the output language. Table cells
 * stay figures (templates write them through helpers, which add their marks); optional fields
 * are present as null so that templates compiled in strict mode can tell "absent" from
 * "misspelt".
 */
import type { ChartImage } from "../chart/canvas.js";
import type { ChartSpec } from "../chart/specs.js";
import type { Theme } from "../chart/theme.js";
import type { Briefing, PersonValue, SectionValue } from "../load/schema.js";
import { capitalize, interpolate } from "../locale/format.js";
import {
  type IndicatorTable,
  indicatorTables,
  type KeyFigure,
  keyFigures,
  type SegmentTable,
  segmentTable,
  type UnitTable,
  unitTable,
} from "./figures.js";
import type { Narrative } from "./narrative.js";
import type { View } from "./view.js";

export interface PersonView {
  name: string;
  title: string | null;
  organisation: string | null;
}

export interface ChartView {
  id: string;
  /** Its finding. */
  title: string;
  /** What it measures, and in what unit. */
  subtitle: string;
  caption: string;
  /** What the marks on the chart mean. */
  legend: string[];
  alt: string;
  illustrative: boolean;
  image: ChartImage;
  /** The same chart drawn for a phone's width, shown on narrow screens; null when not drawn. */
  narrow: ChartImage | null;
}

/** One section of the office's own content, in the output language. */
export interface SectionView {
  id: string;
  title: string;
  /** Its paragraphs; null when it has none. */
  text: string[] | null;
  items: string[] | null;
  table: { columns: string[]; rows: string[][] } | null;
}

export interface PageModel {
  lang: string;
  /** A briefing for a meeting (with an audience), or a report. */
  kind: "meeting" | "report";
  title: string;
  subtitle: string | null;
  organisation: string;
  office: string | null;
  /** The meeting's date in full; null for a report without a meeting date. */
  meetingDate: string | null;
  time: string | null;
  place: string | null;
  asOf: string;
  region: string;
  audience: PersonView[];
  presenter: PersonView[];
  attendees: PersonView[];
  agenda: string[];
  notes: string[];
  /** `ref`: the number tables refer to the source by, when there are several. */
  sources: { ref: number | null; publisher: string; title: string | null; date: string | null }[];
  /** Some printed figure is, or rests on, illustrative data. */
  illustrative: { any: boolean; note: string | null };
  keyFigures: KeyFigure[];
  narrative: string[];
  /**
   * The office's own content by section id, for a template set to place one:
   * `{{> section content.rekomendasi}}`. No other keys: a misspelt id is an error.
   */
  content: Record<string, SectionView>;
  /** The same sections in the order the file gives them. */
  sections: SectionView[];
  /** What the marks in the narrative mean. */
  narrativeLegend: string[];
  charts: ChartView[];
  unitTable: UnitTable | null;
  segmentTable: SegmentTable | null;
  /** One table per indicator, in the file's order; empty without indicators. */
  indicatorTables: IndicatorTable[];
  /** The page has tables: they make an annex that starts a page of its own. */
  annex: boolean;
  /** The first column's head in tables by unit: "Provinsi", "Kecamatan". */
  unitTableLabel: string;
  /** "sejak September 2020" for each earlier period the figures are compared with. */
  changes: string[];
  generator: string;
  /** The template set declared that its pages run scripts (template.yaml). */
  javascript: boolean;
  /**
   * The archive's index, relative to the page ("../index.html"), when the briefing is built
   * into an archive; null for a briefing built on its own. A screen link: print hides it.
   */
  archiveIndex: string | null;
}

export interface ModelInput {
  view: View;
  narrative: Narrative;
  charts: { spec: ChartSpec; image: ChartImage; narrow?: ChartImage }[];
  generator: string;
  javascript?: boolean;
  /** The template set's colours, for the tables' colour keys. */
  theme?: Theme;
  /** The archive's index, relative to the page, when the briefing is part of an archive. */
  archiveIndex?: string;
}

/** The title a briefing prints: its own, its meeting's, or "Laporan <region>". */
export function titleOf(v: View): string {
  const { briefing } = v;
  const title = briefing.title ?? briefing.meeting?.title;
  return title ? v.text(title) : interpolate(v.label("report_title"), { region: v.region });
}

/**
 * The day a briefing is dated: its meeting's, else the last day of its period (a report of
 * October 2020 is dated 31 October 2020). Also the PDF's creation date.
 */
export function dateOf(briefing: Briefing): string {
  if (briefing.meeting?.date) return briefing.meeting.date;
  const asOf = briefing.period.as_of;
  if (asOf.length === 10) return asOf;
  const [year, month] = asOf.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function sectionView(v: View, section: SectionValue): SectionView {
  const { text } = v;
  const paragraphs =
    section.text === undefined ? null : Array.isArray(section.text) ? section.text : [section.text];
  return {
    id: section.id,
    title: text(section.title),
    text: paragraphs?.map(text) ?? null,
    items: section.items ? section.items.map(text) : null,
    table: section.table
      ? {
          columns: section.table.columns.map(text),
          rows: section.table.rows.map((row) => row.map(text)),
        }
      : null,
  };
}

export function pageModel(input: ModelInput): PageModel {
  const v = input.view;
  const { briefing, fmt } = v;
  const { text, opt } = v;
  const person = (p: PersonValue): PersonView => ({
    name: p.name,
    title: opt(p.title),
    organisation: opt(p.organisation),
  });
  const meeting = briefing.meeting;
  const cards = keyFigures(v);
  const units = unitTable(v, input.theme);
  const found = segmentTable(v, input.theme);
  // The segment table follows the unit table: a mark the unit table explained already is not
  // explained again right below it.
  const segments = found && {
    ...found,
    legend: found.legend.filter((line) => !units?.legend.includes(line)),
  };
  const indicators = indicatorTables(v, input.theme);
  const sections = briefing.content.map((section) => sectionView(v, section));
  // No prototype: `content.constructor` is a missing section, not Object's constructor.
  const content: Record<string, SectionView> = Object.create(null);
  for (const section of sections) content[section.id] = section;
  const [illustrativeLegend = ""] = v.legend(["illustrative"]);
  const illustrative =
    cards.some((card) => card.illustrative) ||
    input.charts.some(({ spec }) => spec.illustrative) ||
    [
      units?.legend,
      segments?.legend,
      input.narrative.legend,
      ...indicators.map((t) => t.legend),
    ].some((legend) => legend?.includes(illustrativeLegend));
  return {
    lang: fmt.locale.lang,
    kind: meeting && meeting.audience.length > 0 ? "meeting" : "report",
    title: titleOf(v),
    subtitle: opt(briefing.subtitle ?? meeting?.subtitle),
    organisation: text(briefing.organisation.name),
    office: opt(briefing.organisation.office),
    meetingDate: meeting?.date ? fmt.date(meeting.date, "full") : null,
    time: meeting?.time ?? null,
    place: opt(meeting?.place),
    asOf: fmt.date(briefing.period.as_of, "long"),
    region: v.region,
    audience: (meeting?.audience ?? []).map(person),
    presenter: (meeting?.presenter ?? []).map(person),
    attendees: (meeting?.attendees ?? []).map(person),
    agenda: (meeting?.agenda ?? []).map(text),
    notes: briefing.notes.map(text),
    sources: briefing.sources.map((s, i) => ({
      ref: briefing.sources.length > 1 ? i + 1 : null,
      publisher: text(s.publisher),
      title: opt(s.title),
      date: s.date ? fmt.date(s.date, "long") : null,
    })),
    illustrative: {
      any: illustrative,
      note: illustrative ? opt(briefing.illustrative_note) : null,
    },
    keyFigures: cards,
    narrative: input.narrative.sentences,
    narrativeLegend: input.narrative.legend,
    content,
    sections,
    charts: input.charts.map(({ spec, image, narrow }) => ({
      id: spec.id,
      title: spec.title,
      subtitle: spec.subtitle,
      caption: spec.caption,
      legend: spec.legend,
      alt: spec.alt,
      illustrative: spec.illustrative,
      image,
      narrow: narrow ?? null,
    })),
    unitTable: units,
    segmentTable: segments,
    indicatorTables: indicators,
    annex: units !== null || segments !== null || indicators.length > 0,
    unitTableLabel: capitalize(v.unitLabel),
    changes: v.changes.map((c) => v.since(c)),
    generator: input.generator,
    javascript: input.javascript ?? false,
    archiveIndex: input.archiveIndex ?? null,
  };
}
