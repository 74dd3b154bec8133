/** The fixture archive, copied where a test may change it, and the Chromium this process runs. */
import { createHash } from "node:crypto";
import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, tempDir } from "./files.js";

/** Series alpha (2024-01, 2024-02, 2024-03) and beta (2024-02). */
export const ARCHIVE_FIXTURE = path.join(ROOT, "test/fixtures/archive");

/** A working folder: the data under `data/`, the archive built into `out/`. */
export interface ArchiveCopy {
  root: string;
  data: string;
  out: string;
}

const layout = (root: string): ArchiveCopy => ({
  root,
  data: path.join(root, "data"),
  out: path.join(root, "out"),
});

/** A fresh copy of the fixture archive's data, with nothing built yet. */
export function fixtureArchive(): ArchiveCopy {
  const copy = layout(tempDir("briefing-archive-"));
  cpSync(ARCHIVE_FIXTURE, copy.data, { recursive: true });
  return copy;
}

/**
 * A copy of a working folder, data and built archive alike: the same layout, so the manifest's
 * input paths (relative to the output folder) still name the copied data.
 */
export function copyOf(from: ArchiveCopy): ArchiveCopy {
  const copy = layout(tempDir("briefing-archive-"));
  cpSync(from.root, copy.root, { recursive: true });
  return copy;
}

export const sha256File = (file: string): string =>
  createHash("sha256").update(readFileSync(file)).digest("hex");

/** The entries of a snapshot whose names start with one of `prefixes`. */
export function only(
  snap: Record<string, string>,
  prefixes: readonly string[],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(snap).filter(([name]) => prefixes.some((p) => name.startsWith(p))),
  );
}
