/**
 * Chart stage, part one: which charts a briefing gets and what they show, as plain data.
 * Pure and serialisable, so a spec can be tested without a canvas and hashed to render
 * each distinct chart once.
 */
import type { Change } from "../derive/change.js";
import type { Derived } from "../derive/derive.js";
import type { Briefing } from "../load/schema.js";
import { capitalize, formatDate, formatPercent, interpolate } from "../locale/format.js";
import type { Locale } from "../locale/locale.js";
import { resolveText } from "../locale/text.js";

export type ValueFormat = "percent" | "count";

export interface ReferenceLine {
  value: number;
  label: string;
  /** Draw only across this category (a unit's own target); across all when absent. */
  category?: number;
  style: "target" | "full";
}

interface SpecBase {
  id: string;
  title: string;
  caption: string;
  /** Shown over the chart when any figure in it is illustrative. */
  illustrative: boolean;
  /** Text alternative for the image: the figures it shows, in words. */
  alt: string;
}

export interface BarSpec extends SpecBase {
  kind: "bars";
  categories: string[];
  values: number[];
  format: ValueFormat;
  /** Categories drawn in the accent colour. */
  highlight: number[];
  lines: ReferenceLine[];
  /** The same figures a period earlier, drawn beside each bar; null where a unit is new. */
  previous?: { label: string; values: (number | null)[]; currentLabel: string };
}

export interface StackedSpec extends SpecBase {
  kind: "stacked";
  categories: string[];
  series: { label: string; values: number[] }[];
  format: ValueFormat;
  highlight: number[];
}

export interface DoughnutSpec extends SpecBase {
  kind: "doughnut";
  slices: { label: string; value: number }[];
}

export interface ProgressSpec extends SpecBase {
  kind: "progress";
  category: string;
  actual: number;
  target: number;
  targetLabel: string;
}

export type ChartSpec = BarSpec | StackedSpec | DoughnutSpec | ProgressSpec;

export function chartSpecs(
  briefing: Briefing,
  derived: Derived,
  locale: Locale,
  delta?: Change,
): ChartSpec[] {
  const lang = locale.lang;
  const text = (value: Parameters<typeof resolveText>[0]) =>
    resolveText(value, lang, briefing.language);
  const decimals = briefing.decimals;
  const pct = (value: number, trim = false) => formatPercent(locale, value, decimals, trim);
  const region = text(briefing.region.name);
  const unitLabel = text(briefing.region.unit_label);
  const unitName = (index: number) => text(briefing.units[index]?.name ?? "");
  const segmentName = (id: string) => {
    const segment = briefing.segments.find((s) => s.id === id);
    return segment ? text(segment.short ?? segment.name) : id;
  };
  const segmentFullName = (id: string) => {
    const segment = briefing.segments.find((s) => s.id === id);
    return segment ? text(segment.name) : id;
  };
  const words = { unit_label: unitLabel, region };
  const specs: ChartSpec[] = [];
  const focusIndex = derived.focus?.index;

  // 1. The units side by side, on the metric the targets use, with the target as a line.
  if (derived.units.length > 1) {
    const metric = derived.primaryMetric;
    const usable = derived.units.filter((u) =>
      metric === "share" ? true : u.coverage !== undefined,
    );
    const ordered = [...usable].sort((a, b) => metricOf(b, metric) - metricOf(a, metric));
    const strings = metric === "share" ? locale.charts.units_share : locale.charts.units_coverage;
    const lines: ReferenceLine[] = [];
    for (const target of derived.targets.filter((t) => t.metric === metric)) {
      const category =
        target.unitId === undefined ? undefined : ordered.findIndex((u) => u.id === target.unitId);
      if (category === -1) continue; // its unit has no bar on this chart
      lines.push({
        value: target.target,
        label: interpolate(locale.charts.target_line, {
          unit: target.unitId === undefined ? region : unitName(ordered[category ?? 0]?.index ?? 0),
          value: pct(target.target, true),
        }),
        ...(category === undefined ? {} : { category }),
        style: "target",
      });
    }
    if (metric === "coverage" && ordered.some((u) => (u.coverage ?? 0) > 100)) {
      lines.push({ value: 100, label: locale.charts.full_coverage, style: "full" });
    }
    const earlier = delta
      ? ordered.map((u) => {
          const before = delta.previous.units.find((p) => p.id === u.id);
          return before ? (metric === "share" ? before.share : (before.coverage ?? null)) : null;
        })
      : undefined;
    const previousLabel = delta ? formatDate(locale, delta.previousPeriod, "month") : "";
    const currentLabel = formatDate(locale, briefing.period.as_of, "month");
    specs.push({
      kind: "bars",
      id: `units-${metric}`,
      title: interpolate(strings.title, words),
      caption: [
        interpolate(strings.caption, words),
        ...(earlier
          ? [
              interpolate(locale.charts.units_change_caption, {
                previous: previousLabel,
                current: currentLabel,
              }),
            ]
          : []),
      ].join(" "),
      ...(earlier ? { previous: { label: previousLabel, values: earlier, currentLabel } } : {}),
      illustrative: ordered.some((u) => u.illustrative),
      categories: ordered.map((u) => unitName(u.index)),
      values: ordered.map((u) => metricOf(u, metric)),
      format: "percent",
      highlight: ordered.flatMap((u, i) => (u.index === focusIndex ? [i] : [])),
      lines,
      alt: ordered.map((u) => `${unitName(u.index)} ${pct(metricOf(u, metric))}`).join("; "),
    });
  }

  // 2. Composition by segment: stacked per unit, or one unit's parts.
  const split = derived.units.filter((u) => u.segments.length > 0);
  if (briefing.segments.length > 0 && split.length > 1) {
    const ordered = [...split].sort((a, b) => b.members - a.members);
    specs.push({
      kind: "stacked",
      id: "segments-by-unit",
      title: interpolate(locale.charts.segments_by_unit.title, words),
      caption: interpolate(locale.charts.segments_by_unit.caption, words),
      illustrative: ordered.some((u) => u.illustrative),
      categories: ordered.map((u) => unitName(u.index)),
      series: briefing.segments.map((segment, s) => ({
        label: segmentFullName(segment.id),
        values: ordered.map((u) => u.segments[s]?.members ?? 0),
      })),
      format: "count",
      highlight: ordered.flatMap((u, i) => (u.index === focusIndex ? [i] : [])),
      alt: ordered
        .map(
          (u) =>
            `${unitName(u.index)}: ${u.segments.map((s) => `${segmentName(s.id)} ${s.members}`).join(", ")}`,
        )
        .join("; "),
    });
  } else if (split.length === 1) {
    const unit = split[0];
    if (unit) {
      specs.push({
        kind: "doughnut",
        id: "segments-of-unit",
        title: interpolate(locale.charts.segments_of_unit.title, words),
        caption: interpolate(locale.charts.segments_of_unit.caption, {
          ...words,
          unit: unitName(unit.index),
        }),
        illustrative: unit.illustrative,
        slices: unit.segments.map((s) => ({ label: segmentFullName(s.id), value: s.members })),
        alt: unit.segments.map((s) => `${segmentName(s.id)} ${pct(s.share)}`).join("; "),
      });
    }
  }

  // 3. Coverage by segment, where segments have a potential (above 100 % allowed).
  const coverageUnit = derived.focus ?? (derived.units.length === 1 ? derived.units[0] : undefined);
  const segmentsSource = coverageUnit?.segments.some((s) => s.coverage !== undefined)
    ? coverageUnit.segments
    : derived.region.segments.some((s) => s.coverage !== undefined)
      ? derived.region.segments
      : [];
  const withCoverage = segmentsSource.filter((s) => s.coverage !== undefined);
  if (withCoverage.length > 0) {
    const values = withCoverage.map((s) => s.coverage ?? 0);
    specs.push({
      kind: "bars",
      id: "segments-coverage",
      title: interpolate(locale.charts.segments_coverage.title, words),
      caption: interpolate(locale.charts.segments_coverage.caption, words),
      illustrative: coverageUnit?.illustrative ?? derived.region.illustrative,
      categories: withCoverage.map((s) => segmentFullName(s.id)),
      values,
      format: "percent",
      highlight: [],
      lines: [{ value: 100, label: locale.charts.full_coverage, style: "full" }],
      alt: withCoverage.map((s) => `${segmentName(s.id)} ${pct(s.coverage ?? 0)}`).join("; "),
    });
  }

  // 4. The focus target: where the unit stands against it.
  const target = derived.targets.find((t) => t.unitId === derived.focus?.id) ?? derived.targets[0];
  if (target) {
    const unit =
      target.unitId === undefined ? undefined : derived.units.find((u) => u.id === target.unitId);
    const name = unit ? unitName(unit.index) : region;
    specs.push({
      kind: "progress",
      id: `target-${target.index}`,
      title: interpolate(locale.charts.target_progress.title, words),
      caption: interpolate(locale.charts.target_progress.caption, {
        ...words,
        unit: name,
        metric: capitalize(locale.metrics[target.metric]),
        target: pct(target.target, true),
      }),
      illustrative: false,
      category: name,
      actual: target.actual,
      target: target.target,
      targetLabel: interpolate(locale.charts.target_line, {
        unit: name,
        value: pct(target.target, true),
      }),
      alt: `${name} ${pct(target.actual)} / ${pct(target.target, true)}`,
    });
  }

  return specs;
}

function metricOf(unit: Derived["units"][number], metric: "share" | "coverage"): number {
  return metric === "share" ? unit.share : (unit.coverage ?? 0);
}
