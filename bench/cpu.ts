/**
 * CPU time of every Chromium process a process started, sampled from /proc (Linux): a batch is
 * bound by CPU on a 2-core machine, and its time over the floor's is the CPU it spends beyond
 * the floor's. Each process's user + system time is read every `everyMs`; the sum of each
 * process's last reading is returned, so a process that ended between two readings loses only
 * what it spent after the last one (a renderer closed idle, the browser killed at the end).
 */
import { chromiumUnder, sampled } from "./processes.js";

/** Clock ticks per second of /proc/<pid>/stat's times: USER_HZ, 100 on Linux. */
const TICKS = 100;

/** Samples the Chromium processes under `root` until stopped; returns their CPU in seconds. */
export function sampleChromiumCpu(root: number, everyMs = 200): { stop: () => number } {
  const last = new Map<string, number>();
  return sampled(
    everyMs,
    () => {
      for (const [pid, stat] of chromiumUnder(root)) last.set(`${pid}@${stat.start}`, stat.ticks);
    },
    () => {
      let ticks = 0;
      for (const value of last.values()) ticks += value;
      return ticks / TICKS;
    },
  );
}
