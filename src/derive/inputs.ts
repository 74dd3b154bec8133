/**
 * The file's own numbers as figures: each count published or illustrative as the file declares
 * it (per unit, per field, per segment), each stated figure published, with its sources. Pure.
 */
import type { Briefing, StatedValue, UnitValue } from "../load/schema.js";
import type { FieldPath } from "../load/yaml.js";
import { decimalsWritten, type Figure, illustrative, published } from "./figure.js";

/** The text a number was written as, where the file is at hand (see YamlSource.written). */
export type Written = (path: FieldPath) => string | undefined;

/** A percentage a source printed, with the decimals it was printed with. */
export interface StatedPercent {
  value: number;
  decimals: number;
}

export interface StatedFigures {
  members: number | undefined;
  potential: number | undefined;
  share: StatedPercent | undefined;
  coverage: StatedPercent | undefined;
}

/** A count written as a total, or per segment, as figures. */
export interface CountInput {
  /** Undefined when the file gives per-segment counts for only some segments. */
  total: Figure | undefined;
  /** Undefined when the file gives a single total. */
  bySegment: Map<string, Figure> | undefined;
}

export interface UnitInput {
  members: CountInput | undefined;
  potential: CountInput | undefined;
  stated: StatedFigures;
  statedSegments: Map<string, StatedFigures>;
  sources: string[];
}

/** The sources a unit's (or the region's) published figures come from. */
export function sourcesOf(briefing: Briefing, own: string | undefined): string[] {
  if (own !== undefined) return [own];
  if (briefing.region.source !== undefined) return [briefing.region.source];
  const ids = briefing.sources.flatMap((source) => (source.id ? [source.id] : []));
  return ids.length === 1 ? ids : [];
}

export function statedFigures(
  stated: Omit<StatedValue, "segments"> | undefined,
  path: FieldPath,
  written: Written | undefined,
): StatedFigures {
  const percent = (field: "share" | "coverage"): StatedPercent | undefined => {
    const value = stated?.[field];
    return value === undefined
      ? undefined
      : { value, decimals: decimalsWritten(value, written?.([...path, field])) };
  };
  return {
    members: stated?.members,
    potential: stated?.potential,
    share: percent("share"),
    coverage: percent("coverage"),
  };
}

/** Which of a unit's counts the file declares made up. */
function illustrativeTest(flag: UnitValue["illustrative"]): (field: string) => boolean {
  if (flag === true) return () => true;
  if (flag === false) return () => false;
  const fields = new Set(flag);
  return (field) => fields.has(field) || fields.has(field.split(".")[0] ?? field);
}

function countInput(
  counts: UnitValue["members"],
  field: "members" | "potential",
  segmentIds: readonly string[],
  isMadeUp: (field: string) => boolean,
  sources: readonly string[],
): CountInput | undefined {
  if (counts === undefined) return undefined;
  const figure = (value: number, path: string) =>
    isMadeUp(path) ? illustrative(value) : published(value, sources);
  if (typeof counts === "number") return { total: figure(counts, field), bySegment: undefined };
  const bySegment = new Map<string, Figure>();
  for (const id of segmentIds) {
    // Own properties only: a segment named "constructor" must not find Object's.
    const count = Object.hasOwn(counts, id) ? counts[id] : undefined;
    if (count !== undefined) bySegment.set(id, figure(count, `${field}.${id}`));
  }
  return { total: undefined, bySegment };
}

export function unitInput(
  briefing: Briefing,
  index: number,
  written: Written | undefined,
): UnitInput {
  const unit = briefing.units[index] as UnitValue;
  const segmentIds = briefing.segments.map((segment) => segment.id);
  const sources = sourcesOf(briefing, unit.source);
  const isMadeUp = illustrativeTest(unit.illustrative);
  const statedPath: FieldPath = ["units", index, "stated"];
  const statedSegments = new Map<string, StatedFigures>();
  for (const [id, stated] of Object.entries(unit.stated?.segments ?? {})) {
    statedSegments.set(id, statedFigures(stated, [...statedPath, "segments", id], written));
  }
  return {
    members: countInput(unit.members, "members", segmentIds, isMadeUp, sources),
    potential: countInput(unit.potential, "potential", segmentIds, isMadeUp, sources),
    stated: statedFigures(unit.stated, statedPath, written),
    statedSegments,
    sources,
  };
}
