/**
 * One cold archive build in a process of its own, its peak memory sampled (the timed runs
 * are bench/timed.mjs's, with no sampler and no TypeScript loader beside them), so that the
 * memory is its own:
 *   tsx bench/batch.ts <dataDir> <outDir>
 * Prints one JSON line: time, counts and peak memory of Node and of Chromium. The build is the
 * compiled one (dist/, as `briefing build` runs it; `npm run bench` compiles it first), not the
 * sources through tsx, which would compile the stages and the printer's thread as they load.
 */
import { sampleMemory } from "./memory.js";

const compiled = new URL("../dist/archive/run.js", import.meta.url).href;
const { buildArchive } = (await import(compiled)) as typeof import("../src/archive/run.js");

const [dataDir, outDir] = process.argv.slice(2);
if (!dataDir || !outDir) throw new Error("usage: tsx bench/batch.ts <dataDir> <outDir>");
const memory = sampleMemory();
const t0 = performance.now();
const result = await buildArchive({ dataDir, outDir, force: true });
const ms = performance.now() - t0;
const peaks = memory.stop();
process.stdout.write(
  `${JSON.stringify({ ms, built: result.built.length, failed: result.failed.length, ...peaks })}\n`,
);
