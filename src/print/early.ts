/**
 * A cold build's browser, started before anything else: Chromium takes most of a second to
 * start, and checking the inputs and loading the chart, template and PDF code take about as
 * long; on two cores the two overlap. The printer runs on a thread of its own
 * (print/remote.ts), so that loading puppeteer and the browser's start-up go on beside the
 * check rather than in its pauses. What the check found is handed to the build, which reports
 * it and does not check again. Input that is refused kills the browser at once, launched or
 * still launching. Where there is no browser, the build says so before it prints.
 */
import type { Checked, CheckOptions } from "../check/check-file.js";
import type { PrinterOptions, PrintService } from "./printer.js";

export interface Early {
  /** The browser being started; none when there is none to start (the build says why). */
  printer?: PrintService;
  /** Every input, checked, in order; none when one is refused (the build reports it). */
  checked?: Checked[];
}

export async function earlyPrinter(
  files: readonly string[],
  options: CheckOptions & PrinterOptions,
): Promise<Early> {
  const { RemotePrinter } = await import("./remote.js");
  const printer = new RemotePrinter(options);
  // Whether there is a browser is known once the printer's thread has looked: the build asks
  // before it prints, by when it has long been answered. Not waited for here.
  printer.check().catch(() => undefined);
  printer.warm();
  const { checkFile } = await import("../check/check-file.js");
  const checked: Checked[] = [];
  for (const file of files) {
    try {
      checked.push(await checkFile(file, options));
    } catch {
      printer.kill();
      return {};
    }
  }
  // The page's fonts will be cut: their cutter compiles while the build's code loads.
  const { fontCutter } = await import("../assets/fonts.js");
  fontCutter().catch(() => undefined);
  return { printer, checked };
}
