/**
 * CPU time of every Chromium process a process started, sampled from /proc (Linux): a batch is
 * bound by CPU on a 2-core machine, and its time over the floor's is the CPU it spends beyond
 * the floor's. Each process's user + system time is read every `everyMs`; the sum of each
 * process's last reading is returned, so a process that ended between two readings loses only
 * what it spent after the last one (a renderer closed idle, the browser killed at the end).
 */
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's times: USER_HZ, 100 on Linux. */
const TICKS = 100;

interface Stat {
  ppid: number;
  comm: string;
  /** When it started, in ticks since boot: with the pid, one process however pids are reused. */
  start: string;
  ticks: number;
}

function processes(): Map<number, Stat> {
  const table = new Map<number, Stat>();
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

/** Samples the Chromium processes under `root` until stopped; returns their CPU in seconds. */
export function sampleChromiumCpu(root: number, everyMs = 200): { stop: () => number } {
  const last = new Map<string, number>();
  const sample = () => {
    const table = processes();
    const under = new Set([root]);
    // Parents are listed before children mostly, not always: until nothing more is found.
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, stat] of table) {
        if (under.has(pid) || !under.has(stat.ppid)) continue;
        under.add(pid);
        grew = true;
        if (/chrom/i.test(stat.comm)) last.set(`${pid}@${stat.start}`, stat.ticks);
      }
    }
  };
  const timer = setInterval(sample, everyMs);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      let ticks = 0;
      for (const value of last.values()) ticks += value;
      return ticks / TICKS;
    },
  };
}
