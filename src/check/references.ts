/**
 * Check stage, part one: what the schema alone cannot see. Ids that must be unique or
 * must exist, counts that must name every segment, targets that must be computable.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Issue } from "../errors.js";
import type { Briefing } from "../load/schema.js";
import { type FieldPath, formatPath, type YamlSource } from "../load/yaml.js";
import { t } from "../locale/messages.js";

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
    duplicate: (id: string) => string,
  ) => {
    const seen = new Map<string, number>();
    ids.forEach((id, i) => {
      if (id === undefined) return;
      const first = seen.get(id);
      if (first === undefined) seen.set(id, i);
      else
        error(where(i), duplicate(id), {
          hint: t`also used at ${formatPath(where(first))}`,
        });
    });
  };
  unique(
    briefing.units.map((u) => u.id),
    (i) => ["units", i, "id"],
    (id) => t`duplicate unit id "${id}"`,
  );
  unique(
    briefing.segments.map((s) => s.id),
    (i) => ["segments", i, "id"],
    (id) => t`duplicate segment id "${id}"`,
  );
  unique(
    briefing.indicators.map((s) => s.id),
    (i) => ["indicators", i, "id"],
    (id) => t`duplicate indicator id "${id}"`,
  );
  unique(
    briefing.sources.map((s) => s.id),
    (i) => ["sources", i, "id"],
    (id) => t`duplicate source id "${id}"`,
  );
  unique(
    briefing.content.map((s) => s.id),
    (i) => ["content", i, "id"],
    (id) => t`duplicate content section id "${id}"`,
  );

  const segmentIds = briefing.segments.map((segment) => segment.id);
  const indicatorIds = briefing.indicators.map((indicator) => indicator.id);
  const unitIds = briefing.units.map((unit) => unit.id);
  const sourceIds = briefing.sources.flatMap((source) => (source.id ? [source.id] : []));
  const oneOf = (ids: readonly string[]) =>
    ids.length > 0 ? t`one of ${ids.join(", ")}` : t`nothing: none are defined`;

  const checkSegmentMap = (value: unknown, path: FieldPath, complete: boolean): void => {
    if (value === null || typeof value !== "object") return;
    const keys = Object.keys(value);
    if (segmentIds.length === 0) {
      error(path, t`counts are split by segment, but no segments are defined`, {
        expected: t`a whole number, or a \`segments:\` list naming the segments`,
      });
      return;
    }
    for (const key of keys) {
      if (!segmentIds.includes(key)) {
        keyError(path, key, t`unknown segment "${key}"`, { expected: oneOf(segmentIds) });
      }
    }
    if (complete) {
      for (const id of segmentIds) {
        if (!keys.includes(id)) {
          error(path, t`no count for segment "${id}"`, {
            expected: t`a count for each of ${segmentIds.join(", ")}`,
            hint: t`write 0 where a segment has no members`,
          });
        }
      }
    }
  };

  const checkSource = (id: string | undefined, path: FieldPath): void => {
    if (id !== undefined && !sourceIds.includes(id)) {
      error(path, t`unknown source "${id}"`, { expected: oneOf(sourceIds) });
    }
  };
  checkSource(briefing.region.source, ["region", "source"]);

  if (briefing.title !== undefined && briefing.meeting?.title !== undefined) {
    error(["meeting", "title"], t`the title is given twice: as title and as meeting.title`, {
      expected: t`one of them`,
    });
  }
  const unitCount = briefing.region.unit_count;
  if (unitCount !== undefined && unitCount < briefing.units.length) {
    error(
      ["region", "unit_count"],
      t`the region has ${unitCount} units, but ${briefing.units.length} are listed`,
      {
        expected: t`at least ${briefing.units.length}, the units listed`,
        found: String(unitCount),
      },
    );
  }

  /** An indicator map: known ids, and each entry a figure that can be said. */
  const checkIndicators = (
    map: Record<string, { count?: number; potential?: number; coverage?: number }> | undefined,
    path: FieldPath,
  ): void => {
    if (map === undefined) return;
    for (const [id, figures] of Object.entries(map)) {
      if (!indicatorIds.includes(id)) {
        keyError(path, id, t`unknown indicator "${id}"`, {
          expected: oneOf(indicatorIds),
          ...(indicatorIds.length === 0
            ? { hint: t`list the indicators first: indicators: [{ id: …, name: … }]` }
            : {}),
        });
        continue;
      }
      const at: FieldPath = [...path, id];
      if (figures.count === undefined && figures.coverage === undefined) {
        error(at, t`indicator "${id}" has no figure`, {
          expected: t`count (with its potential), or the coverage a source printed`,
        });
      } else if (figures.potential !== undefined && figures.count === undefined) {
        error([...at, "potential"], t`indicator "${id}" has a potential but no count`, {
          expected: t`count and potential together`,
        });
      }
      const own = figures as { illustrative?: boolean | string[]; source?: string };
      if (Array.isArray(own.illustrative)) {
        own.illustrative.forEach((field, f) => {
          if (figures[field as "count"] === undefined)
            error(
              [...at, "illustrative", f],
              t`"${field}" is declared illustrative, but is not given`,
              {
                expected: t`a field the indicator has`,
              },
            );
        });
      }
      checkSource(own.source, [...at, "source"]);
    }
  };
  checkIndicators(briefing.region.stated?.indicators, ["region", "stated", "indicators"]);

  briefing.units.forEach((unit, i) => {
    checkIndicators(unit.indicators, ["units", i, "indicators"]);
    const stated = unit.stated;
    const publishedAny =
      stated !== undefined &&
      [stated.members, stated.potential, stated.share, stated.coverage].some(
        (v) => v !== undefined,
      );
    const indicatorsAny = Object.keys(unit.indicators ?? {}).length > 0;
    if (unit.members === undefined && !publishedAny && !indicatorsAny) {
      error(["units", i], t`unit "${unit.id}" has no figures`, {
        expected: t`members, a figure its source published under stated (members, share or coverage), or indicators`,
      });
    }
    if (Array.isArray(unit.illustrative)) {
      unit.illustrative.forEach((field, f) => {
        const [name, segment] = field.split(".") as ["members" | "potential", string | undefined];
        const counts = unit[name];
        const at: FieldPath = ["units", i, "illustrative", f];
        if (counts === undefined) {
          error(at, t`"${field}" is declared illustrative, but the unit has no ${name}`, {
            expected: t`a field the unit has: ${["members", "potential"].filter((k) => unit[k as "members"] !== undefined).join(", ") || t`none`}`,
          });
        } else if (segment !== undefined && typeof counts !== "object") {
          error(at, t`"${field}" names a segment, but the unit's ${name} is a single total`, {
            expected: t`${name}, or ${name} split by segment`,
          });
        } else if (segment !== undefined && !Object.hasOwn(counts as object, segment)) {
          error(at, t`"${field}": the unit's ${name} has no segment "${segment}"`, {
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
      error(["units", i, "potential"], t`potential is split by segment but members are not`, {
        expected: t`members split by the same segments, or a single potential`,
      });
    }
  });
  checkSegmentMap(briefing.region.stated?.segments, ["region", "stated", "segments"], false);

  if (briefing.region.focus !== undefined && !unitIds.includes(briefing.region.focus)) {
    error(["region", "focus"], t`unknown unit "${briefing.region.focus}"`, {
      expected: oneOf(unitIds),
    });
  }

  briefing.targets.forEach((target, i) => {
    if (target.value > 0 && target.value < 1) {
      error(["targets", i, "value"], t`a target of ${target.value} % looks like a fraction`, {
        expected: t`a percentage (63 means 63 %)`,
        found: String(target.value),
        hint: t`did you mean ${Number((target.value * 100).toPrecision(12))}?`,
      });
    }
    const unit =
      target.unit === undefined ? undefined : briefing.units.find((u) => u.id === target.unit);
    if (target.unit !== undefined && !unit) {
      const whole = ["region", "wilayah", "all", "semua", "total"].includes(target.unit);
      error(["targets", i, "unit"], t`unknown unit "${target.unit}"`, {
        expected: oneOf(unitIds),
        ...(whole ? { hint: t`a target for the whole region leaves out unit:` } : {}),
      });
      return;
    }
    if (target.segment !== undefined && target.indicator !== undefined) {
      error(["targets", i, "indicator"], t`a target is for a segment or an indicator, not both`, {
        expected: t`segment: <id> or indicator: <id>`,
      });
      return;
    }
    if (target.segment !== undefined) {
      if (!segmentIds.includes(target.segment)) {
        error(["targets", i, "segment"], t`unknown segment "${target.segment}"`, {
          expected: oneOf(segmentIds),
        });
      }
      return;
    }
    if (target.indicator !== undefined) {
      if (!indicatorIds.includes(target.indicator)) {
        error(["targets", i, "indicator"], t`unknown indicator "${target.indicator}"`, {
          expected: oneOf(indicatorIds),
        });
      }
      if (target.metric !== "coverage") {
        error(["targets", i, "metric"], t`an indicator's target is a coverage`, {
          expected: "metric: coverage",
          found: target.metric,
          hint: t`indicators never add up, so no indicator has a share of another`,
        });
      }
      return;
    }
    if (target.metric === "share") {
      if (!unit) {
        error(
          ["targets", i, "metric"],
          t`a share target needs a unit: the region's share of itself is always 100 %`,
          {
            expected: t`unit: <id>, or metric: coverage`,
          },
        );
      } else if (target.value >= 100) {
        error(
          ["targets", i, "value"],
          t`a share target must be below 100 %: while other units have members, no number of members reaches it`,
          { expected: t`a value below 100`, found: String(target.value) },
        );
      }
    }
    if (target.metric === "share" && unit) {
      const counted = (u: (typeof briefing.units)[number]) =>
        u.members !== undefined || u.stated?.members !== undefined;
      const regionTotal =
        briefing.region.stated?.members !== undefined ||
        ((briefing.region.unit_count ?? 0) <= briefing.units.length &&
          briefing.units.every(counted));
      if (unit.stated?.share === undefined && !(counted(unit) && regionTotal)) {
        error(["targets", i, "metric"], t`a share target needs the unit's share`, {
          expected: t`counts for ${unit.id} and the region's total (region.stated.members), or a published share (units[${briefing.units.indexOf(unit)}].stated.share)`,
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
        error(["targets", i, "metric"], t`a coverage target needs a potential above 0`, {
          expected: t`a potential above 0`,
          found: "0",
        });
      }
      const partial = (briefing.region.unit_count ?? 0) > briefing.units.length;
      if (!statedCoverage && (partial && !unit ? true : potentials.some((p) => p === undefined))) {
        error(
          ["targets", i, "metric"],
          t`a coverage target needs the potential (the coverage denominator), or a published coverage`,
          {
            expected: unit
              ? t`units[${briefing.units.indexOf(unit)}].potential, or units[${briefing.units.indexOf(unit)}].stated.coverage`
              : t`a potential on every unit, or region.stated.potential or region.stated.coverage`,
          },
        );
      }
    }
  });

  // The template set a file names must be there: said at its line, not as a folder not found.
  if (briefing.templates !== undefined) {
    const dir = path.resolve(path.dirname(source.file), briefing.templates);
    if (!existsSync(path.join(dir, ".")) || !statSync(dir).isDirectory())
      error(["templates"], t`no template folder at ${dir}`, {
        expected: t`a folder, written from this file's folder (such as ../../templates/dinkes)`,
      });
  }

  const format = briefing.measure?.format;
  if (format !== undefined) {
    const texts = typeof format === "string" ? { "": format } : format;
    for (const [lang, text] of Object.entries(texts)) {
      if (!text.includes("{value}"))
        error(["measure", "format", ...(lang ? [lang] : [])], t`a count's format without {value}`, {
          expected: t`a text with {value} where the number goes, such as "Rp{value}"`,
          found: text,
        });
    }
  }

  return issues;
}
