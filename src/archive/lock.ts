/**
 * One build at a time per output folder. A second build waits for the first (a while), then
 * refuses with a clear message; a lock left by a killed build goes stale within seconds and is
 * taken over.
 */
import lockfile from "proper-lockfile";
import { type BriefingError, environmentError } from "../errors.js";

export interface LockOptions {
  /** Seconds to wait for another build to finish; 0 refuses at once. */
  wait?: number;
  onWait?: () => void;
  /** The lock was removed or taken over while held: the caller must stop writing. */
  onLost?: (error: BriefingError) => void;
}

/** Locks `dir` (which must exist) and returns the function that unlocks it. */
export async function lockDir(
  dir: string,
  options: LockOptions = {},
): Promise<() => Promise<void>> {
  const wait = options.wait ?? 60;
  const stale = 10_000;
  const lockfilePath = `${dir.replace(/[/\\]+$/, "")}/.briefing.lock`;
  const attempt = () =>
    lockfile.lock(dir, {
      stale,
      update: stale / 4,
      realpath: false,
      lockfilePath,
      // proper-lockfile's default throws from a timer, which would end the process.
      onCompromised: (error) =>
        options.onLost?.(
          environmentError(
            `the lock on ${dir} was lost while building (${error.message}); stopped`,
            "Another build may have taken over the folder. Run the build again.",
          ),
        ),
    });
  const deadline = Date.now() + wait * 1000;
  let told = false;
  for (;;) {
    try {
      const release = await attempt();
      return async () => {
        await release().catch(() => undefined);
      };
    } catch (error) {
      const locked = error instanceof Error && "code" in error && error.code === "ELOCKED";
      if (!locked) throw environmentError(`cannot lock ${dir}: ${String(error)}`);
      if (Date.now() >= deadline) {
        throw environmentError(
          `another briefing build is writing to ${dir}`,
          `Waited ${wait} s. If no other build is running, its lock (${lockfilePath}) is taken over ${stale / 1000} s after it stopped; run again, or use --wait <seconds>.`,
        );
      }
      if (!told) {
        told = true;
        options.onWait?.();
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
