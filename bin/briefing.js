#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install`, or `npm run build`).
import { existsSync } from "node:fs";
import v8 from "node:v8";

// A build is over in a second or two: V8's optimising compiler, started by default after a
// function's first few calls, spent a core on code the build had finished with (measured: the
// example's cold build used 10 % less CPU with it started fifteen times later, and a batch of
// 24 briefings took as long). Set before briefing's own code loads.
v8.setFlagsFromString("--interrupt-budget=1000000");

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    "briefing is not built yet: run `npm run build` (or `npm ci`) in its folder.\n",
  );
  process.exit(3);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
