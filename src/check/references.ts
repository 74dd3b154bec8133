/**
 * Check stage, part one: what the schema alone cannot see. Ids that must be unique or
 * must exist, counts that must name every segment, targets that must be computable.
 */
import type { Issue } from "../errors.js";
import type { Briefing } from "../load/schema.js";
import { type FieldPath, formatPath, type YamlSource } from "../load/yaml.js";

export function checkReferences(briefing: Briefing, source: YamlSource): Issue[] {
  const issues: Issue[] = [];
  const error = (path: FieldPath, message: string, extra: Partial<Issue> = {}): void => {
    issues.push({
      severity: "error",
      file: source.file,
      path: formatPath(path),
      ...source.locate(path),
      message,
      ...extra,
    });
  };
  const keyError = (path: FieldPath, key: string, message: string, extra: Partial<Issue>): void => {
    issues.push({
      severity: "error",
      file: source.file,
      path: formatPath([...path, key]),
      ...source.locateKey(path, key),
      message,
      ...extra,
    });
  };

  const unique = (
    ids: readonly (string | undefined)[],
    where: (i: number) => FieldPath,
    what: string,
  ) => {
    const seen = new Map<string, number>();
    ids.forEach((id, i) => {
      if (id === undefined) return;
      const first = seen.get(id);
      if (first === undefined) seen.set(id, i);
      else
        error(where(i), `duplicate ${what} id "${id}"`, {
          hint: `also used at ${formatPath(where(first))}`,
        });
    });
  };
  unique(
    briefing.units.map((u) => u.id),
    (i) => ["units", i, "id"],
    "unit",
  );
  unique(
    briefing.segments.map((s) => s.id),
    (i) => ["segments", i, "id"],
    "segment",
  );
  unique(
    briefing.sources.map((s) => s.id),
    (i) => ["sources", i, "id"],
    "source",
  );
  unique(
    briefing.content.map((s) => s.id),
    (i) => ["content", i, "id"],
    "content section",
  );

  const segmentIds = briefing.segments.map((segment) => segment.id);
  const unitIds = briefing.units.map((unit) => unit.id);
  const sourceIds = briefing.sources.flatMap((source) => (source.id ? [source.id] : []));
  const oneOf = (ids: readonly string[]) =>
    ids.length > 0 ? `one of ${ids.join(", ")}` : "nothing: none are defined";

  const checkSegmentMap = (value: unknown, path: FieldPath, complete: boolean): void => {
    if (value === null || typeof value !== "object") return;
    const keys = Object.keys(value);
    if (segmentIds.length === 0) {
      error(path, "counts are split by segment, but no segments are defined", {
        expected: "a whole number, or a `segments:` list naming the segments",
      });
      return;
    }
    for (const key of keys) {
      if (!segmentIds.includes(key)) {
        keyError(path, key, `unknown segment "${key}"`, { expected: oneOf(segmentIds) });
      }
    }
    if (complete) {
      for (const id of segmentIds) {
        if (!keys.includes(id)) {
          error(path, `no count for segment "${id}"`, {
            expected: `a count for each of ${segmentIds.join(", ")}`,
            hint: "write 0 where a segment has no members",
          });
        }
      }
    }
  };

  const checkSource = (id: string | undefined, path: FieldPath): void => {
    if (id !== undefined && !sourceIds.includes(id)) {
      error(path, `unknown source "${id}"`, { expected: oneOf(sourceIds) });
    }
  };
  checkSource(briefing.region.source, ["region", "source"]);

  if (briefing.title !== undefined && briefing.meeting?.title !== undefined) {
    error(["meeting", "title"], "the title is given twice: as title and as meeting.title", {
      expected: "one of them",
    });
  }
  const unitCount = briefing.region.unit_count;
  if (unitCount !== undefined && unitCount < briefing.units.length) {
    error(
      ["region", "unit_count"],
      `the region has ${unitCount} units, but ${briefing.units.length} are listed`,
      {
        expected: `at least ${briefing.units.length}, the units listed`,
        found: String(unitCount),
      },
    );
  }

  briefing.units.forEach((unit, i) => {
    const stated = unit.stated;
    const publishedAny =
      stated !== undefined &&
      [stated.members, stated.potential, stated.share, stated.coverage].some(
        (v) => v !== undefined,
      );
    if (unit.members === undefined && !publishedAny) {
      error(["units", i], `unit "${unit.id}" has no figures`, {
        expected:
          "members, or a figure its source published under stated (members, share or coverage)",
      });
    }
    if (Array.isArray(unit.illustrative)) {
      unit.illustrative.forEach((field, f) => {
        const [name, segment] = field.split(".") as ["members" | "potential", string | undefined];
        const counts = unit[name];
        const at: FieldPath = ["units", i, "illustrative", f];
        if (counts === undefined) {
          error(at, `"${field}" is declared illustrative, but the unit has no ${name}`, {
            expected: `a field the unit has: ${["members", "potential"].filter((k) => unit[k as "members"] !== undefined).join(", ") || "none"}`,
          });
        } else if (segment !== undefined && typeof counts !== "object") {
          error(at, `"${field}" names a segment, but the unit's ${name} is a single total`, {
            expected: `${name}, or ${name} split by segment`,
          });
        } else if (segment !== undefined && !Object.hasOwn(counts as object, segment)) {
          error(at, `"${field}": the unit's ${name} has no segment "${segment}"`, {
            expected: oneOf(Object.keys(counts as object).map((k) => `${name}.${k}`)),
          });
        }
      });
    }
    checkSegmentMap(unit.members, ["units", i, "members"], true);
    // A potential may be known for some segments only (Jakon's, say): coverage is then
    // computed for those segments, and the unit has none.
    checkSegmentMap(unit.potential, ["units", i, "potential"], false);
    checkSegmentMap(unit.stated?.segments, ["units", i, "stated", "segments"], false);
    checkSource(unit.source, ["units", i, "source"]);
    if (typeof unit.potential === "object" && typeof unit.members !== "object") {
      error(["units", i, "potential"], "potential is split by segment but members are not", {
        expected: "members split by the same segments, or a single potential",
      });
    }
  });
  checkSegmentMap(briefing.region.stated?.segments, ["region", "stated", "segments"], false);

  if (briefing.region.focus !== undefined && !unitIds.includes(briefing.region.focus)) {
    error(["region", "focus"], `unknown unit "${briefing.region.focus}"`, {
      expected: oneOf(unitIds),
    });
  }

  briefing.targets.forEach((target, i) => {
    const unit =
      target.unit === undefined ? undefined : briefing.units.find((u) => u.id === target.unit);
    if (target.unit !== undefined && !unit) {
      error(["targets", i, "unit"], `unknown unit "${target.unit}"`, { expected: oneOf(unitIds) });
      return;
    }
    if (target.metric === "share") {
      if (!unit) {
        error(
          ["targets", i, "metric"],
          "a share target needs a unit: the region's share of itself is always 100 %",
          {
            expected: "unit: <id>, or metric: coverage",
          },
        );
      } else if (target.value >= 100) {
        error(
          ["targets", i, "value"],
          "a share target must be below 100 %: while other units have members, no number of members reaches it",
          { expected: "a value below 100", found: String(target.value) },
        );
      }
    }
    if (target.value > 0 && target.value < 1) {
      error(["targets", i, "value"], `a target of ${target.value} % looks like a fraction`, {
        expected: "a percentage (63 means 63 %)",
        found: String(target.value),
        hint: `did you mean ${Number((target.value * 100).toPrecision(12))}?`,
      });
    }
    if (target.metric === "share" && unit) {
      const counted = (u: (typeof briefing.units)[number]) =>
        u.members !== undefined || u.stated?.members !== undefined;
      const regionTotal =
        briefing.region.stated?.members !== undefined ||
        ((briefing.region.unit_count ?? 0) <= briefing.units.length &&
          briefing.units.every(counted));
      if (unit.stated?.share === undefined && !(counted(unit) && regionTotal)) {
        error(["targets", i, "metric"], "a share target needs the unit's share", {
          expected: `counts for ${unit.id} and the region's total (region.stated.members), or a published share (units[${briefing.units.indexOf(unit)}].stated.share)`,
        });
      }
    }
    if (target.metric === "coverage") {
      const units = unit ? [unit] : briefing.units;
      const total = (counts: (typeof units)[number]["potential"]) =>
        typeof counts === "object" ? Object.values(counts).reduce((a, b) => a + b, 0) : counts;
      const potentials = units.map((u) => total(u.potential) ?? u.stated?.potential);
      const statedCoverage = unit
        ? unit.stated?.coverage !== undefined
        : briefing.region.stated?.coverage !== undefined ||
          briefing.region.stated?.potential !== undefined;
      if (
        !statedCoverage &&
        potentials.every((p) => p !== undefined) &&
        potentials.every((p) => p === 0)
      ) {
        error(["targets", i, "metric"], "a coverage target needs a potential above 0", {
          expected: "a potential above 0",
          found: "0",
        });
      }
      const partial = (briefing.region.unit_count ?? 0) > briefing.units.length;
      if (!statedCoverage && (partial && !unit ? true : potentials.some((p) => p === undefined))) {
        error(
          ["targets", i, "metric"],
          "a coverage target needs the potential (the coverage denominator), or a published coverage",
          {
            expected: unit
              ? `units[${briefing.units.indexOf(unit)}].potential, or units[${briefing.units.indexOf(unit)}].stated.coverage`
              : "a potential on every unit, or region.stated.potential or region.stated.coverage",
          },
        );
      }
    }
  });

  return issues;
}
