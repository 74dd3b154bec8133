/**
 * Chart stage, part one: which charts a briefing gets and what they show, as plain data. Every
 * value label is written here, through the briefing's FigureText, with its mark; the canvas
 * only draws. Pure and serialisable, so a spec can be tested without a canvas and hashed to
 * render each distinct chart once.
 */
import type { SegmentFigures, UnitFigures } from "../derive/derive.js";
import type { Figure } from "../derive/figure.js";
import type { FigureKind } from "../locale/figure-text.js";
import { capitalize, ellipsize, interpolate } from "../locale/format.js";
import { legendFor } from "../render/figures.js";
import type { View } from "../render/view.js";
import { type CategoryFacts, paginate } from "./pages.js";

export type ValueFormat = "percent" | "count";

export interface ReferenceLine {
  value: number;
  label: string;
  /** Draw only across this category (a unit's own target); across all when absent. */
  category?: number;
  /** A target, the 100 % mark, or the region's own figure to compare the units with. */
  style: "target" | "full" | "region";
}

interface SpecBase {
  id: string;
  title: string;
  caption: string;
  /** Shown over the chart when any figure in it is illustrative. */
  illustrative: boolean;
  /** What the marks on the chart's labels mean, one line per mark used. */
  legend: string[];
  /** Text alternative for the image: the figures it shows, in words. */
  alt: string;
}

export interface BarSpec extends SpecBase {
  kind: "bars";
  categories: string[];
  values: number[];
  /** Each bar's value, written, with its mark. */
  labels: string[];
  format: ValueFormat;
  /** Categories drawn in the accent colour. */
  highlight: number[];
  lines: ReferenceLine[];
  /**
   * The id whose colour each bar takes (an indicator's), and its position among its kind for the
   * palette; absent for bars of units, drawn in the base colour with the focus highlighted.
   */
  ids?: string[];
  idIndex?: number[];
  /** Every bar (but the focus) in the colour of this id: an indicator's chart by unit. */
  colour?: { id: string; index: number };
  /** The same figures a period earlier, drawn beside each bar; null where a unit is new. */
  previous?: { label: string; values: (number | null)[]; currentLabel: string };
}

export interface StackedSpec extends SpecBase {
  kind: "stacked";
  categories: string[];
  /** `id`: the segment's, whose colour it is drawn in (colourOf). */
  series: { id: string; label: string; values: number[] }[];
  /** Each category's total, written, with its mark. */
  totals: string[];
  format: ValueFormat;
  highlight: number[];
}

export interface DoughnutSpec extends SpecBase {
  kind: "doughnut";
  /** `text`: the slice's share, written, with its mark. */
  slices: { id: string; label: string; value: number; text: string; legend: string }[];
}

export interface ProgressSpec extends SpecBase {
  kind: "progress";
  category: string;
  actual: number;
  actualLabel: string;
  target: number;
  targetLabel: string;
}

export type ChartSpec = BarSpec | StackedSpec | DoughnutSpec | ProgressSpec;

/** Longest category label drawn; a longer name is cut with an ellipsis (the table and the text
 * alternative keep it whole). chart.js cut an 80-character name from the left without a mark. */
const LABEL_MAX = 40;
export const chartLabel = (name: string): string => ellipsize(name, LABEL_MAX);

/** The text alternative's words for a figure: "Lampung 29,1 % (ilustrasi)". */
function altOf(v: View, name: string, figure: Figure, kind: FigureKind): string {
  const text = kind === "count" ? v.fmt.count(figure) : v.fmt.percent(figure);
  const mark = v.fmt.markOf(figure, kind);
  return `${name} ${text}${mark ? ` (${v.label(`${mark}_mark`)})` : ""}`;
}

export function chartSpecs(v: View): ChartSpec[] {
  return [
    ...unitsChart(v),
    ...segmentsChart(v),
    segmentCoverageChart(v),
    indicatorsChart(v),
    ...indicatorByUnitCharts(v),
    targetChart(v),
  ].filter((spec): spec is ChartSpec => spec !== undefined);
}

/** What a category of a chart shows, for the parts of a long chart (see pages.ts). */
function factsOf(
  v: View,
  alt: string,
  figures: readonly (Figure | undefined)[],
  kind: FigureKind,
): CategoryFacts {
  return {
    alt,
    illustrative: figures.some((f) => f?.provenance === "illustrative"),
    marks: figures.map((f) => v.fmt.markOf(f, kind)),
  };
}

/** 1. The units side by side, on the metric the targets use, with the target as a line. */
function unitsChart(v: View): BarSpec[] {
  const { derived, locale, fmt } = v;
  if (derived.units.length <= 1) return [];
  const metric = derived.primaryMetric;
  const metricOf = (u: UnitFigures) => (metric === "share" ? u.share : u.coverage);
  const ordered = derived.units
    .filter((u) => metricOf(u) !== undefined)
    .sort((a, b) => (metricOf(b)?.value ?? 0) - (metricOf(a)?.value ?? 0));
  if (ordered.length === 0) return [];
  const figures = ordered.map((u) => metricOf(u) as Figure);
  const alts = ordered.map((u, i) =>
    altOf(v, v.unitName(u.index), figures[i] as Figure, "percent"),
  );
  const strings = metric === "share" ? locale.charts.units_share : locale.charts.units_coverage;
  const words = { unit_label: v.unitLabel, region: v.region };
  const lines: ReferenceLine[] = [];
  const wholeTargets = derived.targets.filter(
    (t) => t.metric === metric && !t.segmentId && !t.indicatorId,
  );
  for (const target of wholeTargets) {
    const category =
      target.unitId === undefined ? undefined : ordered.findIndex((u) => u.id === target.unitId);
    if (category === -1) continue; // its unit has no bar on this chart
    lines.push({
      value: target.target.value,
      label: interpolate(locale.charts.target_line, {
        unit: v.nameOf(target.unitId),
        value: v.marked(target.target, "target"),
      }),
      ...(category === undefined ? {} : { category }),
      style: "target",
    });
  }
  // The region's own figure, for a coverage (a share of the region has no region line).
  const regionCoverage = derived.region.coverage;
  if (metric === "coverage" && regionCoverage && !lines.some((l) => l.category === undefined)) {
    lines.push({
      value: regionCoverage.value,
      label: `${v.region}: ${v.marked(regionCoverage, "percent")}`,
      style: "region",
    });
  }
  if (metric === "coverage" && figures.some((f) => f.value > 100)) {
    lines.push({ value: 100, label: locale.charts.full_coverage, style: "full" });
  }
  const latest = v.changes.find((c) => c.kind === "latest");
  const earlier = latest
    ? ordered.map((u) => {
        const before = latest.previous.units.find((p) => p.id === u.id);
        return (metric === "share" ? before?.share : before?.coverage)?.value ?? null;
      })
    : undefined;
  const previousLabel = latest ? fmt.date(latest.period, "month") : "";
  const currentLabel = fmt.date(v.briefing.period.as_of, "month");
  const listed = derived.region.partial ? v.listedOf(ordered.length) : undefined;
  const spec: BarSpec = {
    kind: "bars",
    id: `units-${metric}`,
    title: interpolate(strings.title, words),
    caption: [
      interpolate(strings.caption, words),
      ...(listed ? [`${capitalize(listed)}.`] : []),
      ...(latest && earlier
        ? [
            interpolate(locale.charts.units_change_caption, {
              previous: previousLabel,
              current: currentLabel,
            }),
          ]
        : []),
    ].join(" "),
    ...(earlier ? { previous: { label: previousLabel, values: earlier, currentLabel } } : {}),
    illustrative: figures.some((f) => f.provenance === "illustrative"),
    legend: legendFor(
      v,
      figures.map((figure) => ({ figure, kind: "percent" as const })),
    ),
    categories: ordered.map((u) => chartLabel(v.unitName(u.index))),
    values: figures.map((f) => f.value),
    labels: figures.map((f) => v.marked(f, "percent")),
    format: "percent",
    highlight: ordered.flatMap((u, i) => (u.id === derived.focus?.id ? [i] : [])),
    lines,
    alt: alts.join("; "),
  };
  return paginate(
    v,
    spec,
    figures.map((figure, i) => factsOf(v, alts[i] ?? "", [figure], "percent")),
  );
}

/** 2. Composition by segment: stacked per unit, or one unit's parts. */
function segmentsChart(v: View): (StackedSpec | DoughnutSpec)[] {
  const { briefing, derived, locale } = v;
  const words = { unit_label: v.unitLabel, region: v.region };
  const segmentName = (id: string, short = false) => {
    const segment = briefing.segments.find((s) => s.id === id);
    return segment ? v.text(short ? (segment.short ?? segment.name) : segment.name) : id;
  };
  const counted = (u: UnitFigures) =>
    u.members !== undefined &&
    u.segments.length > 0 &&
    u.segments.every((s) => s.members !== undefined);
  const split = derived.units.filter(counted);
  if (briefing.segments.length > 0 && split.length > 1) {
    const ordered = [...split].sort((a, b) => (b.members?.value ?? 0) - (a.members?.value ?? 0));
    const cells = ordered.flatMap((u) => u.segments.map((s) => s.members as Figure));
    const alts = ordered.map(
      (u) =>
        `${v.unitName(u.index)}: ${u.segments
          .map((s) => altOf(v, segmentName(s.id, true), s.members as Figure, "count"))
          .join(", ")}`,
    );
    const spec: StackedSpec = {
      kind: "stacked",
      id: "segments-by-unit",
      title: interpolate(locale.charts.segments_by_unit.title, words),
      caption: interpolate(locale.charts.segments_by_unit.caption, words),
      illustrative: cells.some((f) => f.provenance === "illustrative"),
      legend: legendFor(
        v,
        [...cells, ...ordered.map((u) => u.members as Figure)].map((figure) => ({
          figure,
          kind: "count" as const,
        })),
      ),
      categories: ordered.map((u) => chartLabel(v.unitName(u.index))),
      series: briefing.segments.map((segment, s) => ({
        id: segment.id,
        label: chartLabel(segmentName(segment.id)),
        values: ordered.map((u) => u.segments[s]?.members?.value ?? 0),
      })),
      totals: ordered.map((u) => v.marked(u.members, "count")),
      format: "count",
      highlight: ordered.flatMap((u, i) => (u.id === derived.focus?.id ? [i] : [])),
      alt: alts.join("; "),
    };
    return paginate(
      v,
      spec,
      ordered.map((u, i) =>
        factsOf(v, alts[i] ?? "", [u.members, ...u.segments.map((s) => s.members)], "count"),
      ),
    );
  }
  const unit = split.length === 1 ? split[0] : undefined;
  if (!unit || unit.segments.some((s) => s.share === undefined)) return [];
  const shares = unit.segments.map((s) => s.share as Figure);
  const doughnut: DoughnutSpec = {
    kind: "doughnut",
    id: "segments-of-unit",
    title: interpolate(locale.charts.segments_of_unit.title, words),
    caption: interpolate(locale.charts.segments_of_unit.caption, {
      ...words,
      unit: v.unitName(unit.index),
    }),
    illustrative: unit.segments.some((s) => s.members?.provenance === "illustrative"),
    legend: legendFor(v, [
      ...shares.map((figure) => ({ figure, kind: "percent" as const })),
      ...unit.segments.map((s) => ({ figure: s.members, kind: "count" as const })),
    ]),
    slices: unit.segments.map((s, i) => ({
      id: s.id,
      label: chartLabel(segmentName(s.id)),
      value: s.members?.value ?? 0,
      text: v.marked(shares[i], "percent"),
      legend: `${chartLabel(segmentName(s.id))}: ${v.marked(s.members, "count")}`,
    })),
    alt: unit.segments
      .map((s, i) => altOf(v, segmentName(s.id, true), shares[i] as Figure, "percent"))
      .join("; "),
  };
  return [doughnut];
}

/** 3. Coverage by segment, where segments have one (above 100 % allowed). */
function segmentCoverageChart(v: View): BarSpec | undefined {
  const { briefing, derived, locale } = v;
  const words = { unit_label: v.unitLabel, region: v.region };
  const coverageUnit = derived.focus ?? (derived.units.length === 1 ? derived.units[0] : undefined);
  const hasCoverage = (segments: readonly SegmentFigures[]) =>
    segments.some((s) => s.coverage !== undefined);
  const source =
    coverageUnit && hasCoverage(coverageUnit.segments)
      ? coverageUnit.segments
      : hasCoverage(derived.region.segments)
        ? derived.region.segments
        : [];
  const withCoverage = source.filter((s) => s.coverage !== undefined);
  if (withCoverage.length === 0) return undefined;
  const figures = withCoverage.map((s) => s.coverage as Figure);
  const name = (id: string, short = false) => {
    const segment = briefing.segments.find((s) => s.id === id);
    return segment ? v.text(short ? (segment.short ?? segment.name) : segment.name) : id;
  };
  return {
    kind: "bars",
    id: "segments-coverage",
    title: interpolate(locale.charts.segments_coverage.title, words),
    caption: interpolate(locale.charts.segments_coverage.caption, words),
    illustrative: figures.some((f) => f.provenance === "illustrative"),
    legend: legendFor(
      v,
      figures.map((figure) => ({ figure, kind: "percent" as const })),
    ),
    categories: withCoverage.map((s) => chartLabel(name(s.id))),
    values: figures.map((f) => f.value),
    labels: figures.map((f) => v.marked(f, "percent")),
    format: "percent",
    highlight: [],
    lines: [{ value: 100, label: locale.charts.full_coverage, style: "full" }],
    alt: withCoverage
      .map((s, i) => altOf(v, name(s.id, true), figures[i] as Figure, "percent"))
      .join("; "),
  };
}

/** 4. The focus target: where the unit stands against it. */
function targetChart(v: View): ProgressSpec | undefined {
  const { derived, locale } = v;
  // An indicator's target is drawn on its own chart.
  const targets = derived.targets.filter((t) => !t.indicatorId);
  const target =
    targets.find((t) => t.unitId === derived.focus?.id && t.actual) ??
    targets.find((t) => t.actual);
  if (!target?.actual) return undefined;
  const name = v.targetName(target);
  const words = { unit_label: v.unitLabel, region: v.region };
  return {
    kind: "progress",
    id: `target-${target.index}`,
    title: interpolate(locale.charts.target_progress.title, words),
    caption: interpolate(locale.charts.target_progress.caption, {
      ...words,
      unit: name,
      metric: capitalize(locale.metrics[target.metric]),
      target: v.marked(target.target, "target"),
    }),
    illustrative: [target.actual, target.target].some((f) => f.provenance === "illustrative"),
    legend: legendFor(v, [
      { figure: target.actual, kind: "percent" },
      { figure: target.target, kind: "target" },
    ]),
    category: chartLabel(name),
    actual: target.actual.value,
    actualLabel: v.marked(target.actual, "percent"),
    target: target.target.value,
    targetLabel: interpolate(locale.charts.target_line, {
      unit: name,
      value: v.marked(target.target, "target"),
    }),
    alt: `${altOf(v, name, target.actual, "percent")} / ${v.marked(target.target, "target")}`,
  };
}

/** The target lines of one indicator: across the chart for the region's, on a bar for a unit's. */
function indicatorLines(
  v: View,
  id: string,
  category: (unitId: string | undefined) => number | undefined | -1,
): ReferenceLine[] {
  return v.derived.targets.flatMap((target): ReferenceLine[] => {
    if (target.indicatorId !== id) return [];
    const at = category(target.unitId);
    if (at === -1) return [];
    return [
      {
        value: target.target.value,
        label: interpolate(v.locale.charts.target_line, {
          unit: v.targetName(target),
          value: v.marked(target.target, "target"),
        }),
        ...(at === undefined ? {} : { category: at }),
        style: "target",
      },
    ];
  });
}

/** 5. Each indicator's coverage over the region (or its only unit), side by side. */
function indicatorsChart(v: View): BarSpec | undefined {
  const { derived, locale } = v;
  const single = derived.units.length === 1 ? derived.units[0] : undefined;
  const source =
    derived.region.indicators.length > 0 ? derived.region.indicators : (single?.indicators ?? []);
  const shown = source.filter((i) => i.coverage !== undefined);
  if (shown.length < 2) return undefined;
  const figures = shown.map((i) => i.coverage as Figure);
  const words = { unit_label: v.unitLabel, region: v.region };
  const lines = shown.flatMap((indicator, at) =>
    indicatorLines(v, indicator.id, (unitId) =>
      unitId === undefined || unitId === single?.id ? at : -1,
    ),
  );
  if (figures.some((f) => f.value > 100))
    lines.push({ value: 100, label: locale.charts.full_coverage, style: "full" });
  return {
    kind: "bars",
    id: "indicators",
    title: interpolate(locale.charts.indicators.title, words),
    caption: interpolate(locale.charts.indicators.caption, words),
    illustrative: figures.some((f) => f.provenance === "illustrative"),
    legend: legendFor(
      v,
      figures.map((figure) => ({ figure, kind: "percent" as const })),
    ),
    categories: shown.map((i) => chartLabel(v.indicatorName(i.id))),
    ids: shown.map((i) => i.id),
    idIndex: shown.map((i) => v.briefing.indicators.findIndex((x) => x.id === i.id)),
    values: figures.map((f) => f.value),
    labels: figures.map((f) => v.marked(f, "percent")),
    format: "percent",
    highlight: [],
    lines,
    alt: shown
      .map((i, n) => altOf(v, v.indicatorName(i.id, true), figures[n] as Figure, "percent"))
      .join("; "),
  };
}

/** 6. One chart per indicator: its coverage in each unit, with its targets and the region's. */
function indicatorByUnitCharts(v: View): BarSpec[] {
  const { briefing, derived, locale } = v;
  if (derived.units.length <= 1) return [];
  return briefing.indicators.flatMap(({ id }) => {
    const coverageOf = (u: UnitFigures) => u.indicators.find((i) => i.id === id)?.coverage;
    const ordered = derived.units
      .filter((u) => coverageOf(u) !== undefined)
      .sort((a, b) => (coverageOf(b)?.value ?? 0) - (coverageOf(a)?.value ?? 0));
    if (ordered.length < 2) return [];
    const figures = ordered.map((u) => coverageOf(u) as Figure);
    const alts = ordered.map((u, i) =>
      altOf(v, v.unitName(u.index), figures[i] as Figure, "percent"),
    );
    const name = v.indicatorName(id);
    const words = { unit_label: v.unitLabel, region: v.region, indicator: name };
    const lines = indicatorLines(v, id, (unitId) =>
      unitId === undefined ? undefined : ordered.findIndex((u) => u.id === unitId),
    );
    const whole = derived.region.indicators.find((i) => i.id === id)?.coverage;
    if (whole && !lines.some((l) => l.category === undefined))
      lines.push({
        value: whole.value,
        label: `${v.region}: ${v.marked(whole, "percent")}`,
        style: "region",
      });
    if (figures.some((f) => f.value > 100))
      lines.push({ value: 100, label: locale.charts.full_coverage, style: "full" });
    const listed = derived.region.partial ? v.listedOf(ordered.length) : undefined;
    const spec: BarSpec = {
      kind: "bars",
      id: `indicator-${id}`,
      title: interpolate(locale.charts.indicator_by_unit.title, words),
      caption: [
        interpolate(locale.charts.indicator_by_unit.caption, words),
        ...(listed ? [`${capitalize(listed)}.`] : []),
      ].join(" "),
      illustrative: figures.some((f) => f.provenance === "illustrative"),
      legend: legendFor(
        v,
        figures.map((figure) => ({ figure, kind: "percent" as const })),
      ),
      categories: ordered.map((u) => chartLabel(v.unitName(u.index))),
      values: figures.map((f) => f.value),
      labels: figures.map((f) => v.marked(f, "percent")),
      format: "percent",
      highlight: ordered.flatMap((u, i) => (u.id === derived.focus?.id ? [i] : [])),
      colour: { id, index: briefing.indicators.findIndex((x) => x.id === id) },
      lines,
      alt: alts.join("; "),
    };
    return paginate(
      v,
      spec,
      figures.map((figure, i) => factsOf(v, alts[i] ?? "", [figure], "percent")),
    );
  });
}
