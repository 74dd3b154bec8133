/**
 * The page model: everything a template may show, resolved to the output language. Figures
 * stay numbers (templates format them through helpers); optional fields are present as null
 * so that templates compiled in strict mode can tell "absent" from "misspelt".
 */
import type { ChartImage } from "../chart/canvas.js";
import type { ChartSpec } from "../chart/specs.js";
import type { Derived } from "../derive/derive.js";
import type { Briefing, LocalTextValue, PersonValue } from "../load/schema.js";
import {
  capitalize,
  formatDate,
  formatNumber,
  formatPercent,
  formatPoints,
  interpolate,
} from "../locale/format.js";
import type { Locale } from "../locale/locale.js";
import { resolveText, textFor } from "../locale/text.js";

export interface PersonView {
  name: string;
  title: string | null;
  organisation: string | null;
}

export interface KeyFigure {
  label: string;
  value: string;
  detail: string | null;
  illustrative: boolean;
}

export interface RowView {
  name: string;
  segments: (number | null)[];
  members: number;
  share: number | null;
  potential: number | null;
  coverage: number | null;
  rank: number | null;
  focus: boolean;
  illustrative: boolean;
  overPotential: boolean;
}

export interface SegmentRowView {
  name: string;
  short: string | null;
  members: number;
  share: number;
  potential: number | null;
  coverage: number | null;
  overPotential: boolean;
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
  unitTable: {
    unitLabel: string;
    segments: { short: string; name: string }[];
    rows: RowView[];
    total: RowView;
    hasShare: boolean;
    hasPotential: boolean;
  } | null;
  segmentTable: {
    unit: string;
    illustrative: boolean;
    rows: SegmentRowView[];
    total: SegmentRowView;
    hasPotential: boolean;
  } | null;
  targets: {
    unit: string;
    metric: string;
    target: number;
    actual: number;
    gapPoints: number;
    gapPeople: number | null;
    met: boolean;
    setBy: string | null;
  }[];
  generator: string;
}

export interface ModelInput {
  briefing: Briefing;
  derived: Derived;
  locale: Locale;
  narrative: string[];
  charts: { spec: ChartSpec; image: ChartImage }[];
  generator: string;
}

export function pageModel({
  briefing,
  derived,
  locale,
  narrative,
  charts,
  generator,
}: ModelInput): PageModel {
  const lang = locale.lang;
  const text = (value: LocalTextValue) => resolveText(value, lang, briefing.language);
  const opt = (value: LocalTextValue | undefined) => (value === undefined ? null : text(value));
  const person = (p: PersonValue): PersonView => ({
    name: p.name,
    title: opt(p.title),
    organisation: opt(p.organisation),
  });
  const d = briefing.decimals;
  const region = text(briefing.region.name);
  const unitName = (index: number) => text(briefing.units[index]?.name ?? "");
  const segment = (id: string) => briefing.segments.find((s) => s.id === id);
  const labels = locale.labels;
  const label = (key: string) => labels[key] ?? key;
  const members = (name: string) => interpolate(label("figure_members"), { name });
  const metricOf = (metric: "share" | "coverage", name: string) =>
    interpolate(label("figure_metric"), { metric: capitalize(locale.metrics[metric]), name });
  const stated = briefing.region.stated;
  const regionVerified = stated?.members === derived.region.members;

  const keyFigures: KeyFigure[] = [];
  keyFigures.push({
    label: members(region),
    value: formatNumber(locale, derived.region.members),
    detail:
      derived.units.length > 1
        ? `${formatNumber(locale, derived.units.length)} ${textFor(briefing.region.unit_label_plural, lang) ?? text(briefing.region.unit_label)}`
        : null,
    illustrative: derived.region.illustrative && !regionVerified,
  });
  if (derived.region.coverage !== undefined) {
    keyFigures.push({
      label: metricOf("coverage", region),
      value: formatPercent(locale, derived.region.coverage, d),
      detail: `${label("potential")} ${formatNumber(locale, derived.region.potential ?? 0)}`,
      illustrative: derived.region.illustrative,
    });
  }
  const focus = derived.focus;
  if (focus && derived.units.length > 1) {
    const unitStated = briefing.units[focus.index]?.stated;
    keyFigures.push({
      label: members(unitName(focus.index)),
      value: formatNumber(locale, focus.members),
      detail: interpolate(label("share_of"), {
        value: formatPercent(locale, focus.share, d),
        name: region,
      }),
      illustrative: focus.illustrative && unitStated?.members !== focus.members,
    });
  }
  for (const target of derived.targets) {
    const name =
      target.unitId === undefined
        ? region
        : unitName(derived.units.find((u) => u.id === target.unitId)?.index ?? 0);
    keyFigures.push({
      label: metricOf(target.metric, name),
      value: formatPercent(locale, target.actual, d),
      detail: target.met
        ? `${label("target_met")}: ${label("target")} ${formatPercent(locale, target.target, d, true)}`
        : `${label("target")} ${formatPercent(locale, target.target, d, true)} · ${label("gap")} ${formatPoints(locale, target.gapPoints, d)}`,
      illustrative: false,
    });
  }

  const segmentCols = briefing.segments.map((s) => ({
    short: text(s.short ?? s.name),
    name: text(s.name),
  }));
  const anySplit = derived.units.some((u) => u.segments.length > 0);
  const hasPotential = derived.units.some((u) => u.potential !== undefined);
  const unitTable =
    derived.units.length > 1
      ? {
          unitLabel: capitalize(text(briefing.region.unit_label)),
          segments: anySplit ? segmentCols : [],
          rows: [...derived.units]
            .sort((a, b) => a.rankByMembers - b.rankByMembers || a.index - b.index)
            .map(
              (u): RowView => ({
                name: unitName(u.index),
                segments: anySplit
                  ? briefing.segments.map((_, s) => u.segments[s]?.members ?? null)
                  : [],
                members: u.members,
                share: u.share,
                potential: u.potential ?? null,
                coverage: u.coverage ?? null,
                rank: u.rankByMembers,
                focus: u.id === focus?.id,
                illustrative: u.illustrative,
                overPotential: u.overPotential,
              }),
            ),
          total: {
            name: label("total"),
            segments: derived.region.segments.map((s) => s.members),
            members: derived.region.members,
            share: 100,
            potential: derived.region.potential ?? null,
            coverage: derived.region.coverage ?? null,
            rank: null,
            focus: false,
            illustrative: false,
            overPotential: false,
          },
          hasShare: true,
          hasPotential,
        }
      : null;

  const segmentUnit = focus ?? (derived.units.length === 1 ? derived.units[0] : undefined);
  const segmentTable =
    segmentUnit && segmentUnit.segments.length > 0
      ? {
          unit: unitName(segmentUnit.index),
          illustrative: segmentUnit.illustrative,
          rows: segmentUnit.segments.map(
            (s): SegmentRowView => ({
              name: text(segment(s.id)?.name ?? s.id),
              short: opt(segment(s.id)?.short),
              members: s.members,
              share: s.share,
              potential: s.potential ?? null,
              coverage: s.coverage ?? null,
              overPotential: (s.coverage ?? 0) > 100,
            }),
          ),
          total: {
            name: label("total"),
            short: null,
            members: segmentUnit.members,
            share: 100,
            potential: segmentUnit.potential ?? null,
            coverage: segmentUnit.coverage ?? null,
            overPotential: (segmentUnit.coverage ?? 0) > 100,
          },
          hasPotential: segmentUnit.segments.some((s) => s.potential !== undefined),
        }
      : null;

  const illustrativeAny = derived.region.illustrative;
  return {
    lang,
    kind: briefing.meeting.audience.length > 0 ? "meeting" : "report",
    title: text(briefing.meeting.title),
    subtitle: opt(briefing.meeting.subtitle),
    organisation: text(briefing.organisation.name),
    office: opt(briefing.organisation.office),
    meetingDate: formatDate(locale, briefing.meeting.date, "full"),
    time: briefing.meeting.time ?? null,
    place: opt(briefing.meeting.place),
    asOf: formatDate(locale, briefing.period.as_of, "long"),
    region,
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
      any: illustrativeAny,
      note: illustrativeAny ? opt(briefing.illustrative_note) : null,
    },
    keyFigures,
    narrative,
    charts: charts.map(({ spec, image }) => ({
      id: spec.id,
      title: spec.title,
      caption: spec.caption,
      alt: spec.alt,
      illustrative: spec.illustrative,
      image,
    })),
    unitTable,
    segmentTable,
    targets: derived.targets.map((t) => ({
      unit:
        t.unitId === undefined
          ? region
          : unitName(derived.units.find((u) => u.id === t.unitId)?.index ?? 0),
      metric: locale.metrics[t.metric],
      target: t.target,
      actual: t.actual,
      gapPoints: t.gapPoints,
      gapPeople: t.gapPeople ?? null,
      met: t.met,
      setBy: opt(briefing.targets[t.index]?.set_by),
    })),
    generator,
  };
}

/** Escapes text for a CSS string literal: every character that could end or bend it. */
export function cssString(text: string): string {
  let out = '"';
  for (const ch of text) {
    out += /[\p{L}\p{N} ,.:;()\-–—·]/u.test(ch)
      ? ch
      : `\\${ch.codePointAt(0)?.toString(16) ?? "20"} `;
  }
  return `${out}"`;
}

/** The running header and footer, drawn by Chromium in the page margins on every page. */
export function pageCss(model: PageModel, locale: Locale): string {
  const header = cssString(model.title);
  const date = cssString(model.meetingDate);
  const footerLeft = cssString([model.organisation, model.office].filter(Boolean).join(" · "));
  const page = cssString(`${locale.labels.page ?? "Page"} `);
  const of = cssString(` ${locale.labels.of ?? "of"} `);
  return `@page {
  @top-left { content: ${header}; }
  @top-right { content: ${date}; }
  @bottom-left { content: ${footerLeft}; }
  @bottom-right { content: ${page} counter(page) ${of} counter(pages); }
}`;
}
