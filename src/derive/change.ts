/**
 * Change since an earlier period: the same figures derived from the earlier period's file,
 * subtracted, each a figure that rests on both. Pure, like the rest of derive. Units are matched
 * by id; a unit new this period (or gone) has no change.
 *
 * Any earlier period can be compared with, whatever the gap: the latest earlier file of a series
 * ("sejak Desember 2023"), and the same month a year earlier.
 */
import type { Derived } from "./derive.js";
import { derivedFrom, difference, type Figure } from "./figure.js";

export interface UnitChange {
  id: string;
  members: Figure | undefined;
  /** In percentage points. */
  share: Figure | undefined;
  coverage: Figure | undefined;
  /**
   * Positive: the unit moved up (from rank 3 to rank 1 is +2). Undefined unless the same units
   * are ranked in both periods: a rank among other units is not comparable.
   */
  rankMove: Figure | undefined;
}

export interface TargetChange {
  index: number;
  /** Change of the target's metric, in points: positive is towards a higher figure. */
  actual: Figure;
}

/** Why this earlier period: the latest one before, or the same month a year before. */
export type ChangeKind = "latest" | "year";

export interface Change {
  kind: ChangeKind;
  /** The earlier period: a month (2023-12) or a day (2023-12-31). */
  period: string;
  region: { members: Figure | undefined; coverage: Figure | undefined };
  units: UnitChange[];
  focus: UnitChange | undefined;
  targets: TargetChange[];
  /** The earlier period's figures, for charts that show both. */
  previous: Derived;
}

/** An earlier period's figures, to compare with: what `change` subtracts. */
export interface Earlier {
  /** The earlier period: a month (2023-12) or a day. */
  period: string;
  kind: ChangeKind;
  derived: Derived;
}

/** A briefing's comparisons with earlier periods, in the order given. */
export function changesOf(current: Derived, earlier: readonly Earlier[]): Change[] {
  return earlier.map((e) => change(current, e.derived, e.period, e.kind));
}

const minus = (a: Figure | undefined, b: Figure | undefined): Figure | undefined =>
  a === undefined || b === undefined ? undefined : difference(a, b);

export function change(
  current: Derived,
  previous: Derived,
  period: string,
  kind: ChangeKind = "latest",
): Change {
  const rankedIds = (d: Derived) =>
    d.units
      .filter((u) => u.rank !== undefined)
      .map((u) => u.id)
      .sort()
      .join("\n");
  const sameRanked = rankedIds(current) === rankedIds(previous);
  const units: UnitChange[] = [];
  for (const unit of current.units) {
    const before = previous.units.find((u) => u.id === unit.id);
    if (!before) continue;
    units.push({
      id: unit.id,
      members: minus(unit.members, before.members),
      share: minus(unit.share, before.share),
      coverage: minus(unit.coverage, before.coverage),
      rankMove:
        sameRanked && unit.rank && before.rank
          ? derivedFrom(before.rank.value - unit.rank.value, before.rank, unit.rank)
          : undefined,
    });
  }
  const targets: TargetChange[] = [];
  for (const target of current.targets) {
    const before = previous.targets.find(
      (t) => t.unitId === target.unitId && t.metric === target.metric,
    );
    const delta = minus(target.actual, before?.actual);
    if (delta) targets.push({ index: target.index, actual: delta });
  }
  return {
    kind,
    period,
    region: {
      members: minus(current.region.members, previous.region.members),
      coverage: minus(current.region.coverage, previous.region.coverage),
    },
    units,
    focus: current.focus ? units.find((u) => u.id === current.focus?.id) : undefined,
    targets,
    previous,
  };
}

/** The same month a year before: 2024-12 → 2023-12. */
export function yearBefore(period: string): string {
  const [year, month] = period.split("-") as [string, string];
  return `${String(Number(year) - 1).padStart(4, "0")}-${month}`;
}
