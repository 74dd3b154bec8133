/**
 * The sheet a briefing file names, read from its parsed data without loading anything else:
 * archive planning hashes it with the file, before any briefing is built.
 */
import path from "node:path";

/** `units.from` of parsed YAML data, when units come from a sheet. */
export function unitsFromOf(data: unknown): { from: unknown } | undefined {
  if (data === null || typeof data !== "object") return undefined;
  const units = (data as { units?: unknown }).units;
  if (units === null || typeof units !== "object" || Array.isArray(units)) return undefined;
  return "from" in units ? (units as { from: unknown }) : undefined;
}

/** The sheet file a briefing file names (not checked), for the archive to hash; else undefined. */
export function sheetFileOf(file: string, data: unknown): string | undefined {
  const spec = unitsFromOf(data);
  if (typeof spec?.from !== "string" || path.isAbsolute(spec.from)) return undefined;
  return path.join(path.dirname(file), spec.from);
}
