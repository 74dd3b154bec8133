/**
 * An .xlsx is a zip, and a zip can promise little and inflate to gigabytes. Before exceljs
 * reads a workbook, every entry is inflated here once with a ceiling (zlib's
 * maxOutputLength), so an entry that lies about its size is stopped at the ceiling rather than
 * trusted: exceljs (through jszip) inflates each entry whole before it compares the sizes.
 */
import { inflateRawSync } from "node:zlib";

export interface ZipLimits {
  /** Most entries a workbook may hold. */
  maxEntries: number;
  /** Most bytes all entries may inflate to, together. */
  maxInflated: number;
}

/** A briefing's sheet inflates to a few MB; 50 MB leaves room and bounds memory. */
export const defaultZipLimits: ZipLimits = { maxEntries: 2000, maxInflated: 50 * 1024 * 1024 };

export type ZipProblem =
  | { kind: "not-zip" }
  | { kind: "too-many-entries"; entries: number }
  | { kind: "too-large"; inflated: number }
  | { kind: "unsupported"; entry: string };

/** The entries' names if the zip is within the limits, else what is wrong with it. */
export function checkZip(
  bytes: Buffer,
  limits: ZipLimits = defaultZipLimits,
): { names: string[] } | { problem: ZipProblem } {
  const end = endOfDirectory(bytes);
  if (end === undefined) return { problem: { kind: "not-zip" } };
  const entries = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  let at = bytes.readUInt32LE(end + 16);
  if (entries === 0xffff || at === 0xffffffff || at + size > bytes.length) {
    // ZIP64 or a directory outside the file: no spreadsheet application writes these.
    return { problem: { kind: "not-zip" } };
  }
  if (entries > limits.maxEntries) return { problem: { kind: "too-many-entries", entries } };
  const names: string[] = [];
  let inflated = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) {
      return { problem: { kind: "not-zip" } };
    }
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const declared = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    names.push(name);
    at += 46 + nameLength + extraLength + commentLength;
    // The declared sizes first: a bomb that says what it is costs nothing to refuse.
    inflated += declared;
    if (inflated > limits.maxInflated) return { problem: { kind: "too-large", inflated } };
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) {
      return { problem: { kind: "not-zip" } };
    }
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + compressed);
    if (method === 0) continue;
    if (method !== 8) return { problem: { kind: "unsupported", entry: name } };
    // Then the truth: inflated with a ceiling of what is left of the limit.
    const room = limits.maxInflated - (inflated - declared);
    let actual: number;
    try {
      actual = inflateRawSync(data, { maxOutputLength: Math.max(1, room) }).length;
    } catch (error) {
      if (error instanceof RangeError) {
        return { problem: { kind: "too-large", inflated: limits.maxInflated + 1 } };
      }
      return { problem: { kind: "not-zip" } };
    }
    inflated += actual - declared;
    if (inflated > limits.maxInflated) return { problem: { kind: "too-large", inflated } };
  }
  return { names };
}

/** Where the end-of-central-directory record starts, searched from the end (past a comment). */
function endOfDirectory(bytes: Buffer): number | undefined {
  const first = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= first; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) return i;
  }
  return undefined;
}
