#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install`, or `npm run build`).
import "./v8-flags.js";
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    "briefing is not built yet: run `npm run build` (or `npm ci`) in its folder.\n",
  );
  process.exit(3);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
