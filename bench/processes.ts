/**
 * The processes a benchmark's run started, from /proc (Linux): what the memory and CPU samplers
 * (memory.ts, cpu.ts) read, and the periodic sampling both do.
 */
import { readdirSync, readFileSync } from "node:fs";

export interface ProcessStat {
  ppid: number;
  comm: string;
  /** When it started, in ticks since boot: with the pid, one process however pids are reused. */
  start: string;
  /** User + system time, in clock ticks (USER_HZ, 100 on Linux). */
  ticks: number;
}

/** Every process, by pid, from /proc/<pid>/stat. */
export function processTable(): Map<number, ProcessStat> {
  const table = new Map<number, ProcessStat>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "latin1");
      // The name is in parentheses and may hold spaces: the fields follow its last ")".
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      table.set(Number(name), {
        comm: stat.slice(stat.indexOf("(") + 1, close),
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
        start: fields[19] ?? "",
      });
    } catch {
      // It ended while we looked.
    }
  }
  return table;
}

/** The descendants of `root` whose name says Chromium or Chrome. */
export function chromiumUnder(
  root: number,
  table = processTable(),
): [pid: number, stat: ProcessStat][] {
  const found: [number, ProcessStat][] = [];
  const under = new Set([root]);
  // Parents are listed before children mostly, not always: until nothing more is found.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, stat] of table) {
      if (under.has(pid) || !under.has(stat.ppid)) continue;
      under.add(pid);
      grew = true;
      if (/chrom/i.test(stat.comm)) found.push([pid, stat]);
    }
  }
  return found;
}

/** Calls `sample` now and every `everyMs` until stopped, once more then; returns `result()`. */
export function sampled<T>(
  everyMs: number,
  sample: () => void,
  result: () => T,
): { stop: () => T } {
  const timer = setInterval(sample, everyMs);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return result();
    },
  };
}
