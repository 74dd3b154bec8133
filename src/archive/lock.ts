/**
 * One build at a time per output folder. A second build waits for the first (a while), then
 * refuses with a clear message; a lock left by a killed build goes stale within seconds and is
 * taken over.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import lockfile from "proper-lockfile";
import { type BriefingError, environmentError } from "../errors.js";
import { t } from "../locale/messages.js";

export interface LockOptions {
  /** Seconds to wait for another build to finish; 0 refuses at once. */
  wait?: number;
  onWait?: () => void;
  /** The lock was removed or taken over while held: the caller must stop writing. */
  onLost?: (error: BriefingError) => void;
}

export interface Lock {
  /**
   * Throws unless this build still owns the folder: a build stopped for a while (Ctrl-Z) loses
   * its lock to the next one, and must write nothing more when it resumes. Called before every
   * file is renamed into place: cheap (one small file read), and it does not wait for the
   * lock's timer to notice.
   */
  assertHeld(): void;
  release(): Promise<void>;
}

/** Locks `dir` (which must exist). */
export async function lockDir(dir: string, options: LockOptions = {}): Promise<Lock> {
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
            t`the lock on ${dir} was lost while building (${error.message}); stopped`,
            t`Another build may have taken over the folder. Run the build again.`,
          ),
        ),
    });
  const deadline = Date.now() + wait * 1000;
  let told = false;
  for (;;) {
    try {
      const release = await attempt();
      // Who holds the lock: a token beside it that the next owner overwrites.
      const ownerFile = `${lockfilePath}.owner`;
      const token = randomBytes(16).toString("hex");
      writeFileSync(ownerFile, token);
      const held = () => {
        try {
          return readFileSync(ownerFile, "utf8") === token;
        } catch {
          return false;
        }
      };
      const forget = () => {
        if (!held()) return;
        try {
          unlinkSync(ownerFile);
        } catch {
          // Already gone.
        }
      };
      // Ended by a signal: proper-lockfile removes its lock on exit; the token goes with it.
      process.once("exit", forget);
      return {
        assertHeld: () => {
          if (held()) return;
          const error = environmentError(
            t`the lock on ${dir} was taken over by another build while this one was stopped; nothing more is written`,
            t`Another build owns the folder now. Run the build again when it is done.`,
          );
          options.onLost?.(error);
          throw error;
        },
        release: async () => {
          process.off("exit", forget);
          forget();
          await release().catch(() => undefined);
        },
      };
    } catch (error) {
      const locked = error instanceof Error && "code" in error && error.code === "ELOCKED";
      if (!locked) throw environmentError(t`cannot lock ${dir}: ${String(error)}`);
      if (Date.now() >= deadline) {
        throw environmentError(
          t`another briefing build is writing to ${dir}`,
          t`Waited ${wait} s. If no other build is running, its lock (${lockfilePath}) is taken over ${stale / 1000} s after it stopped; run again, or use --wait <seconds>.`,
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
