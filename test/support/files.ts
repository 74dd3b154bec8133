/** Temporary folders and snapshots of what a folder holds, byte for byte. */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const example2020 = path.join(ROOT, "data/sumbagsel/2020-10.yaml");
export const example2018 = path.join(ROOT, "data/sumsel/2018-10.yaml");

const made: string[] = [];
export function tempDir(prefix = "briefing-test-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** name → sha256 and mtime of every file under `dir` (hidden ones included). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const hash = createHash("sha256").update(readFileSync(full)).digest("hex");
        out[path.relative(dir, full)] = `${hash} ${statSync(full).mtimeMs}`;
      }
    }
  };
  walk(dir);
  return out;
}
