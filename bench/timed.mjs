/**
 * One cold archive build, timed, in a process of its own, as `briefing build` runs it: the
 * compiled build (dist/; `npm run bench` compiles it first), with no TypeScript loader and
 * nothing sampling memory beside it (bench/batch.ts does that, for the memory figures).
 *   node bench/timed.mjs <dataDir> <outDir>
 * Prints one JSON line: the build's time in ms, its counts, and the CPU time of this process
 * (both threads, Node's work) in ms.
 */
// V8 as `briefing` sets it, before the build's code loads.
import "../bin/v8-flags.js";
import { buildArchive } from "../dist/archive/run.js";

const [dataDir, outDir] = process.argv.slice(2);
if (!dataDir || !outDir) throw new Error("usage: node bench/timed.mjs <dataDir> <outDir>");
const t0 = performance.now();
const result = await buildArchive({ dataDir, outDir, force: true });
const ms = performance.now() - t0;
const { user, system } = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({ ms, built: result.built.length, failed: result.failed.length, cpuMs: (user + system) / 1000 })}\n`,
);
