/**
 * Derive stage: every total, share, coverage, gap and rank the briefing prints, computed
 * from the counts and nothing else. Pure: no I/O, no formatting, no rounding. Percentages
 * are in percent units (36.67 means 36.67 %); rounding happens only when a figure is printed.
 */
import type { Briefing, MetricValue, UnitValue } from "../load/schema.js";

export interface SegmentFigures {
  id: string;
  members: number;
  potential: number | undefined;
  /** members / potential, in percent; undefined without a potential. */
  coverage: number | undefined;
  /** This segment's part of the members of the unit (or region) it belongs to, in percent. */
  share: number;
}

export interface UnitFigures {
  id: string;
  /** Position in the YAML's `units` list. */
  index: number;
  members: number;
  potential: number | undefined;
  coverage: number | undefined;
  /** Part of the region's members, in percent. */
  share: number;
  /** Empty when the unit gives only a total. */
  segments: SegmentFigures[];
  illustrative: boolean;
  /** 1 = most members. Ties share a rank (1, 2, 2, 4). */
  rankByMembers: number;
  /** 1 = highest coverage; undefined when the unit has no potential. */
  rankByCoverage: number | undefined;
  /** Coverage above 100 %: more members than the potential counted. */
  overPotential: boolean;
}

export interface RegionFigures {
  members: number;
  /** Sum of the units' potentials; undefined unless every unit has one. */
  potential: number | undefined;
  coverage: number | undefined;
  /** Members per segment over all units; empty unless every unit is split by segment. */
  segments: SegmentFigures[];
  /** Some figure of some unit is illustrative. */
  illustrative: boolean;
}

export interface TargetFigures {
  index: number;
  /** The unit the target is for; undefined for the whole region. */
  unitId: string | undefined;
  metric: MetricValue;
  target: number;
  actual: number;
  /** target − actual, in percentage points: positive while the target is not reached. */
  gapPoints: number;
  /**
   * Additional members needed to reach the target, 0 once reached. For coverage, with the
   * potential unchanged; for share, with the other units' members unchanged. Undefined when
   * no number of members can reach it (a share target of 100 % or more).
   */
  gapPeople: number | undefined;
  met: boolean;
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

/** Rounds a head count up, ignoring floating-point dust (5658000.0000001 people is 5658000). */
const ceilCount = (value: number): number => Math.max(0, Math.ceil(value - 1e-7));

const percent = (part: number, whole: number): number | undefined =>
  whole > 0 ? (part / whole) * 100 : undefined;

/**
 * Counts written as a total or as one count per segment, read in the segments' order. Members
 * name every segment (the check stage sees to it); a potential may name only some.
 */
function splitCounts(
  counts: UnitValue["members"] | undefined,
  segmentIds: readonly string[],
): { total: number | undefined; bySegment: Map<string, number> | undefined } {
  if (counts === undefined) return { total: undefined, bySegment: undefined };
  if (typeof counts === "number") return { total: counts, bySegment: undefined };
  const bySegment = new Map<string, number>();
  for (const id of segmentIds) {
    // Own properties only: a segment named "constructor" must not find Object's.
    const count = Object.hasOwn(counts, id) ? counts[id] : undefined;
    if (count !== undefined) bySegment.set(id, count);
  }
  // A total only when every segment is counted: a potential may be known for some segments.
  const complete = segmentIds.every((id) => bySegment.has(id));
  return { total: complete ? sum(bySegment.values()) : undefined, bySegment };
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
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

export function derive(briefing: Briefing): Derived {
  const segmentIds = briefing.segments.map((segment) => segment.id);

  const partial = briefing.units.map((unit, index) => {
    const members = splitCounts(unit.members, segmentIds);
    const potential = splitCounts(unit.potential, segmentIds);
    const total = members.total ?? 0;
    const segments: SegmentFigures[] = members.bySegment
      ? segmentIds.map((id) => {
          const segmentMembers = members.bySegment?.get(id) ?? 0;
          const segmentPotential = potential.bySegment?.get(id);
          return {
            id,
            members: segmentMembers,
            potential: segmentPotential,
            coverage:
              segmentPotential === undefined
                ? undefined
                : percent(segmentMembers, segmentPotential),
            share: percent(segmentMembers, total) ?? 0,
          };
        })
      : [];
    return {
      id: unit.id,
      index,
      members: total,
      potential: potential.total,
      coverage: potential.total === undefined ? undefined : percent(total, potential.total),
      segments,
      illustrative: unit.illustrative,
    };
  });

  const regionMembers = sum(partial.map((unit) => unit.members));
  const everyPotential = partial.every((unit) => unit.potential !== undefined);
  const regionPotential = everyPotential
    ? sum(partial.map((unit) => unit.potential ?? 0))
    : undefined;
  const everySplit = segmentIds.length > 0 && partial.every((unit) => unit.segments.length > 0);
  const regionSegments: SegmentFigures[] = everySplit
    ? segmentIds.map((id, i) => {
        const segmentMembers = sum(partial.map((unit) => unit.segments[i]?.members ?? 0));
        const potentials = partial.map((unit) => unit.segments[i]?.potential);
        const segmentPotential = potentials.every((p) => p !== undefined)
          ? sum(potentials as number[])
          : undefined;
        return {
          id,
          members: segmentMembers,
          potential: segmentPotential,
          coverage:
            segmentPotential === undefined ? undefined : percent(segmentMembers, segmentPotential),
          share: percent(segmentMembers, regionMembers) ?? 0,
        };
      })
    : [];

  const byMembers = rank(partial, (unit) => unit.members);
  const byCoverage = rank(partial, (unit) => unit.coverage);
  const units: UnitFigures[] = partial.map((unit) => ({
    ...unit,
    share: percent(unit.members, regionMembers) ?? 0,
    rankByMembers: byMembers.get(unit) ?? partial.length,
    rankByCoverage: byCoverage.get(unit),
    overPotential:
      (unit.coverage ?? 0) > 100 || unit.segments.some((segment) => (segment.coverage ?? 0) > 100),
  }));

  const region: RegionFigures = {
    members: regionMembers,
    potential: regionPotential,
    coverage: regionPotential === undefined ? undefined : percent(regionMembers, regionPotential),
    segments: regionSegments,
    illustrative: units.some((unit) => unit.illustrative),
  };

  const targets = briefing.targets.map((target, index): TargetFigures => {
    const unit = target.unit === undefined ? undefined : units.find((u) => u.id === target.unit);
    const members = unit ? unit.members : region.members;
    const coverage = unit ? unit.coverage : region.coverage;
    const actual = target.metric === "share" ? (unit?.share ?? 100) : (coverage ?? 0);
    const gapPoints = target.value - actual;
    // Without a coverage (no potential, or a potential of 0) a coverage target cannot be met.
    const met = gapPoints <= 0 && (target.metric === "share" || coverage !== undefined);
    let gapPeople: number | undefined;
    if (met) gapPeople = 0;
    else if (target.metric === "coverage") {
      const potential = unit ? unit.potential : region.potential;
      gapPeople =
        coverage === undefined || potential === undefined
          ? undefined
          : ceilCount((target.value / 100) * potential - members);
    } else if (target.value < 100) {
      // (members + x) / (regionMembers + x) = p  ⇒  x = (p · regionMembers − members) / (1 − p)
      const p = target.value / 100;
      gapPeople = ceilCount((p * region.members - members) / (1 - p));
    }
    return {
      index,
      unitId: target.unit,
      metric: target.metric,
      target: target.value,
      actual,
      gapPoints,
      gapPeople,
      met,
    };
  });

  const focusId = briefing.region.focus;
  const focus = focusId === undefined ? undefined : units.find((unit) => unit.id === focusId);
  const primaryMetric: MetricValue =
    briefing.targets[0]?.metric ??
    (units.every((unit) => unit.coverage !== undefined) ? "coverage" : "share");

  return { region, units, targets, focus, primaryMetric };
}
