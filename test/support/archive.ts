/** The fixture archive, copied where a test may change it, and the Chromium this process runs. */
import { createHash } from "node:crypto";
import { cpSync, readdirSync, readFileSync } from "node:fs";
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

/**
 * Chromium processes that are children of this process, read from /proc. Only this process's
 * own children: test files running in parallel have browsers of their own.
 */
export function chromiumChildren(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split at the last ")".
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const ppid = Number(stat.slice(close + 2).split(" ")[1]);
    if (ppid === process.pid && /chrom/i.test(comm)) pids.push(Number(name));
  }
  return pids;
}
