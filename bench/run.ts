/**
 * The speed and memory benchmark (npm run bench). Prints, from one run on this machine:
 *
 *   - the cold batch time for N synthetic briefings (34 provinces × 12 months by default),
 *   - the time of an unchanged rebuild (nothing to do), in process and as a whole command,
 *   - the floor on the same HTML: bare puppeteer launching the browser and doing setContent +
 *     page.pdf for each briefing on as many reused pages as the build prints on at once, timed
 *     from launch to close as the batch is, and the ratio batch / floor (the charts are the
 *     build's, not the floor's: they are timed alone beside it),
 *   - the CPU time of each, Node's and Chromium's (medians): on two cores both are busy, and
 *     what the batch takes beyond the floor is the CPU it spends beyond the floor's,
 *   - peak memory of Node and of Chromium for batches of 100 and 500 briefings.
 *
 * Options: --provinces P --months M (N = P × M), --memory 100,500, --quick (a small run),
 * --runs R: the batch and its floor R times each, alternated, and the ratio of their medians
 * (1 by default; this machine is noisy: 5 says more); the first batch, which writes the HTML
 * the floor prints, is then not counted.
 * Targets (this 2-core machine): batch ≤ 1.15 × floor; unchanged rebuild of 100 < 1 s; peak
 * memory flat from 100 to 500.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import path from "node:path";
import { discover } from "../src/archive/discover.js";
import { buildArchive } from "../src/archive/run.js";
import { checkFile } from "../src/build.js";
import { ChartRenderer, NARROW_WIDTH } from "../src/chart/canvas.js";
import { chartSpecs } from "../src/chart/specs.js";
import { loadLocale } from "../src/locale/locale.js";
import { BrowserManager } from "../src/print/browser/manager.js";
import { Printer } from "../src/print/printer.js";
import { DEFAULT_TEMPLATES } from "../src/render/templates.js";
import { view } from "../src/render/view.js";
import { sampleChromiumCpu } from "./cpu.js";
import { median, seconds } from "./stats.js";
import { writeSynthetic } from "./synthetic.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? (args[at + 1] as string) : fallback;
};
const quick = args.includes("--quick");
const provinces = Number(flag("provinces", quick ? "4" : "34"));
const months = Number(flag("months", quick ? "3" : "12"));
const runs = Math.max(1, Number(flag("runs", "1")));
const memorySizes = flag("memory", quick ? "20,60" : "100,500")
  .split(",")
  .map(Number);

const root = path.resolve(import.meta.dirname, "..");
const work = mkdtempSync(path.join(tmpdir(), "briefing-bench-"));
const s = seconds;
const line = (label: string, value: string) => console.log(`${label.padEnd(52)} ${value}`);

/**
 * A cold batch in a process of its own: timed as `briefing build` runs (bench/timed.mjs), or
 * with its peak memory sampled (bench/batch.ts, through tsx: the sampler is TypeScript).
 */
async function child(dataDir: string, outDir: string, memory = false) {
  const script = memory ? ["--import", "tsx", "bench/batch.ts"] : ["bench/timed.mjs"];
  const run = spawn(process.execPath, [...script, dataDir, outDir], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // A timed run's browser CPU, sampled from here: the child's own sampling would add to what it
  // times. A memory run samples /proc itself, and its CPU is not reported: not sampled twice.
  const chromium = memory ? undefined : sampleChromiumCpu(run.pid ?? 0);
  let stdout = "";
  let stderr = "";
  run.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  run.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const status = await new Promise<number | null>((resolve, reject) => {
    run.on("error", reject);
    run.on("close", resolve);
  });
  const chromiumCpuS = chromium?.stop() ?? 0;
  if (status !== 0) throw new Error(`batch failed: ${stderr}`);
  const last = stdout.trim().split("\n").pop() ?? "{}";
  return {
    ...(JSON.parse(last) as {
      ms: number;
      built: number;
      failed: number;
      cpuMs?: number;
      nodeMiB?: number;
      chromiumMiB?: number;
    }),
    chromiumCpuS,
  };
}

const spread = (xs: number[]) =>
  xs.length > 1 ? ` [${s(Math.min(...xs))} – ${s(Math.max(...xs))}, ${xs.length} runs]` : "";

function wall(command: string[]): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, command, { cwd: root, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${command.join(" ")} failed: ${run.stderr.slice(-2000)}`);
  return performance.now() - t0;
}

try {
  console.log(
    `briefing benchmark · ${cpus()[0]?.model ?? "cpu"} × ${availableParallelism()} · node ${process.version}`,
  );
  const dataDir = path.join(work, "data");
  const outDir = path.join(work, "out");
  const n = writeSynthetic(dataDir, { provinces, months });
  console.log(`${n} synthetic briefings (${provinces} provinces × ${months} months) in ${work}\n`);

  // 1. The batch, cold, in a process of its own; and 3. its floor (below), alternated.
  const first = await child(dataDir, outDir);
  if (first.failed > 0) throw new Error(`${first.failed} briefings failed`);

  // 2. Nothing changed: everything is skipped.
  const t0 = performance.now();
  const unchanged = await buildArchive({ dataDir, outDir });
  const unchangedMs = performance.now() - t0;
  if (unchanged.built.length > 0) throw new Error("the unchanged rebuild built something");

  // 3. The floor, like with like: the same HTML files printed by bare puppeteer on as many
  // reused pages as the build prints on at once (its printer's concurrency), with the same
  // print options; no charts to draw, no checks, no post-processing. Timed as the batch is:
  // from before the browser is launched to after it is closed. The charts alone are timed
  // too, to say how much of the difference they are.
  const htmls = discover(dataDir).entries.map((e) =>
    path.join(outDir, e.period, `${e.series}.html`),
  );
  const parallel = new Printer().concurrency;
  /** CPU of each timed run, in seconds: Node's (the whole process) and its browser's. */
  interface Cpu {
    node: number;
    chromium: number;
  }
  const floorOnce = async (): Promise<{ ms: number; cpu: Cpu }> => {
    const queue = [...htmls];
    const chromium = sampleChromiumCpu(process.pid);
    const c0 = process.cpuUsage();
    const p0 = performance.now();
    const manager = new BrowserManager();
    const browser = await manager.browser();
    const pages = await Promise.all(Array.from({ length: parallel }, () => browser.newPage()));
    for (const page of pages) await page.setJavaScriptEnabled(false);
    await Promise.all(
      pages.map(async (page) => {
        for (let file = queue.shift(); file; file = queue.shift()) {
          await page.setContent(readFileSync(file, "utf8"), { waitUntil: "load" });
          await page.pdf({
            preferCSSPageSize: true,
            printBackground: true,
            tagged: true,
            outline: true,
          });
        }
      }),
    );
    await manager.close();
    const ms = performance.now() - p0;
    const { user, system } = process.cpuUsage(c0);
    return { ms, cpu: { node: (user + system) / 1e6, chromium: chromium.stop() } };
  };
  // With several runs, the first batch (which wrote the HTML, from a cold disk cache) is not
  // counted: floor and batch then alternate, each from a warm one, each batch into an empty
  // output folder.
  const cpuOf = (run: { cpuMs?: number; chromiumCpuS: number }): Cpu => ({
    node: (run.cpuMs ?? 0) / 1000,
    chromium: run.chromiumCpuS,
  });
  const batch = runs > 1 ? [] : [first.ms];
  const batchCpu: Cpu[] = runs > 1 ? [] : [cpuOf(first)];
  const floor: number[] = [];
  const floorCpu: Cpu[] = [];
  for (let i = 0; i < runs; i++) {
    const once = await floorOnce();
    floor.push(once.ms);
    floorCpu.push(once.cpu);
    if (runs > 1) {
      // Each into an empty folder: a cold batch, with no manifest to plan from.
      const fresh = path.join(work, `out-${i}`);
      const run = await child(dataDir, fresh);
      batch.push(run.ms);
      batchCpu.push(cpuOf(run));
      rmSync(fresh, { recursive: true, force: true });
    }
  }
  const batchMs = median(batch);
  line(
    `cold batch, ${n} briefings`,
    `${s(batchMs)} (${(batchMs / n).toFixed(0)} ms each)${spread(batch)}`,
  );
  line(`unchanged rebuild, ${n} briefings, in process`, s(unchangedMs));
  const cliMs = wall(["bin/briefing.js", "build", dataDir, "-o", outDir]);
  line(`unchanged rebuild, ${n} briefings, whole command`, s(cliMs));

  const locale = await loadLocale([DEFAULT_TEMPLATES], "id");
  const specs = [];
  for (const entry of discover(dataDir).entries) {
    const checked = await checkFile(entry.file);
    const v = view(checked.briefing, checked.derived, locale);
    specs.push(...chartSpecs(v).map((spec) => ({ spec, fmt: v.fmt })));
  }
  const charts = new ChartRenderer();
  const c0 = performance.now();
  for (const { spec, fmt } of specs) {
    charts.render(spec, fmt);
    charts.render(spec, fmt, undefined, NARROW_WIDTH);
  }
  const chartMs = performance.now() - c0;
  line(
    `floor: launch, setContent + pdf on ${parallel} reused pages`,
    `${s(median(floor))}${spread(floor)}`,
  );
  line(`charts alone (${charts.rendered}, page and phone widths)`, s(chartMs));
  line("ratio batch / floor, medians (target ≤ 1.15)", (batchMs / median(floor)).toFixed(2));
  // Two cores, both busy: what the batch spends beyond the floor is CPU, and this says whose.
  const cpuLine = (cpu: Cpu[]) => {
    const node = median(cpu.map((c) => c.node));
    const chromium = median(cpu.map((c) => c.chromium));
    return `Node ${node.toFixed(1)} s + Chromium ${chromium.toFixed(1)} s = ${(node + chromium).toFixed(1)} s`;
  };
  line("CPU of the batch, medians", cpuLine(batchCpu));
  line("CPU of the floor, medians", cpuLine(floorCpu));

  // 4. Memory, as the batch grows.
  console.log("");
  for (const size of memorySizes) {
    const dir = path.join(work, `mem-${size}`);
    const count = writeSynthetic(path.join(dir, "data"), {
      provinces: Math.ceil(size / 10),
      months: 10,
    });
    const run = await child(path.join(dir, "data"), path.join(dir, "out"), true);
    line(
      `${count} briefings: peak RSS node / chromium`,
      `${(run.nodeMiB ?? 0).toFixed(0)} MiB / ${(run.chromiumMiB ?? 0).toFixed(0)} MiB (${s(run.ms)})`,
    );
    if (size === 100 || size === memorySizes[0]) {
      const ms = wall([
        "bin/briefing.js",
        "build",
        path.join(dir, "data"),
        "-o",
        path.join(dir, "out"),
      ]);
      line(`${count} briefings: unchanged rebuild, whole command`, s(ms));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
