/**
 * The figures record an archival PDF carries beside its data: every figure the briefing was
 * made from (derive's figures and the changes since earlier periods), flattened to one value
 * per path (`units[kota-jambi].members.value`), with the files it was derived from and a hash
 * of the printed pages. `briefing verify` derives the figures again from the attached files
 * and compares the two. Pure.
 */
import { z } from "zod";
import type { Change } from "../derive/change.js";
import type { Derived } from "../derive/derive.js";

/** The attachment's name inside the PDF. */
export const RECORD_NAME = "briefing-figures.json";
export const RECORD_FORMAT = "briefing-figures/1";

type Scalar = number | string | boolean;

const RecordFile = z.object({
  name: z.string(),
  sha256: z.string(),
  /**
   * The briefing itself, an earlier period it was compared with, or the sheet one of them reads
   * its units from (`units: { from: … }`).
   */
  role: z.enum(["briefing", "latest", "year", "sheet"]),
  period: z.string().optional(),
  /** A sheet's: the attached YAML file that reads it, and its path as that file names it. */
  of: z.string().optional(),
  path: z.string().optional(),
});

export const FiguresRecord = z.object({
  format: z.literal(RECORD_FORMAT),
  generator: z.string(),
  title: z.string(),
  asOf: z.string(),
  lang: z.string(),
  files: z.array(RecordFile).min(1),
  /** sha256 of the pages' content streams, decoded, in page order. */
  pages: z.string(),
  figures: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
});

export type FiguresRecord = z.infer<typeof FiguresRecord>;
export type RecordFile = z.infer<typeof RecordFile>;

/** An element's name in a path: its id (units, segments), its kind (changes), else its place. */
function keyOf(element: unknown, index: number): string {
  if (element !== null && typeof element === "object") {
    const named = element as { id?: unknown; kind?: unknown };
    if (typeof named.id === "string") return named.id;
    if (typeof named.kind === "string") return named.kind;
  }
  return String(index);
}

function flatten(value: unknown, at: string, out: Record<string, Scalar>): void {
  if (value === undefined || value === null) return;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") {
    out[at] = value;
  } else if (Array.isArray(value)) {
    for (const [i, element] of value.entries()) {
      flatten(element, `${at}[${keyOf(element, i)}]`, out);
    }
  } else if (value instanceof Map) {
    for (const [key, element] of value) flatten(element, `${at}[${String(key)}]`, out);
  } else if (typeof value === "object") {
    for (const [key, element] of Object.entries(value)) {
      // A change's `previous` is the earlier period's own figures: its differences are the
      // change figures, recorded already.
      if (key === "previous") continue;
      flatten(element, at === "" ? key : `${at}.${key}`, out);
    }
  }
}

/** Every figure of a briefing, one value per path, the paths sorted (the same bytes each time). */
export function figuresOf(derived: Derived, changes: readonly Change[]): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  flatten({ derived, changes }, "", out);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface Difference {
  field: string;
  printed: Scalar | undefined;
  now: Scalar | undefined;
}

/** The fields whose values differ, or that one side has and the other has not. */
export function differences(
  printed: Readonly<Record<string, Scalar>>,
  now: Readonly<Record<string, Scalar>>,
): Difference[] {
  const fields = [...new Set([...Object.keys(printed), ...Object.keys(now)])].sort();
  return fields
    .filter((field) => printed[field] !== now[field])
    .map((field) => ({ field, printed: printed[field], now: now[field] }));
}
