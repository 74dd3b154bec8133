/**
 * Derive stage: every total, share, coverage, gap and rank the briefing prints, computed from
 * the counts, each a Figure that knows where it comes from. Pure: no I/O, no formatting, no
 * rounding. Percentages are in percent units (36.67 means 36.67 %).
 *
 * A percentage a source printed without the counts behind it (`stated:`) is shown as published
 * and never fed into a computation that needs counts. A region may list only some of its units
 * (`region.unit_count`): its totals then come from what the source stated, and the rest is one
 * derived "others" line, kept out of ranks.
 */
import type { Briefing, MetricValue } from "../load/schema.js";
import {
  confirmedBy,
  countFrom,
  derivedFrom,
  difference,
  type Figure,
  percentOf,
  preferPublished,
  sumOf,
} from "./figure.js";
import { type IndicatorFigures, regionIndicators, unitIndicators } from "./indicators.js";
import {
  type CountInput,
  type StatedFigures,
  sourcesOf,
  statedFigures,
  type UnitInput,
  unitInput,
  type Written,
} from "./inputs.js";
import { type TargetFigures, targetFigures } from "./targets.js";

export type { IndicatorFigures } from "./indicators.js";
export type { TargetFigures } from "./targets.js";

export interface SegmentFigures {
  id: string;
  members: Figure | undefined;
  potential: Figure | undefined;
  /** members / potential, in percent. */
  coverage: Figure | undefined;
  /** This segment's part of the members of the unit (or region) it belongs to, in percent. */
  share: Figure | undefined;
}

export interface UnitFigures {
  id: string;
  /** Position in the YAML's `units` list. */
  index: number;
  /** Undefined when the source published no count for the unit. */
  members: Figure | undefined;
  potential: Figure | undefined;
  coverage: Figure | undefined;
  /** Part of the region's members, in percent. */
  share: Figure | undefined;
  /** Empty unless the unit's members are split by segment. */
  segments: SegmentFigures[];
  /**
   * 1 = highest, by the region's `rankedBy` figure, among the listed units that have it. Ties
   * share a rank (1, 2, 2, 4).
   */
  rank: Figure | undefined;
  /** Coverage above 100 %: more members than the potential counted. */
  overPotential: boolean;
  /** The unit's indicators that the file gives, in the order of `indicators`. */
  indicators: IndicatorFigures[];
}

/**
 * The region less its counted units, as one line: the units a partial list leaves out, and
 * listed units the source gave only percentages for (named in `includes`).
 */
export interface OthersFigures {
  /** How many units it stands for. */
  count: number;
  /** Ids of listed units it includes: their members were not published. */
  includes: string[];
  members: Figure;
  potential: Figure | undefined;
  coverage: Figure | undefined;
  share: Figure | undefined;
  segments: SegmentFigures[];
}

export interface RegionFigures {
  /** Undefined when neither the counts nor the source give the region's total. */
  members: Figure | undefined;
  potential: Figure | undefined;
  coverage: Figure | undefined;
  /** Members per segment over the region. */
  segments: SegmentFigures[];
  /** Each indicator over the region, where the units' sums or the source give it. */
  indicators: IndicatorFigures[];
  /** How many units the region has (`unit_count`, else those listed). */
  unitCount: number;
  /** How many are listed in the file. */
  listed: number;
  /** Some units of the region are not listed. */
  partial: boolean;
  /** The sum of the members of the listed units that have a count. */
  countedMembers: Figure | undefined;
  /** How many listed units have a count. */
  counted: number;
  others: OthersFigures | undefined;
  /** What units are ranked by: the primary metric, or members without a region total. */
  rankedBy: "members" | MetricValue;
  /** How many units are ranked: the listed units with that figure. */
  ranked: number;
}

export interface Derived {
  region: RegionFigures;
  units: UnitFigures[];
  targets: TargetFigures[];
  /** The unit the briefing is about, if the region names one. */
  focus: UnitFigures | undefined;
  /** Which metric orders units and drives the unit chart. */
  primaryMetric: MetricValue;
}

export interface DeriveOptions {
  /** The text each number was written as (decimals a source printed: 399.10). */
  written?: Written;
}

/** Standard competition ranking: ties share a rank and the next rank is skipped. */
export function rank<T>(
  items: readonly T[],
  value: (item: T) => number | undefined,
): Map<T, number> {
  const ranked = new Map<T, number>();
  const present = items.filter((item) => value(item) !== undefined);
  for (const item of present) {
    const own = value(item) as number;
    ranked.set(item, 1 + present.filter((other) => (value(other) as number) > own).length);
  }
  return ranked;
}

/**
 * Where the one highest and the one lowest value stand; undefined for fewer than two values or a
 * tie at either end (there is then no one highest or lowest to name).
 */
export function extremes(values: readonly number[]): { high: number; low: number } | undefined {
  if (values.length < 2) return undefined;
  const high = values.indexOf(Math.max(...values));
  const low = values.indexOf(Math.min(...values));
  const once = (at: number) => values.filter((x) => x === values[at]).length === 1;
  return once(high) && once(low) ? { high, low } : undefined;
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** A count as a figure: the file's total, else the sum of its segments when all are counted. */
function total(input: CountInput | undefined, segmentIds: readonly string[]): Figure | undefined {
  if (input === undefined) return undefined;
  if (input.total) return input.total;
  const parts = segmentIds.map((id) => input.bySegment?.get(id));
  return parts.every((p) => p !== undefined) ? sumOf(parts as Figure[]) : undefined;
}

interface Partial {
  id: string;
  index: number;
  input: UnitInput;
  members: Figure | undefined;
  potential: Figure | undefined;
  coverage: Figure | undefined;
  segments: SegmentFigures[];
  indicators: IndicatorFigures[];
}

function unitCounts(briefing: Briefing, index: number, written: Written | undefined): Partial {
  const unit = briefing.units[index];
  const segmentIds = briefing.segments.map((segment) => segment.id);
  const input = unitInput(briefing, index, written);
  const { stated, sources } = input;
  // A count the source printed is published, even where it is the sum of made-up parts;
  // a unit the source gave only as a stated count has that count.
  const members = countFrom(total(input.members, segmentIds), stated.members, sources);
  const potential = countFrom(total(input.potential, segmentIds), stated.potential, sources);
  const coverage = preferPublished(
    members && potential ? percentOf(members, potential) : undefined,
    stated.coverage,
    sources,
  );
  const split = input.members?.bySegment;
  const segments: SegmentFigures[] = split
    ? segmentIds.map((id) =>
        segmentFigures(
          id,
          split.get(id),
          input.potential?.bySegment?.get(id),
          members,
          input.statedSegments.get(id),
          sources,
        ),
      )
    : [];
  const indicators = unitIndicators(briefing, index, written);
  return { id: unit?.id ?? "", index, input, members, potential, coverage, segments, indicators };
}

function segmentFigures(
  id: string,
  members: Figure | undefined,
  potential: Figure | undefined,
  whole: Figure | undefined,
  stated: StatedFigures | undefined,
  sources: readonly string[],
): SegmentFigures {
  const m = confirmedBy(members, stated?.members, sources);
  const p = confirmedBy(potential, stated?.potential, sources);
  return {
    id,
    members: m,
    potential: p,
    coverage: preferPublished(m && p ? percentOf(m, p) : undefined, stated?.coverage, sources),
    share: preferPublished(m && whole ? percentOf(m, whole) : undefined, stated?.share, sources),
  };
}

export function derive(briefing: Briefing, options: DeriveOptions = {}): Derived {
  const { written } = options;
  const segmentIds = briefing.segments.map((segment) => segment.id);
  const partial = briefing.units.map((_, index) => unitCounts(briefing, index, written));

  // The region: the sum of its units when all are listed and counted, else what the source
  // stated for it. A sum the source also printed is checked (check/stated.ts) and confirmed.
  const regionSources = sourcesOf(briefing, briefing.region.source);
  const regionStated = statedFigures(briefing.region.stated, ["region", "stated"], written);
  const listed = partial.length;
  const unitCount = Math.max(briefing.region.unit_count ?? listed, listed);
  const isPartial = unitCount > listed;
  const countedUnits = partial.filter((u) => u.members !== undefined);
  const allCounted = countedUnits.length === listed;
  const countedMembers =
    countedUnits.length > 0 ? sumOf(countedUnits.map((u) => u.members as Figure)) : undefined;
  const allPotential = partial.every((u) => u.potential !== undefined);
  const listedPotential = allPotential
    ? sumOf(partial.map((u) => u.potential as Figure))
    : undefined;
  // The sum of the units is the region's only when every unit is listed and counted.
  const complete = !isPartial && allCounted;

  const members = countFrom(
    complete ? countedMembers : undefined,
    regionStated.members,
    regionSources,
  );
  const potential = countFrom(
    !isPartial ? listedPotential : undefined,
    regionStated.potential,
    regionSources,
  );
  // A region of one listed unit is that unit: its published coverage is the region's too.
  const only = complete && listed === 1 ? partial[0] : undefined;
  const coverage =
    preferPublished(
      members && potential ? percentOf(members, potential) : undefined,
      regionStated.coverage,
      regionSources,
    ) ?? only?.coverage;

  const statedSegment = (id: string) => {
    const stated = briefing.region.stated?.segments;
    return stated && Object.hasOwn(stated, id)
      ? statedFigures(stated[id], ["region", "stated", "segments", id], written)
      : undefined;
  };
  const everySplit = complete && partial.every((u) => u.segments.length > 0);
  const segments: SegmentFigures[] = segmentIds.flatMap((id, i) => {
    const stated = statedSegment(id);
    const summed = (pick: (s: SegmentFigures) => Figure | undefined) => {
      if (!everySplit) return undefined;
      const figures = partial.map((u) => {
        const segment = u.segments[i];
        return segment ? pick(segment) : undefined;
      });
      return figures.every((f) => f !== undefined) ? sumOf(figures as Figure[]) : undefined;
    };
    const m = countFrom(
      summed((s) => s.members),
      stated?.members,
      regionSources,
    );
    const p = countFrom(
      summed((s) => s.potential),
      stated?.potential,
      regionSources,
    );
    if (m === undefined && stated === undefined) return [];
    return [segmentFigures(id, m, p, members, stated, regionSources)];
  });

  const others = complete
    ? undefined
    : othersFigures(unitCount, members, potential, segments, partial, segmentIds);

  const shares = new Map(
    partial.map((u) => [
      u,
      preferPublished(
        u.members && members ? percentOf(u.members, members) : undefined,
        u.input.stated.share,
        u.input.sources,
      ),
    ]),
  );
  const primaryMetric: MetricValue =
    briefing.targets[0]?.metric ??
    (partial.every((unit) => unit.coverage !== undefined) ? "coverage" : "share");
  // Units are ranked by members when every listed unit has a count; where some were published
  // only as a percentage, by the figure the briefing compares them on, among those that have it.
  const rankedBy: RegionFigures["rankedBy"] = allCounted ? "members" : primaryMetric;
  const rankValue = (u: Partial): Figure | undefined =>
    rankedBy === "coverage" ? u.coverage : rankedBy === "share" ? shares.get(u) : u.members;
  const ranks = rank(partial, (u) => rankValue(u)?.value);
  const compared = partial.flatMap((u) => {
    const value = rankValue(u);
    return value ? [value] : [];
  });
  const units: UnitFigures[] = partial.map((u) => {
    const position = ranks.get(u);
    return {
      id: u.id,
      index: u.index,
      members: u.members,
      potential: u.potential,
      coverage: u.coverage,
      share: shares.get(u),
      segments: u.segments,
      // A rank compares the unit with every other: it rests on all their figures.
      rank: position === undefined ? undefined : derivedFrom(position, ...compared),
      overPotential:
        (u.coverage?.value ?? 0) > 100 || u.segments.some((s) => (s.coverage?.value ?? 0) > 100),
      indicators: u.indicators,
    };
  });

  const region: RegionFigures = {
    members,
    potential,
    coverage,
    segments,
    indicators: regionIndicators(
      briefing,
      partial.map((u) => u.indicators),
      !isPartial,
      written,
    ),
    unitCount,
    listed,
    partial: isPartial,
    countedMembers,
    counted: countedUnits.length,
    others,
    rankedBy,
    ranked: compared.length,
  };

  const focusId = briefing.region.focus;
  const focus = focusId === undefined ? undefined : units.find((unit) => unit.id === focusId);
  return {
    region,
    units,
    targets: targetFigures(briefing, units, region, regionSources),
    focus,
    primaryMetric,
  };
}

function othersFigures(
  unitCount: number,
  members: Figure | undefined,
  potential: Figure | undefined,
  regionSegments: readonly SegmentFigures[],
  listed: readonly Partial[],
  segmentIds: readonly string[],
): OthersFigures | undefined {
  if (members === undefined) return undefined;
  const counted = listed.filter((u) => u.members !== undefined);
  const less = (whole: Figure, parts: (Figure | undefined)[]) =>
    parts.every((p) => p !== undefined) ? difference(whole, sumOf(parts as Figure[])) : undefined;
  const m = less(
    members,
    counted.map((u) => u.members),
  ) as Figure;
  const p = potential
    ? less(
        potential,
        counted.map((u) => u.potential),
      )
    : undefined;
  const segments: SegmentFigures[] = [];
  if (counted.every((u) => u.segments.length > 0)) {
    segmentIds.forEach((id, i) => {
      const whole = regionSegments.find((s) => s.id === id);
      const sm = whole?.members
        ? less(
            whole.members,
            counted.map((u) => u.segments[i]?.members),
          )
        : undefined;
      const sp = whole?.potential
        ? less(
            whole.potential,
            counted.map((u) => u.segments[i]?.potential),
          )
        : undefined;
      if (sm)
        segments.push({
          id,
          members: sm,
          potential: sp,
          coverage: sp ? percentOf(sm, sp) : undefined,
          share: percentOf(sm, m),
        });
    });
  }
  return {
    count: unitCount - counted.length,
    includes: listed.filter((u) => u.members === undefined).map((u) => u.id),
    members: m,
    potential: p,
    coverage: p ? percentOf(m, p) : undefined,
    share: percentOf(m, members),
    segments: segments.length === segmentIds.length ? segments : [],
  };
}
