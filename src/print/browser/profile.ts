/**
 * A browser's profile: a folder of briefing's own in the temporary folder, one per browser,
 * removed once the browser has exited or failed to start, with Chromium's own singleton folder.
 * Puppeteer's, left to it, stayed behind when a launch failed (a refused input kills the
 * browser as it starts) or a thread ended first. File system only: the build's thread uses it
 * too, as the process exits (print/remote.ts), without loading puppeteer.
 */
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { readdir, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A new, empty profile folder. */
export function newProfile(): string {
  return mkdtempSync(join(tmpdir(), "briefing-chromium-"));
}

/**
 * The profile removed, and the singleton folder it links to. Chromium keeps the socket other
 * copies of it would look for in a folder of its own in the temporary folder
 * (org.chromium.Chromium.XXXXXX) and removes it only when it closes itself: that folder is
 * removed too, when it holds nothing else. Never fails.
 */
export async function removeProfile(dir: string): Promise<void> {
  try {
    const singleton = await readlink(join(dir, "SingletonSocket")).catch(() => undefined);
    // Retried: a browser just killed may still be writing to it for a moment.
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    if (singleton && onlySingleton(await readdir(dirname(singleton)))) {
      await rm(dirname(singleton), { recursive: true, force: true });
    }
  } catch {
    // Gone already, or not ours to remove.
  }
}

/** The same, as the process exits: nothing asynchronous runs then. */
export function removeProfileNow(dir: string): void {
  try {
    const singleton = dirname(readlinkSync(join(dir, "SingletonSocket")));
    if (onlySingleton(readdirSync(singleton))) rmSync(singleton, { recursive: true, force: true });
  } catch {
    // No link, or no folder: nothing of Chromium's own to remove.
  }
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // Left behind: the process is ending, and nothing may stop it.
  }
}

/**
 * The browser that holds a profile, from its lock (`SingletonLock`, a link to "host-pid"), killed
 * with every process it started: the profile is then removed with nothing writing to it. For
 * the exit of a process whose threads may have a browser still starting.
 */
export function killHolder(dir: string): void {
  try {
    const pid = Number(/-(\d+)$/.exec(readlinkSync(join(dir, "SingletonLock")))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0) return;
    process.kill(process.platform === "win32" ? pid : -pid, "SIGKILL");
  } catch {
    // No lock yet, or the browser is gone already.
  }
}

/** The folder holds Chromium's singleton files and nothing else. */
const onlySingleton = (names: readonly string[]): boolean =>
  names.every((name) => name.startsWith("Singleton"));
