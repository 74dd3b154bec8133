/**
 * Peak resident memory of this process and of every Chromium process it started, sampled from
 * /proc (Linux). Chromium is many processes (browser, renderers, GPU, utility); their RSS is
 * summed, which counts shared pages more than once: an upper bound, the same way every run.
 */
import { readdirSync, readFileSync } from "node:fs";

function children(): Map<number, { ppid: number; comm: string; rssKb: number }> {
  const table = new Map<number, { ppid: number; comm: string; rssKb: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const comm = /^Name:\s+(.+)$/m.exec(status)?.[1] ?? "";
      const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      table.set(Number(name), { ppid, comm, rssKb });
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

/** Sum of the RSS of the descendants of `root` whose name says Chromium or Chrome, in MiB. */
export function chromiumRssMiB(root = process.pid): number {
  const table = children();
  let total = 0;
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    for (const [child, info] of table) {
      if (info.ppid !== pid || seen.has(child)) continue;
      seen.add(child);
      stack.push(child);
      if (/chrom/i.test(info.comm)) total += info.rssKb;
    }
  }
  return total / 1024;
}

export interface Peaks {
  nodeMiB: number;
  chromiumMiB: number;
}

/** Samples every `everyMs` until stopped; returns the peaks seen. */
export function sampleMemory(everyMs = 250): { stop: () => Peaks } {
  const peaks: Peaks = { nodeMiB: 0, chromiumMiB: 0 };
  const sample = () => {
    peaks.nodeMiB = Math.max(peaks.nodeMiB, process.memoryUsage().rss / 1024 / 1024);
    peaks.chromiumMiB = Math.max(peaks.chromiumMiB, chromiumRssMiB());
  };
  const timer = setInterval(sample, everyMs);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}
