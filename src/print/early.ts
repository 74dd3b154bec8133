/**
 * A cold build's browser, started before the rest of the build's code has loaded: Chromium
 * takes most of a second to start, and loading the chart, template and PDF code takes about
 * half of one; on two cores the two overlap. The inputs are checked first, silently (the
 * build checks and reports them again): a browser is never started for input it refuses.
 */
import type { CheckOptions } from "../check/check-file.js";
import type { Printer, PrinterOptions } from "./printer.js";

export async function earlyPrinter(
  files: readonly string[],
  options: CheckOptions & PrinterOptions,
): Promise<Printer | undefined> {
  const { checkFile } = await import("../check/check-file.js");
  for (const file of files) {
    try {
      await checkFile(file, options);
    } catch {
      return undefined;
    }
  }
  const { Printer } = await import("./printer.js");
  const printer = new Printer(options);
  try {
    printer.check();
  } catch {
    // No browser: the build says so, in its words.
    return undefined;
  }
  printer.warm();
  return printer;
}
