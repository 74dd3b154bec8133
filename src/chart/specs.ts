/**
 * Chart stage, part one: which charts a briefing gets and what they show, as plain data. Every
 * value label is written here, through the briefing's FigureText, with its mark; the canvas
 * only draws. Pure and serialisable, so a spec can be tested without a canvas and hashed to
 * render each distinct chart once.
 */
import {
  extremes,
  type SegmentFigures,
  type TargetFigures,
  type UnitFigures,
} from "../derive/derive.js";
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
  /** What the chart shows, said as a finding from its figures: "Sumatera Selatan … terbesar". */
  title: string;
  /** What it measures and in what unit: "Coverage share per provinsi, %". */
  subtitle: string;
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
  /** Categories at or above their target (the region's line, or their own): drawn as met. */
  above?: number[];
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

export interface ProgressSpec extends SpecBase {
  kind: "progress";
  category: string;
  actual: number;
  actualLabel: string;
  target: number;
  targetLabel: string;
}

export type ChartSpec = BarSpec | StackedSpec | ProgressSpec;

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

/** The bars at or above the target line that holds for them (their own, else the chart's). */
function aboveTarget(values: readonly number[], lines: readonly ReferenceLine[]): number[] {
  const targets = lines.filter((line) => line.style === "target");
  if (targets.length === 0) return [];
  return values.flatMap((value, i) => {
    const own =
      targets.find((line) => line.category === i) ?? targets.find((l) => l.category === undefined);
    return own && value >= own.value ? [i] : [];
  });
}

/** A chart's finding, from the locale's `findings`. */
function finding(
  v: View,
  key: keyof View["locale"]["findings"],
  values: Record<string, string>,
): string {
  return capitalize(interpolate(v.locale.findings[key], values));
}

/** The subtitle of a chart of percentages: what it measures, then "%", which its ticks leave out. */
const percentSubtitle = (v: View, title: string): string =>
  interpolate(v.locale.findings.subtitle_percent, { title });

/**
 * "Tertinggi di A, terendah di B", or how many reach a target when one holds for all of them:
 * the finding of a chart of one percentage per unit (or indicator).
 */
function rangeFinding(
  v: View,
  names: readonly string[],
  values: readonly number[],
  target: TargetFigures | undefined,
  key: "range" | "indicator_range" = "range",
): string | undefined {
  if (target) {
    const met = values.filter((value) => value >= target.target.value).length;
    const values_ = {
      met: v.fmt.count(met),
      count: v.fmt.count(values.length),
      unit_label: v.unitLabelPlural,
      target: v.marked(target.target, "target"),
    };
    if (met === 0) return finding(v, "reach_target_none", values_);
    if (met === values.length) return finding(v, "reach_target_all", values_);
    return finding(v, "reach_target", values_);
  }
  const ends = extremes(values);
  if (!ends) return undefined;
  return finding(v, key, { high: names[ends.high] ?? "", low: names[ends.low] ?? "" });
}

export function chartSpecs(v: View): ChartSpec[] {
  const units = unitsChart(v);
  const progress = targetChart(v);
  // A target the chart of units draws as its unit's line needs no chart of its own.
  const drawn =
    progress !== undefined &&
    units.some((spec) =>
      spec.lines.some((line) => line.style === "target" && line.value === progress.target),
    );
  const specs = [
    ...units,
    ...segmentsChart(v),
    segmentCoverageChart(v),
    indicatorsChart(v),
    ...indicatorByUnitCharts(v),
    drawn ? undefined : progress,
  ].filter((spec): spec is ChartSpec => spec !== undefined);
  // A bar past the 100 % line is outlined (canvas.ts): the caption says what that means.
  return specs.map((spec) =>
    spec.kind === "bars" &&
    spec.lines.some((line) => line.style === "full") &&
    spec.values.some((value) => value > 100)
      ? { ...spec, caption: `${spec.caption} ${v.locale.charts.over_full}` }
      : spec,
  );
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
  const strings = metric === "share" ? locale.charts.units_share : locale.charts.units_coverage;
  const words = { unit_label: v.unitLabel, region: v.region };
  const wholeTargets = derived.targets.filter(
    (t) => t.metric === metric && !t.segmentId && !t.indicatorId,
  );
  const lines = targetLines(v, wholeTargets, (unitId) =>
    unitId === undefined ? undefined : ordered.findIndex((u) => u.id === unitId),
  );
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
  const regionTarget = wholeTargets.find((t) => t.unitId === undefined);
  const names = ordered.map((u) => v.unitName(u.index));
  const focus = derived.focus;
  const top = ordered[0];
  const title =
    metric === "share" && top
      ? focus && focus.id !== top.id && focus.rank
        ? finding(v, "focus_rank", {
            top: v.unitName(top.index),
            unit: v.unitName(focus.index),
            rank: fmt.count(focus.rank),
          })
        : finding(v, "largest_share", {
            unit: v.unitName(top.index),
            region: v.region,
          })
      : rangeFinding(
          v,
          names,
          figures.map((f) => f.value),
          regionTarget,
        );
  // The region's own figure, for a coverage (a share of the region has no region line).
  const coverage = metric === "coverage";
  return unitBars(
    v,
    ordered,
    figures,
    lines,
    { region: coverage ? derived.region.coverage : undefined, coverage },
    {
      id: `units-${metric}`,
      title: title ?? interpolate(strings.title, words),
      subtitle: percentSubtitle(v, interpolate(strings.title, words)),
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
    },
  );
}

/** 2. Composition by segment: stacked per unit, or one unit's parts. */
function segmentsChart(v: View): (StackedSpec | BarSpec)[] {
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
      title:
        largestSegments(v, ordered) ?? interpolate(locale.charts.segments_by_unit.title, words),
      subtitle: interpolate(locale.charts.segments_by_unit.title, words),
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
  // One unit's parts side by side as bars, each in its segment's colour: a length is read more
  // exactly than an angle, and the shares are written beside them.
  const largest = [...unit.segments].sort(
    (a, b) => (b.members?.value ?? 0) - (a.members?.value ?? 0),
  )[0];
  const unitName = v.unitName(unit.index);
  const parts: BarSpec = {
    kind: "bars",
    id: "segments-of-unit",
    title: largest
      ? finding(v, "largest_segment_of", { segment: segmentName(largest.id), unit: unitName })
      : interpolate(locale.charts.segments_of_unit.title, words),
    subtitle: percentSubtitle(v, interpolate(locale.charts.segments_of_unit.title, words)),
    caption: interpolate(locale.charts.segments_of_unit.caption, { ...words, unit: unitName }),
    illustrative: shares.some((f) => f.provenance === "illustrative"),
    legend: legendFor(
      v,
      shares.map((figure) => ({ figure, kind: "percent" as const })),
    ),
    categories: unit.segments.map((s) => chartLabel(segmentName(s.id))),
    ids: unit.segments.map((s) => s.id),
    idIndex: unit.segments.map((s) => briefing.segments.findIndex((x) => x.id === s.id)),
    values: shares.map((f) => f.value),
    labels: shares.map((f) => v.marked(f, "percent")),
    format: "percent",
    highlight: [],
    lines: [],
    alt: unit.segments
      .map((s, i) => altOf(v, segmentName(s.id, true), shares[i] as Figure, "percent"))
      .join("; "),
  };
  return [parts];
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
    title:
      segmentCoverageFinding(v, withCoverage) ??
      interpolate(locale.charts.segments_coverage.title, words),
    subtitle: percentSubtitle(v, interpolate(locale.charts.segments_coverage.title, words)),
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
    title: finding(v, target.met ? "target_met" : "target_below", {
      unit: name,
      target: v.marked(target.target, "target"),
    }),
    subtitle: percentSubtitle(v, `${capitalize(locale.metrics[target.metric])} ${name}`),
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

/**
 * Target lines: across the chart for a target of the whole (the region), on its bar for a unit's;
 * `category` says where a target's unit stands on the chart (-1: it has no bar there).
 */
function targetLines(
  v: View,
  targets: readonly TargetFigures[],
  category: (unitId: string | undefined) => number | undefined | -1,
): ReferenceLine[] {
  return targets.flatMap((target): ReferenceLine[] => {
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

/** The targets of one indicator. */
const indicatorTargets = (v: View, id: string): TargetFigures[] =>
  v.derived.targets.filter((target) => target.indicatorId === id);

/**
 * A bar per unit of one percentage, largest first, split into parts when long: its target
 * lines, the region's own figure where no target runs across it, and the 100 % line of a
 * coverage a bar passes. What the two charts of units differ in is given: ids, words, colour.
 */
function unitBars(
  v: View,
  ordered: readonly UnitFigures[],
  figures: readonly Figure[],
  lines: ReferenceLine[],
  whole: { region: Figure | undefined; coverage: boolean },
  own: Pick<BarSpec, "id" | "title" | "subtitle" | "caption"> &
    Partial<Pick<BarSpec, "previous" | "colour">>,
): BarSpec[] {
  const { region } = whole;
  if (region && !lines.some((l) => l.category === undefined)) {
    lines.push({
      value: region.value,
      label: `${v.region}: ${v.marked(region, "percent")}`,
      style: "region",
    });
  }
  if (whole.coverage && figures.some((f) => f.value > 100)) {
    lines.push({ value: 100, label: v.locale.charts.full_coverage, style: "full" });
  }
  const alts = ordered.map((u, i) =>
    altOf(v, v.unitName(u.index), figures[i] as Figure, "percent"),
  );
  const spec: BarSpec = {
    kind: "bars",
    ...own,
    illustrative: figures.some((f) => f.provenance === "illustrative"),
    legend: legendFor(
      v,
      figures.map((figure) => ({ figure, kind: "percent" as const })),
    ),
    categories: ordered.map((u) => chartLabel(v.unitName(u.index))),
    values: figures.map((f) => f.value),
    labels: figures.map((f) => v.marked(f, "percent")),
    format: "percent",
    highlight: ordered.flatMap((u, i) => (u.id === v.derived.focus?.id ? [i] : [])),
    above: aboveTarget(
      figures.map((f) => f.value),
      lines,
    ),
    lines,
    alt: alts.join("; "),
  };
  return paginate(
    v,
    spec,
    figures.map((figure, i) => factsOf(v, alts[i] ?? "", [figure], "percent")),
  );
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
    targetLines(v, indicatorTargets(v, indicator.id), (unitId) =>
      unitId === undefined || unitId === single?.id ? at : -1,
    ),
  );
  if (figures.some((f) => f.value > 100))
    lines.push({ value: 100, label: locale.charts.full_coverage, style: "full" });
  return {
    kind: "bars",
    id: "indicators",
    title:
      rangeFinding(
        v,
        shown.map((i) => v.indicatorName(i.id)),
        figures.map((f) => f.value),
        undefined,
        "indicator_range",
      ) ?? interpolate(locale.charts.indicators.title, words),
    subtitle: percentSubtitle(v, interpolate(locale.charts.indicators.title, words)),
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
    const name = v.indicatorName(id);
    const words = { unit_label: v.unitLabel, region: v.region, indicator: name };
    const lines = targetLines(v, indicatorTargets(v, id), (unitId) =>
      unitId === undefined ? undefined : ordered.findIndex((u) => u.id === unitId),
    );
    const listed = derived.region.partial ? v.listedOf(ordered.length) : undefined;
    return unitBars(
      v,
      ordered,
      figures,
      lines,
      { region: derived.region.indicators.find((i) => i.id === id)?.coverage, coverage: true },
      {
        id: `indicator-${id}`,
        title:
          rangeFinding(
            v,
            ordered.map((u) => v.unitName(u.index)),
            figures.map((f) => f.value),
            derived.targets.find((t) => t.indicatorId === id && t.unitId === undefined),
          ) ?? interpolate(locale.charts.indicator_by_unit.title, words),
        subtitle: percentSubtitle(v, interpolate(locale.charts.indicator_by_unit.title, words)),
        caption: [
          interpolate(locale.charts.indicator_by_unit.caption, words),
          ...(listed ? [`${capitalize(listed)}.`] : []),
        ].join(" "),
        colour: { id, index: briefing.indicators.findIndex((x) => x.id === id) },
      },
    );
  });
}

/** The finding of the chart by segment: which segment is the largest, in how many units. */
function largestSegments(v: View, units: readonly UnitFigures[]): string | undefined {
  const largest = units.map((u) => {
    const sorted = [...u.segments].sort(
      (a, b) => (b.members?.value ?? 0) - (a.members?.value ?? 0),
    );
    return sorted[0]?.id;
  });
  const counts = new Map<string, number>();
  for (const id of largest) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (!best) return undefined;
  const [id, n] = best;
  const values = {
    segment: v.segmentName(id),
    n: v.fmt.count(n),
    count: v.fmt.count(units.length),
    unit_label: v.unitLabelPlural,
  };
  return finding(v, n === units.length ? "largest_segment_all" : "largest_segment_most", values);
}

/** The finding of coverage by segment: a segment above 100 %, else the highest. */
function segmentCoverageFinding(v: View, segments: readonly SegmentFigures[]): string | undefined {
  const over = segments.filter((s) => (s.coverage?.value ?? 0) > 100);
  if (over.length === 1 && over[0])
    return finding(v, "segment_over", {
      segment: v.segmentName(over[0].id),
      full: v.locale.charts.full_coverage,
    });
  const sorted = [...segments].sort((a, b) => (b.coverage?.value ?? 0) - (a.coverage?.value ?? 0));
  const [first, second] = sorted;
  if (!first || (second && second.coverage?.value === first.coverage?.value)) return undefined;
  return finding(v, "segment_highest", { segment: v.segmentName(first.id) });
}
