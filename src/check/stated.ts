/**
 * Check stage, part two: figures the YAML states (as a source printed them) against what
 * the counts give. A disagreement is a warning naming both values and the line; `--strict`
 * makes it an error. A coverage above 100 % is allowed, and noted.
 */
import type { Derived, SegmentFigures } from "../derive/derive.js";
import type { Issue } from "../errors.js";
import type { Briefing, StatedValue } from "../load/schema.js";
import { type FieldPath, formatPath, type YamlSource } from "../load/yaml.js";

/** Half a unit of the last decimal the stated percentage was written with: 36 → 0.5, 26.72 → 0.005. */
export function impliedTolerance(stated: number): number {
  const text = String(stated);
  const decimals = text.includes(".") ? text.length - text.indexOf(".") - 1 : 0;
  return 0.5 * 10 ** -decimals;
}

const plain = (value: number): string =>
  Number.isInteger(value) ? String(value) : String(Math.round(value * 10000) / 10000);

interface Actual {
  members: number;
  potential: number | undefined;
  coverage: number | undefined;
  share: number | undefined;
  /** Human description of where the derived figure comes from. */
  whole: { members: number; label: string } | undefined;
}

export function checkStated(briefing: Briefing, derived: Derived, source: YamlSource): Issue[] {
  const issues: Issue[] = [];
  const tolerance = briefing.checks.tolerance;

  const compare = (stated: StatedValue | undefined, actual: Actual, path: FieldPath): void => {
    if (!stated) return;
    const warn = (field: string, message: string): void => {
      const at: FieldPath = [...path, field];
      issues.push({
        severity: "warning",
        file: source.file,
        path: formatPath(at),
        ...source.locate(at),
        message,
      });
    };
    const count = (
      field: "members" | "potential",
      value: number | undefined,
      derivedValue: number | undefined,
    ) => {
      if (value === undefined || derivedValue === undefined || value === derivedValue) return;
      warn(
        field,
        `stated ${value}, but the counts add up to ${derivedValue} (difference ${derivedValue - value})`,
      );
    };
    count("members", stated.members, actual.members);
    count("potential", stated.potential, actual.potential);

    const pct = (
      field: "share" | "coverage",
      value: number | undefined,
      derivedValue: number | undefined,
      how: string,
    ) => {
      if (value === undefined || derivedValue === undefined) return;
      const allowed = tolerance ?? impliedTolerance(value);
      if (Math.abs(value - derivedValue) <= allowed + 1e-9) return;
      warn(
        field,
        `stated ${plain(value)} %, but the counts give ${plain(derivedValue)} % (${how})`,
      );
    };
    pct(
      "share",
      stated.share,
      actual.share,
      actual.whole
        ? `${actual.members} of ${actual.whole.members} members of ${actual.whole.label}`
        : "",
    );
    pct(
      "coverage",
      stated.coverage,
      actual.coverage,
      `${actual.members} members / ${actual.potential} potential`,
    );
  };

  const segmentActual = (segment: SegmentFigures, whole: number, label: string): Actual => ({
    members: segment.members,
    potential: segment.potential,
    coverage: segment.coverage,
    share: segment.share,
    whole: { members: whole, label },
  });

  compare(briefing.region.stated, { ...derived.region, share: undefined, whole: undefined }, [
    "region",
    "stated",
  ]);
  for (const [id, stated] of Object.entries(briefing.region.stated?.segments ?? {})) {
    const segment = derived.region.segments.find((s) => s.id === id);
    if (segment)
      compare(stated, segmentActual(segment, derived.region.members, "the region"), [
        "region",
        "stated",
        "segments",
        id,
      ]);
  }

  derived.units.forEach((unit, i) => {
    const stated = briefing.units[i]?.stated;
    compare(stated, { ...unit, whole: { members: derived.region.members, label: "the region" } }, [
      "units",
      i,
      "stated",
    ]);
    for (const [id, statedSegment] of Object.entries(stated?.segments ?? {})) {
      const segment = unit.segments.find((s) => s.id === id);
      if (segment)
        compare(statedSegment, segmentActual(segment, unit.members, unit.id), [
          "units",
          i,
          "stated",
          "segments",
          id,
        ]);
    }
    if (unit.potential === 0 && unit.members > 0) {
      const at: FieldPath = ["units", i, "potential"];
      issues.push({
        severity: "warning",
        file: source.file,
        path: formatPath(at),
        ...source.locate(at),
        message: `potential is 0 but ${unit.id} has ${unit.members} members: its coverage cannot be computed`,
      });
    }
    const over = [
      ...(unit.coverage !== undefined && unit.coverage > 100
        ? [{ path: ["units", i, "potential"], what: unit.id, coverage: unit.coverage }]
        : []),
      ...unit.segments
        .filter((segment) => (segment.coverage ?? 0) > 100)
        .map((segment) => ({
          path: ["units", i, "potential", segment.id],
          what: `${unit.id}, segment ${segment.id}`,
          coverage: segment.coverage ?? 0,
        })),
    ];
    for (const { path, what, coverage } of over) {
      issues.push({
        severity: "note",
        file: source.file,
        path: formatPath(path),
        ...source.locate(path),
        message: `coverage of ${what} is ${plain(coverage)} %: more members than potential; allowed, and noted in the briefing`,
      });
    }
  });

  return issues;
}
