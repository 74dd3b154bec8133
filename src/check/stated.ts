/**
 * Check stage, part two: figures the YAML states (as a source printed them) against what the
 * counts give. A disagreement is a warning naming both values and the line; `--strict` makes it
 * an error. A stated figure that nothing can be compared with is printed as published, and a
 * note says so: never silence. A coverage above 100 % is allowed, and noted.
 */
import type { Derived, SegmentFigures, UnitFigures } from "../derive/derive.js";
import { decimalsWritten, type Figure } from "../derive/figure.js";
import type { Issue } from "../errors.js";
import type { Briefing, StatedValue } from "../load/schema.js";
import { type FieldPath, formatPath, type YamlSource } from "../load/yaml.js";
import { num, t } from "../locale/messages.js";

/** Half a unit of the last decimal the stated percentage was written with: 36 → 0.5, 26.72 → 0.005. */
export function impliedTolerance(stated: number, written?: string): number {
  return 0.5 * 10 ** -decimalsWritten(stated, written);
}

/** What the counts give for a stated figure to be compared with; undefined where they give nothing. */
interface Computed {
  members: Figure | undefined;
  potential: Figure | undefined;
  /** members / potential, from the counts (never a stated coverage). */
  coverage: number | undefined;
  /** members / the whole's members, from the counts (never a stated share). */
  share: number | undefined;
  /** Where a share is taken of: "the region", "sumsel". */
  whole: { members: Figure; label: string } | undefined;
  /** The stated count is the only count there is: it is the figure, not a check of one. */
  countIsStated: boolean;
}

const ratio = (part: Figure | undefined, whole: Figure | undefined): number | undefined =>
  part && whole && whole.value > 0 ? (part.value / whole.value) * 100 : undefined;

function computed(
  members: Figure | undefined,
  potential: Figure | undefined,
  whole: Computed["whole"],
  countIsStated: boolean,
): Computed {
  return {
    members,
    potential,
    coverage: ratio(members, potential),
    share: whole ? ratio(members, whole.members) : undefined,
    whole,
    countIsStated,
  };
}

export function checkStated(briefing: Briefing, derived: Derived, source: YamlSource): Issue[] {
  const issues: Issue[] = [];
  const tolerance = briefing.checks.tolerance;
  const issue = (severity: Issue["severity"], at: FieldPath, message: string, hint?: string) =>
    issues.push({
      severity,
      file: source.file,
      path: formatPath(at),
      ...source.locate(at),
      message,
      ...(hint ? { hint } : {}),
    });

  const compare = (
    stated: Omit<StatedValue, "segments"> | undefined,
    actual: Computed,
    path: FieldPath,
  ): void => {
    if (!stated) return;
    const count = (field: "members" | "potential") => {
      const value = stated[field];
      const derivedValue = actual[field]?.value;
      // A stated count that is the unit's only count is the figure, not a check of one.
      if (value === undefined || (field === "members" && actual.countIsStated)) return;
      if (derivedValue === undefined) {
        issue(
          "note",
          [...path, field],
          t`stated ${field} ${num(value)} cannot be checked (no counts to add up); printed as published`,
        );
        return;
      }
      if (value === derivedValue) return;
      issue(
        "warning",
        [...path, field],
        t`stated ${num(value)}, but the counts add up to ${num(derivedValue)} (difference ${num(derivedValue - value)})`,
      );
    };
    count("members");
    count("potential");

    const pct = (field: "share" | "coverage", how: string, missing: string) => {
      const value = stated[field];
      if (value === undefined) return;
      const at: FieldPath = [...path, field];
      const derivedValue = actual[field];
      if (derivedValue === undefined) {
        issue(
          "note",
          at,
          t`stated ${field} ${num(value)} % cannot be checked (${missing}); printed as published`,
          value > 0 && value < 1
            ? t`${num(value)} % looks like a fraction: write ${num(value * 100)} if ${num(value * 100)} % is meant`
            : undefined,
        );
        return;
      }
      const allowed = tolerance ?? impliedTolerance(value, source.written(at));
      if (Math.abs(value - derivedValue) <= allowed + 1e-9) return;
      const asFraction = Math.abs(value * 100 - derivedValue) <= 100 * allowed + 1e-9;
      issue(
        "warning",
        at,
        t`stated ${num(value)} %, but the counts give ${num(derivedValue)} % (${how})`,
        asFraction
          ? t`did you mean ${num(value * 100)}? percentages are written 63 for 63 %`
          : undefined,
      );
    };
    pct(
      "share",
      actual.whole && actual.members
        ? t`${num(actual.members.value)} of ${num(actual.whole.members.value)} members of ${actual.whole.label}`
        : "",
      actual.members ? t`the total it is a share of is not known` : t`no members`,
    );
    pct(
      "coverage",
      t`${num(actual.members?.value ?? 0)} members / ${num(actual.potential?.value ?? 0)} potential`,
      actual.members ? t`no potential` : t`no members`,
    );
  };

  const segmentActual = (segment: SegmentFigures, whole: Figure | undefined, label: string) =>
    computed(
      segment.members,
      segment.potential,
      whole ? { members: whole, label } : undefined,
      false,
    );

  // The region: its counts are the sum of its units only when every unit is listed and counted.
  const region = derived.region;
  const regionCounts = !region.partial && region.counted === region.listed;
  const regionStated = briefing.region.stated;
  if (regionCounts) {
    compare(regionStated, computed(region.countedMembers, region.potential, undefined, false), [
      "region",
      "stated",
    ]);
  } else {
    // The stated total is the region's figure, not a check of one; its coverage can still be
    // checked against its stated potential.
    const potential = regionStated?.potential === undefined ? undefined : region.potential;
    compare(
      regionStated && { ...regionStated, members: undefined },
      computed(region.members, potential, undefined, false),
      ["region", "stated"],
    );
    regionTotalNote();
  }
  for (const [id, stated] of Object.entries(briefing.region.stated?.segments ?? {})) {
    const segment = region.segments.find((s) => s.id === id);
    if (segment && regionCounts)
      compare(stated, segmentActual(segment, region.members, t`the region`), [
        "region",
        "stated",
        "segments",
        id,
      ]);
  }

  derived.units.forEach((unit, i) => {
    const declared = briefing.units[i];
    const stated = declared?.stated;
    compare(
      stated,
      computed(
        unit.members,
        declared?.potential === undefined ? undefined : unit.potential,
        region.members ? { members: region.members, label: t`the region` } : undefined,
        declared?.members === undefined,
      ),
      ["units", i, "stated"],
    );
    for (const [id, statedSegment] of Object.entries(stated?.segments ?? {})) {
      const segment = unit.segments.find((s) => s.id === id);
      const at: FieldPath = ["units", i, "stated", "segments", id];
      if (segment) compare(statedSegment, segmentActual(segment, unit.members, unit.id), at);
      else compare(statedSegment, computed(undefined, undefined, undefined, false), at);
    }
    potentialZero(unit, i);
    overPotential(unit, i);
  });
  othersCheck();
  indicatorsCheck();
  return issues;

  /**
   * Each indicator's printed coverage against its own count and potential, per unit and for the
   * region; the region's printed count and potential against its units' sums.
   */
  function indicatorsCheck(): void {
    const pct = (at: FieldPath, stated: number | undefined, count?: number, potential?: number) => {
      if (stated === undefined || count === undefined || potential === undefined) return;
      if (potential === 0) {
        if (count > 0)
          issue(
            "warning",
            at,
            t`the potential is 0 but the count is ${num(count)}: no coverage exists`,
          );
        return;
      }
      const computedValue = (count / potential) * 100;
      const allowed = tolerance ?? impliedTolerance(stated, source.written(at));
      if (Math.abs(stated - computedValue) <= allowed + 1e-9) return;
      issue(
        "warning",
        at,
        t`stated ${num(stated)} %, but the counts give ${num(computedValue)} % (${num(count)} / ${num(potential)})`,
      );
    };
    briefing.units.forEach((unit, i) => {
      for (const [id, entry] of Object.entries(unit.indicators ?? {})) {
        const at: FieldPath = ["units", i, "indicators", id];
        pct([...at, "coverage"], entry.coverage, entry.count, entry.potential);
        if (
          entry.count !== undefined &&
          entry.potential !== undefined &&
          entry.count > entry.potential &&
          entry.potential > 0
        )
          issue(
            "note",
            [...at, "count"],
            t`coverage of ${id} in ${unit.id} is ${num((entry.count / entry.potential) * 100)} %: more counted than the potential; allowed, and shown`,
          );
      }
    });
    const complete = !region.partial;
    for (const [id, entry] of Object.entries(briefing.region.stated?.indicators ?? {})) {
      const at: FieldPath = ["region", "stated", "indicators", id];
      const cells = briefing.units.map((u) =>
        u.indicators && Object.hasOwn(u.indicators, id) ? u.indicators[id] : undefined,
      );
      const sum = (field: "count" | "potential") =>
        complete && cells.every((c) => c?.[field] !== undefined)
          ? cells.reduce((total, c) => total + (c?.[field] ?? 0), 0)
          : undefined;
      for (const field of ["count", "potential"] as const) {
        const stated = entry[field];
        const summed = sum(field);
        if (stated !== undefined && summed !== undefined && stated !== summed)
          issue(
            "warning",
            [...at, field],
            field === "count"
              ? t`stated ${num(stated)}, but the units' counts add up to ${num(summed)} (difference ${num(summed - stated)})`
              : t`stated ${num(stated)}, but the units' potentials add up to ${num(summed)} (difference ${num(summed - stated)})`,
          );
      }
      pct(
        [...at, "coverage"],
        entry.coverage,
        entry.count ?? sum("count"),
        entry.potential ?? sum("potential"),
      );
    }
  }

  function regionTotalNote(): void {
    const stated = briefing.region.stated?.members;
    if (stated === undefined) return;
    const counted = region.countedMembers?.value;
    const listedNote =
      counted === undefined
        ? ""
        : t`; the listed units with counts (${region.counted}) add up to ${counted} of it`;
    issue(
      "note",
      ["region", "stated", "members"],
      t`${stated} is the region's total as published (${region.listed} of ${region.unitCount} units listed${region.counted < region.listed ? t`, some without counts` : ""})${listedNote}`,
    );
  }

  function othersCheck(): void {
    const others = region.others;
    if (!others) return;
    const negative: [string, Figure | undefined, FieldPath][] = [
      ["members", others.members, ["region", "stated", "members"]],
      ["potential", others.potential, ["region", "stated", "potential"]],
    ];
    for (const [what, figure, at] of negative) {
      if (figure && figure.value < 0) {
        issues.push({
          severity: "error",
          file: source.file,
          path: formatPath(at),
          ...source.locate(at),
          message: t`the listed units' ${what} add up to more than the region's stated total (by ${num(-figure.value)})`,
          expected: t`a region ${what} of at least the listed units' sum`,
        });
      }
    }
  }

  function potentialZero(unit: UnitFigures, i: number): void {
    if (unit.potential?.value === 0 && (unit.members?.value ?? 0) > 0) {
      issue(
        "warning",
        ["units", i, "potential"],
        t`potential is 0 but ${unit.id} has ${unit.members?.value} members: its coverage cannot be computed`,
      );
    }
  }

  function overPotential(unit: UnitFigures, i: number): void {
    const over = [
      ...(unit.coverage !== undefined && unit.coverage.value > 100
        ? [{ path: ["units", i, "potential"], what: unit.id, coverage: unit.coverage.value }]
        : []),
      ...unit.segments
        .filter((segment) => (segment.coverage?.value ?? 0) > 100)
        .map((segment) => ({
          path: ["units", i, "potential", segment.id],
          what: t`${unit.id}, segment ${segment.id}`,
          coverage: segment.coverage?.value ?? 0,
        })),
    ];
    for (const { path, what, coverage } of over) {
      issue(
        "note",
        path,
        t`coverage of ${what} is ${num(coverage)} %: more members than potential; allowed, and noted in the briefing`,
      );
    }
  }
}
