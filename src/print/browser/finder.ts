/**
 * Which browser prints the PDF, in the order mature tools use: the path the user gave
 * (`--browser`, or BRIEFING_BROWSER), then puppeteer's own browser, then the system's.
 */
import { environmentError } from "../../errors.js";
import { type Found, isExecutable, puppeteerFinder, systemFinder } from "./finders.js";

export interface FindOptions {
  /** From `--browser`; wins over everything. */
  preferred?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export const HOW_TO_GET_A_BROWSER = [
  "Ways to get one:",
  "  - Debian/Ubuntu: apt-get install chromium   (the quick start does this when run as root)",
  "  - any system with internet: npx puppeteer browsers install chrome",
  "  - point at an installed Chrome or Chromium: --browser <path> or BRIEFING_BROWSER=<path>",
].join("\n");

export function findBrowser(options: FindOptions = {}): Found {
  const env = options.env ?? process.env;
  const preferred = options.preferred ?? env.BRIEFING_BROWSER;
  if (preferred) {
    if (isExecutable(preferred)) {
      return { path: preferred, via: options.preferred ? "--browser" : "BRIEFING_BROWSER" };
    }
    throw environmentError(
      `the browser given is not an executable file: ${preferred}`,
      HOW_TO_GET_A_BROWSER,
    );
  }
  const tried: string[] = [];
  for (const finder of [puppeteerFinder, () => systemFinder(env)]) {
    const result = finder();
    if (result.found) return result.found;
    tried.push(...result.tried);
  }
  throw environmentError(
    "no Chrome or Chromium found to print the PDF",
    `Looked for: ${tried.slice(0, 12).join(", ")}${tried.length > 12 ? ", …" : ""}\n${HOW_TO_GET_A_BROWSER}`,
  );
}
