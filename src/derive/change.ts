/**
 * Change since the previous period: the same figures derived from the previous period's file,
 * subtracted. Pure, like the rest of derive. Units are matched by id; a unit new this period
 * (or gone) has no change.
 */
import type { Derived } from "./derive.js";

export interface UnitChange {
  id: string;
  members: number;
  /** In percentage points. */
  share: number;
  coverage: number | undefined;
  /** Positive: the unit moved up (from rank 3 to rank 1 is +2). */
  rankMove: number;
}

export interface TargetChange {
  index: number;
  /** Change of the target's metric, in points: positive is towards a higher figure. */
  actual: number;
}

export interface Change {
  /** The previous period, as the file names it (2020-09). */
  previousPeriod: string;
  region: { members: number; coverage: number | undefined };
  units: UnitChange[];
  focus: UnitChange | undefined;
  targets: TargetChange[];
  /** The previous period's figures, for charts that show both. */
  previous: Derived;
}

const minus = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined ? undefined : a - b;

export function change(current: Derived, previous: Derived, previousPeriod: string): Change {
  const units: UnitChange[] = [];
  for (const unit of current.units) {
    const before = previous.units.find((u) => u.id === unit.id);
    if (!before) continue;
    units.push({
      id: unit.id,
      members: unit.members - before.members,
      share: unit.share - before.share,
      coverage: minus(unit.coverage, before.coverage),
      rankMove: before.rankByMembers - unit.rankByMembers,
    });
  }
  const targets: TargetChange[] = [];
  for (const target of current.targets) {
    const before = previous.targets.find(
      (t) => t.unitId === target.unitId && t.metric === target.metric,
    );
    if (before) targets.push({ index: target.index, actual: target.actual - before.actual });
  }
  return {
    previousPeriod,
    region: {
      members: current.region.members - previous.region.members,
      coverage: minus(current.region.coverage, previous.region.coverage),
    },
    units,
    focus: current.focus ? units.find((u) => u.id === current.focus?.id) : undefined,
    targets,
    previous,
  };
}

/** The month before `period` (YYYY-MM): 2020-01 → 2019-12. */
export function previousMonth(period: string): string {
  const [year, month] = period.split("-").map(Number) as [number, number];
  const date = new Date(Date.UTC(year, month - 2, 1));
  return date.toISOString().slice(0, 7);
}
