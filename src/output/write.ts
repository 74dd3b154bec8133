/**
 * The one place that writes outputs. A set of files appears whole or not at all: each is
 * written to a temporary name in the same folder, flushed to disk, and only when every one
 * of them is complete are they renamed into place. A failure leaves earlier outputs intact.
 */
import { randomBytes } from "node:crypto";
import { existsSync, lstatSync, readlinkSync, unlinkSync } from "node:fs";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { environmentError } from "../errors.js";
import { t } from "../locale/messages.js";

export interface OutputFile {
  /** File name inside the output folder; never a path. */
  name: string;
  data: Uint8Array | string;
}

/** Resolves `name` inside `dir`, refusing anything that would land elsewhere. */
export function insideDir(dir: string, name: string, hidden = false): string {
  const root = path.resolve(dir);
  const target = path.resolve(root, name);
  if (
    path.dirname(target) !== root ||
    name.includes("/") ||
    name.includes("\\") ||
    (name.startsWith(".") && !(hidden && /^\.[^.]/.test(name)))
  ) {
    throw environmentError(t`refusing to write outside ${dir}: ${JSON.stringify(name)}`);
  }
  return target;
}

async function writeDurably(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(file, "wx", 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  // Makes the renames themselves durable; not every platform can open a directory.
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there.
  }
}

/**
 * Temporary files being written: removed if the process ends before they are renamed (a
 * signal, an uncaught error), so that an interrupted build leaves nothing half-written.
 */
const inFlight = new Set<string>();
let exitHook = false;
function track(temps: readonly string[]): void {
  for (const temp of temps) inFlight.add(temp);
  if (exitHook) return;
  exitHook = true;
  process.once("exit", () => {
    for (const temp of inFlight) {
      try {
        unlinkSync(temp);
      } catch {
        // Never created, or renamed already.
      }
    }
  });
}

/**
 * Refuses to write below `root` through a symbolic link: a link `output/2020-10 → /elsewhere`
 * would put the briefings elsewhere. The root itself may be a link (an output folder on
 * another disk is the user's choice); what briefing makes below it may not.
 */
function refuseLinks(root: string, dir: string): void {
  const base = path.resolve(root);
  const relative = path.relative(base, path.resolve(dir));
  if (relative === "" || relative.startsWith("..")) return;
  let at = base;
  for (const part of relative.split(path.sep)) {
    at = path.join(at, part);
    let link: string | undefined;
    try {
      if (lstatSync(at).isSymbolicLink()) link = readlinkSync(at);
    } catch {
      return; // not there yet: it will be made a real folder
    }
    if (link !== undefined) {
      throw environmentError(
        t`refusing to write through a symbolic link: ${at} → ${link}`,
        t`Outputs go inside ${root} and nowhere else. Remove the link (a folder is made in its place).`,
      );
    }
  }
}

/** Why a folder cannot be made, as a user can act on it (EEXIST, ENOTDIR, EROFS, EACCES). */
export async function makeDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (caught) {
    let error = caught;
    // A recursive mkdir says ENOENT for what it could not make, whatever the reason (seen on a
    // read-only file system): making the first missing folder alone gives the real one.
    if (error instanceof Error && "code" in error && error.code === "ENOENT") {
      let first = path.resolve(dir);
      while (!existsSync(path.dirname(first)) && path.dirname(first) !== first)
        first = path.dirname(first);
      error = await mkdir(first).then(
        () => caught,
        (real: unknown) => real,
      );
    }
    const code = error instanceof Error && "code" in error ? String(error.code) : "";
    const reason: Record<string, string> = {
      EEXIST: t`a file is in the way: it is not a folder`,
      ENOTDIR: t`a part of the path is a file, not a folder`,
      EROFS: t`the file system is read-only`,
      EACCES: t`permission denied`,
      EPERM: t`permission denied`,
      ENOSPC: t`the disk is full`,
    };
    throw environmentError(
      t`cannot make the output folder ${dir}: ${reason[code] ?? (error instanceof Error ? error.message : String(error))}`,
      t`Choose another folder with -o, --out <dir>.`,
      error,
    );
  }
}

export interface WriteOptions {
  /** The output folder: nothing between it and `dir` may be a symbolic link. */
  root?: string;
  /**
   * Called before each file is renamed into place; throws to stop (the build's lock was lost:
   * another build owns the folder now, and nothing more may be written).
   */
  guard?: () => void;
  /** Names may start with a dot (`init` writes a project's `.gitignore`). */
  hidden?: boolean;
}

export async function writeAll(
  dir: string,
  files: readonly OutputFile[],
  options: WriteOptions = {},
): Promise<string[]> {
  const targets = files.map((file) => insideDir(dir, file.name, options.hidden));
  if (options.root !== undefined) refuseLinks(options.root, dir);
  await makeDir(dir);
  const suffix = `${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const temps = files.map((file) => path.join(path.resolve(dir), `.${file.name}.${suffix}`));
  track(temps);
  try {
    await Promise.all(files.map((file, i) => writeDurably(temps[i] as string, file.data)));
  } catch (error) {
    await Promise.all(temps.map((temp) => unlink(temp).catch(() => undefined)));
    throw environmentError(
      t`could not write to ${dir}: ${error instanceof Error ? error.message : String(error)}`,
      undefined,
      error,
    );
  }
  try {
    for (let i = 0; i < temps.length; i++) {
      options.guard?.();
      await rename(temps[i] as string, targets[i] as string);
      inFlight.delete(temps[i] as string);
    }
  } finally {
    for (const temp of temps) {
      if (!inFlight.has(temp)) continue;
      inFlight.delete(temp);
      await unlink(temp).catch(() => undefined);
    }
  }
  await syncDir(dir);
  return targets;
}
