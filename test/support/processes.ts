/** Processes as /proc tells them (Linux): what tests use to see that no Chromium is left. */
import { readdirSync, readFileSync } from "node:fs";

interface Stat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
}

/** "pid (comm) state ppid …": comm may hold spaces and parentheses, so split at the last ")". */
function stat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // exited while we looked
  }
  const close = text.lastIndexOf(")");
  const [state = "", ppid = ""] = text.slice(close + 2).split(" ");
  return { pid, comm: text.slice(text.indexOf("(") + 1, close), state, ppid: Number(ppid) };
}

function all(): Stat[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => stat(Number(name)) ?? []);
}

/**
 * Chromium processes that are children of this process. Only this process's own children:
 * test files running in parallel have browsers of their own.
 */
export function chromiumChildren(): number[] {
  return all()
    .filter((p) => p.ppid === process.pid && /chrom/i.test(p.comm))
    .map((p) => p.pid);
}

/** Every process below this one: Chromium's own children included. */
export function descendants(): Map<number, string> {
  const table = all();
  const out = new Map<number, string>();
  const walk = (pid: number) => {
    for (const p of table) {
      if (p.ppid === pid && !out.has(p.pid)) {
        out.set(p.pid, p.comm);
        walk(p.pid);
      }
    }
  };
  walk(process.pid);
  return out;
}

/** Whether a process is still there (a zombie counts as gone). */
export function alive(pid: number): boolean {
  const p = stat(pid);
  return p !== undefined && p.state !== "Z";
}

/** A process as /proc tells it: name, parent, state and the start of its command line. */
export function describeProcess(pid: number): string {
  const p = stat(pid);
  if (!p) return `${pid} gone`;
  let cmd = "";
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").slice(0, 160);
  } catch {}
  return `${pid} ${p.comm} state ${p.state} ppid ${p.ppid}: ${cmd}`;
}

/** The profile folder a browser was started with (its --user-data-dir), from its command line. */
export function profileOf(pid: number): string | undefined {
  const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  return args.find((arg) => arg.startsWith("--user-data-dir="))?.slice("--user-data-dir=".length);
}
