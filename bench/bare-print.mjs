/**
 * The floor of a cold build: a bare puppeteer script that prints one HTML file to PDF as a
 * whole process (launch, a page, setContent, pdf, close), with the browser, flags and print
 * options the build uses (from dist/, as `bin/briefing.js` runs), and nothing else. Puppeteer
 * is loaded as the build loads it (its CommonJS build, print/browser/puppeteer.ts): the floor
 * is as quick as a bare script can be, not slower by a loader the build does not use.
 *   node bench/bare-print.mjs <file.html> <out.pdf>
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { launchArgs } from "../dist/print/browser/manager.js";

const puppeteer = createRequire(import.meta.url)("puppeteer");

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error("usage: bare-print.mjs <file.html> <out.pdf>");
const browser = await puppeteer.launch({
  executablePath: process.env.BRIEFING_BROWSER ?? "/usr/bin/chromium",
  headless: true,
  pipe: true,
  args: launchArgs(),
});
const page = await browser.newPage();
await page.setJavaScriptEnabled(false);
await page.setContent(readFileSync(input, "utf8"), { waitUntil: "load" });
writeFileSync(
  output,
  await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true }),
);
await browser.close();
