/**
 * The command as a user runs it: `briefing …` from the project folder, its output and status.
 * Its messages are English (vitest.config.ts sets the locale) unless `env` asks otherwise.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./files.js";

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function briefing(args: string[], env: NodeJS.ProcessEnv = {}, timeout = 120_000): Run {
  const result = spawnSync(process.execPath, [path.join(ROOT, "bin/briefing.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** This process's environment without any BRIEFING_SMTP_* of the person running the tests. */
export const withoutSmtpSettings: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith("BRIEFING_SMTP_")),
);

/**
 * `briefing …` run asynchronously, from `cwd` (the project folder by default), without the
 * tester's SMTP settings: an SMTP server living in the test's own process keeps answering, which
 * spawnSync would stop. The child is given too, to be signalled.
 */
export function spawnBriefing(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): { child: ChildProcess; done: Promise<Run & { signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [path.join(ROOT, "bin/briefing.js"), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...withoutSmtpSettings, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<Run & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}
