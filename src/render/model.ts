/**
 * The page model: everything a template may show, resolved to the output language. Figures
 * stay numbers (templates format them through helpers); optional fields are present as null
 * so that templates compiled in strict mode can tell "absent" from "misspelt".
 */
import type { ChartImage } from "../chart/canvas.js";
import type { ChartSpec } from "../chart/specs.js";
import type { Change } from "../derive/change.js";
import type { Derived } from "../derive/derive.js";
import type { Briefing, PersonValue } from "../load/schema.js";
import { formatDate } from "../locale/format.js";
import type { Locale } from "../locale/locale.js";
import {
  type KeyFigure,
  keyFigures,
  type SegmentTable,
  segmentTable,
  type UnitTable,
  unitTable,
} from "./figures.js";
import { view } from "./view.js";

export interface PersonView {
  name: string;
  title: string | null;
  organisation: string | null;
}

export interface ChartView {
  id: string;
  title: string;
  caption: string;
  alt: string;
  illustrative: boolean;
  image: ChartImage;
}

export interface PageModel {
  lang: string;
  kind: "meeting" | "report";
  title: string;
  subtitle: string | null;
  organisation: string;
  office: string | null;
  meetingDate: string;
  time: string | null;
  place: string | null;
  asOf: string;
  region: string;
  audience: PersonView[];
  presenter: PersonView[];
  attendees: PersonView[];
  agenda: string[];
  notes: string[];
  sources: { publisher: string; title: string | null; date: string | null }[];
  illustrative: { any: boolean; note: string | null };
  keyFigures: KeyFigure[];
  narrative: string[];
  charts: ChartView[];
  unitTable: UnitTable | null;
  segmentTable: SegmentTable | null;
  /** "sejak September 2020" when the previous period's figures are shown. */
  since: string | null;
  generator: string;
  /** The template set declared that its pages run scripts (template.yaml). */
  javascript: boolean;
}

export interface ModelInput {
  briefing: Briefing;
  derived: Derived;
  locale: Locale;
  narrative: string[];
  charts: { spec: ChartSpec; image: ChartImage }[];
  generator: string;
  /** Change since the previous period, when its file exists. */
  change?: Change | undefined;
  javascript?: boolean;
}

export function pageModel(input: ModelInput): PageModel {
  const { briefing, derived, locale } = input;
  const v = view(briefing, derived, locale, input.change);
  const { text, opt } = v;
  const person = (p: PersonValue): PersonView => ({
    name: p.name,
    title: opt(p.title),
    organisation: opt(p.organisation),
  });
  const illustrative = derived.region.illustrative;
  return {
    lang: locale.lang,
    kind: briefing.meeting.audience.length > 0 ? "meeting" : "report",
    title: text(briefing.meeting.title),
    subtitle: opt(briefing.meeting.subtitle),
    organisation: text(briefing.organisation.name),
    office: opt(briefing.organisation.office),
    meetingDate: formatDate(locale, briefing.meeting.date, "full"),
    time: briefing.meeting.time ?? null,
    place: opt(briefing.meeting.place),
    asOf: formatDate(locale, briefing.period.as_of, "long"),
    region: v.region,
    audience: briefing.meeting.audience.map(person),
    presenter: briefing.meeting.presenter.map(person),
    attendees: briefing.meeting.attendees.map(person),
    agenda: briefing.meeting.agenda.map(text),
    notes: briefing.notes.map(text),
    sources: briefing.sources.map((s) => ({
      publisher: text(s.publisher),
      title: opt(s.title),
      date: s.date ? formatDate(locale, s.date, "long") : null,
    })),
    illustrative: {
      any: illustrative,
      note: illustrative ? opt(briefing.illustrative_note) : null,
    },
    keyFigures: keyFigures(v),
    narrative: input.narrative,
    charts: input.charts.map(({ spec, image }) => ({
      id: spec.id,
      title: spec.title,
      caption: spec.caption,
      alt: spec.alt,
      illustrative: spec.illustrative,
      image,
    })),
    unitTable: unitTable(v),
    segmentTable: segmentTable(v),
    since: v.since,
    generator: input.generator,
    javascript: input.javascript ?? false,
  };
}
