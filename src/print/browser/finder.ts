/**
 * Which browser prints the PDF, in the order mature tools use: the path the user gave
 * (`--browser`, or BRIEFING_BROWSER), then puppeteer's own browser, then the system's.
 */
import { environmentError } from "../../errors.js";
import { t } from "../../locale/messages.js";
import { type Found, isExecutable, puppeteerFinder, systemFinder } from "./finders.js";

export interface FindOptions {
  /** From `--browser`; wins over everything. */
  preferred?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export const howToGetABrowser = (): string =>
  [
    t`Ways to get one:`,
    t`  - Debian/Ubuntu: apt-get install chromium   (the quick start does this when run as root)`,
    t`  - any system with internet: npx puppeteer browsers install chrome`,
    t`  - point at an installed Chrome or Chromium: --browser <path> or BRIEFING_BROWSER=<path>`,
  ].join("\n");

export function findBrowser(options: FindOptions = {}): Found {
  const env = options.env ?? process.env;
  const preferred = options.preferred ?? env.BRIEFING_BROWSER;
  if (preferred) {
    if (isExecutable(preferred)) {
      return { path: preferred, via: options.preferred ? "--browser" : "BRIEFING_BROWSER" };
    }
    throw environmentError(
      t`the browser given is not an executable file: ${preferred}`,
      howToGetABrowser(),
    );
  }
  const tried: string[] = [];
  for (const finder of [puppeteerFinder, () => systemFinder(env)]) {
    const result = finder();
    if (result.found) return result.found;
    tried.push(...result.tried);
  }
  throw environmentError(
    t`no Chrome or Chromium found to print the PDF`,
    `${t`Looked for: ${tried.slice(0, 12).join(", ")}${tried.length > 12 ? ", …" : ""}`}\n${howToGetABrowser()}`,
  );
}
