// How V8 runs briefing, set before any of briefing's code loads (bin/briefing.js, and the
// benchmarks that time a build as it runs). A flag the running V8 does not know is not set:
// V8 would print an error for it on every run.
import v8 from "node:v8";

// A build is over in a second or two: V8's optimising compiler, started by default after a
// function's first few calls, spent a core on code the build had finished with (measured: the
// example's cold build used 10 % less CPU with it started fifteen times later, and a batch of
// 24 briefings took as long). Node 20's V8 (11) counts that start in bytecode run.
// The V8 of Node 22 and 24 counts calls before it optimises a function, with Maglev first
// and then TurboFan: the same start, fifteen times later (measured on Node 24: the example's
// cold build used 10 % less CPU, 6 % less time, 12 paired runs).
const v8Major = Number(process.versions.v8.split(".")[0]);
if (v8Major <= 11) {
  v8.setFlagsFromString("--interrupt-budget=1000000");
} else {
  v8.setFlagsFromString("--invocation-count-for-maglev=6000");
  v8.setFlagsFromString("--invocation-count-for-turbofan=45000");
}

// Fonts are cut by harfbuzz, compiled from WebAssembly. V8 compiles it at once with its
// baseline compiler (Liftoff), then, on background threads, again with its optimising one:
// ~0.45 s of CPU after the first cut, on a core the browser needed. Cutting is no faster
// for it (measured: 400 cuts of four faces took 1.5-1.7 s either way, with 0.6 s less CPU in
// all without it). Node 20, 22 and 24 all know the flag.
v8.setFlagsFromString("--liftoff-only");
