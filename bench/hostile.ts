/**
 * How long refusing each hostile YAML file takes (npm run bench:hostile). The suite in
 * test/hostile/yaml.test.ts checks that each is refused with a located error; this measures
 * the promise in SECURITY.md that each is refused in well under a second.
 *
 * Each file is checked `--runs` times (5 by default) after one warm-up; the median and the
 * slowest are printed, with peak RSS. Target on the 2-core build machine: every case's slowest
 * run under 1 s.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkFile } from "../src/build.js";
import { BriefingError, ExitCode } from "../src/errors.js";
import { cases, deepCases } from "../test/hostile/yaml-cases.js";

const args = process.argv.slice(2);
const at = args.indexOf("--runs");
const runs = at >= 0 ? Number(args[at + 1]) : 5;
const TARGET_MS = 1000;

const work = mkdtempSync(path.join(tmpdir(), "briefing-bench-hostile-"));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

try {
  console.log(`hostile YAML refused by briefing check · ${runs} runs each after a warm-up\n`);
  console.log(`${"case".padEnd(80)} ${"median".padStart(9)} ${"slowest".padStart(9)}`);
  let worst = 0;
  let failures = 0;
  for (const c of [...cases, ...deepCases]) {
    const [name, text] = c.file();
    const file = path.join(work, name);
    writeFileSync(file, text);
    const times: number[] = [];
    for (let run = 0; run <= runs; run++) {
      const started = performance.now();
      let refused = false;
      try {
        await checkFile(file);
      } catch (error) {
        refused = error instanceof BriefingError && error.code === ExitCode.INVALID_INPUT;
      }
      const ms = performance.now() - started;
      if (!refused) {
        failures += 1;
        console.log(`${c.name}: NOT REFUSED`);
        break;
      }
      if (run > 0) times.push(ms);
    }
    const slowest = Math.max(0, ...times);
    worst = Math.max(worst, slowest);
    const label = c.name.length > 80 ? `${c.name.slice(0, 77)}…` : c.name;
    console.log(
      `${label.padEnd(80)} ${`${median(times).toFixed(1)} ms`.padStart(9)} ${`${slowest.toFixed(1)} ms`.padStart(9)}`,
    );
  }
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`\nslowest case: ${worst.toFixed(1)} ms (target < ${TARGET_MS} ms)`);
  console.log(`peak RSS: ${rss.toFixed(0)} MiB`);
  if (failures > 0 || worst >= TARGET_MS) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
