/**
 * The cold build against its floor (npm run bench:cold), measured in one run, alternated:
 *
 *   build   node bin/briefing.js build data/sumbagsel/2020-10.yaml   (a whole process)
 *   floor   node bench/bare-print.mjs <that build's own HTML>        (a whole process)
 *
 * Prints each one's median, fastest and slowest of N runs (--runs, 5 by default) and the
 * ratio of the medians. Target (issue 13): build ≤ 1.3 × floor.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import path from "node:path";
import { median, seconds } from "./stats.js";

const args = process.argv.slice(2);
const at = args.indexOf("--runs");
const runs = at >= 0 ? Number(args[at + 1]) : 5;
const root = path.resolve(import.meta.dirname, "..");
const example = path.join(root, "data/sumbagsel/2020-10.yaml");
const work = mkdtempSync(path.join(tmpdir(), "briefing-cold-"));

function timed(command: string[]): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, command, { cwd: root, encoding: "utf8" });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`${command.join(" ")}: ${run.stderr.slice(-1500)}`);
  return ms;
}

const s = seconds;
const summary = (xs: number[]) =>
  `median ${s(median(xs))}, fastest ${s(Math.min(...xs))}, slowest ${s(Math.max(...xs))}`;

try {
  console.log(
    `cold build vs floor · ${cpus()[0]?.model ?? "cpu"} × ${availableParallelism()} · node ${process.version} · ${runs} runs each, alternated`,
  );
  const out = path.join(work, "out");
  // The HTML the floor prints is the build's own.
  timed(["bin/briefing.js", "build", example, "-o", out, "-f", "html"]);
  const html = path.join(out, "sumbagsel-2020-10.html");
  const build: number[] = [];
  const floor: number[] = [];
  const htmlOnly: number[] = [];
  for (let i = 0; i < runs; i++) {
    build.push(timed(["bin/briefing.js", "build", example, "-o", path.join(work, `b${i}`)]));
    floor.push(timed(["bench/bare-print.mjs", html, path.join(work, `f${i}.pdf`)]));
    htmlOnly.push(
      timed(["bin/briefing.js", "build", example, "-o", path.join(work, `h${i}`), "-f", "html"]),
    );
  }
  console.log(`build (html + pdf)   ${summary(build)}`);
  console.log(`build -f html        ${summary(htmlOnly)}`);
  console.log(`floor (bare print)   ${summary(floor)}`);
  console.log(`ratio build / floor  ${(median(build) / median(floor)).toFixed(2)} (target ≤ 1.30)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
