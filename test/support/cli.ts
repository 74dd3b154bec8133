/**
 * The command as a user runs it: `briefing …` from the project folder, its output and status.
 * Its messages are English (vitest.config.ts sets the locale) unless `env` asks otherwise.
 */
import { spawnSync } from "node:child_process";
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
