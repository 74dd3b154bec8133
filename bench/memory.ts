/**
 * Peak resident memory of this process and of every Chromium process it started, sampled from
 * /proc (Linux). Chromium is many processes (browser, renderers, GPU, utility); their RSS is
 * summed, which counts shared pages more than once: an upper bound, the same way every run.
 */
import { readFileSync } from "node:fs";
import { chromiumUnder, sampled } from "./processes.js";

/** A process's resident memory in kB (VmRSS), or 0 once it has ended. */
function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Sum of the RSS of the descendants of `root` whose name says Chromium or Chrome, in MiB. */
export function chromiumRssMiB(root = process.pid): number {
  let total = 0;
  for (const [pid] of chromiumUnder(root)) total += rssKb(pid);
  return total / 1024;
}

export interface Peaks {
  nodeMiB: number;
  chromiumMiB: number;
}

/** Samples every `everyMs` until stopped; returns the peaks seen. */
export function sampleMemory(everyMs = 250): { stop: () => Peaks } {
  const peaks: Peaks = { nodeMiB: 0, chromiumMiB: 0 };
  return sampled(
    everyMs,
    () => {
      peaks.nodeMiB = Math.max(peaks.nodeMiB, process.memoryUsage().rss / 1024 / 1024);
      peaks.chromiumMiB = Math.max(peaks.chromiumMiB, chromiumRssMiB());
    },
    () => peaks,
  );
}
