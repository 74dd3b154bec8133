/**
 * Where each target stands: the actual figure, the gap in points, and the members it takes to
 * close it, each a figure that rests on what the actual rests on. Pure.
 */
import type { Briefing, MetricValue } from "../load/schema.js";
import type { RegionFigures, UnitFigures } from "./derive.js";
import { derivedFrom, type Figure, illustrative, published } from "./figure.js";

export interface TargetFigures {
  index: number;
  /** The unit the target is for; undefined for the whole region. */
  unitId: string | undefined;
  /** The segment of the unit (or region) the target is for, if any. */
  segmentId: string | undefined;
  /** The indicator of the unit (or region) the target is for, if any. */
  indicatorId: string | undefined;
  metric: MetricValue;
  /** The target itself, as set (published, with its source; or illustrative). */
  target: Figure;
  /** Undefined when the figure the target is about is not known (no count, no percentage). */
  actual: Figure | undefined;
  /** target − actual, in percentage points: positive while the target is not reached. */
  gapPoints: Figure | undefined;
  /**
   * Additional members needed to reach the target, 0 once reached. For coverage, with the
   * potential unchanged; for share, with the other units' members unchanged. Undefined when
   * the counts are not known or no number of members can reach it (a share of 100 %).
   */
  gapPeople: Figure | undefined;
  met: boolean;
}

/** Rounds a head count up, ignoring floating-point dust (5658000.0000001 people is 5658000). */
const ceilCount = (value: number): number => Math.max(0, Math.ceil(value - 1e-7));

export function targetFigures(
  briefing: Briefing,
  units: readonly UnitFigures[],
  region: RegionFigures,
  regionSources: readonly string[],
): TargetFigures[] {
  return briefing.targets.map((t, index): TargetFigures => {
    const unit = t.unit === undefined ? undefined : units.find((u) => u.id === t.unit);
    const target = t.illustrative
      ? illustrative(t.value)
      : published(t.value, t.source ? [t.source] : regionSources);
    const base = {
      index,
      unitId: t.unit,
      segmentId: t.segment,
      indicatorId: t.indicator,
      metric: t.metric,
      target,
    };
    // What the target is about: the figures of the whole (unit or region), of one of its
    // segments, or of one of its indicators. `whole` is what a share is a part of.
    const segment = t.segment
      ? (unit ? unit.segments : region.segments).find((s) => s.id === t.segment)
      : undefined;
    const indicator = t.indicator
      ? (unit ? unit.indicators : region.indicators).find((s) => s.id === t.indicator)
      : undefined;
    const about = t.indicator
      ? {
          members: indicator?.count,
          potential: indicator?.potential,
          coverage: indicator?.coverage,
          share: undefined,
          whole: undefined,
        }
      : t.segment
        ? {
            ...(segment ?? { members: undefined, potential: undefined }),
            coverage: segment?.coverage,
            share: segment?.share,
            whole: unit ? unit.members : region.members,
          }
        : {
            members: unit ? unit.members : region.members,
            potential: unit ? unit.potential : region.potential,
            coverage: unit ? unit.coverage : region.coverage,
            share: unit?.share,
            whole: region.members,
          };
    const { members, potential, whole } = about;
    const actual = t.metric === "share" ? about.share : about.coverage;
    if (actual === undefined) {
      return { ...base, actual, gapPoints: undefined, gapPeople: undefined, met: false };
    }
    const gapPoints = derivedFrom(t.value - actual.value, target, actual);
    const met = gapPoints.value <= 0;
    let gapPeople: Figure | undefined;
    if (met) gapPeople = derivedFrom(0, target, actual);
    else if (t.metric === "coverage" && members && potential) {
      gapPeople = derivedFrom(
        ceilCount((t.value / 100) * potential.value - members.value),
        target,
        members,
        potential,
      );
    } else if (t.metric === "share" && members && whole && t.value < 100) {
      // (members + x) / (whole + x) = p  ⇒  x = (p · whole − members) / (1 − p)
      const p = t.value / 100;
      gapPeople = derivedFrom(
        ceilCount((p * whole.value - members.value) / (1 - p)),
        target,
        members,
        whole,
      );
    }
    return { ...base, actual, gapPoints, gapPeople, met };
  });
}
