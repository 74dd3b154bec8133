/**
 * The output formats, one module each: what a format needs (a browser or not) and how its
 * files are made from a rendered briefing. The CLI's `--format` (ids.ts), the build's choice to
 * start a browser, the archive's manifest and its index all read this list.
 */
import type { EarlierFile, Rendered } from "../build.js";
import type { OutputFile } from "../output/write.js";
import type { PrintJob, PrintService } from "../print/printer.js";
import { html } from "./html.js";
import type { OutputFormat } from "./ids.js";
import { pdf } from "./pdf.js";

/** What making one briefing's files in one format takes. */
export interface FormatJob {
  rendered: Rendered;
  /** The files' name without extension: the file's slug, or the archive's series. */
  name: string;
  /** The run's browser, started when a format asked for needs one. */
  printer: PrintService | undefined;
  print: PrintJob;
  /** A PDF/A-3b that carries these earlier files as its sources; undefined: a plain PDF. */
  archival: readonly EarlierFile[] | undefined;
}

/** A format's maker; what it is called and whether it needs the browser is in ids.ts. */
export interface Format {
  id: OutputFormat;
  make(job: FormatJob): Promise<OutputFile[]>;
}

/**
 * A format whose code is loaded when it is first asked for: a build of HTML and PDF does not
 * wait for the spreadsheet and PowerPoint libraries to load (a quarter of a second).
 */
const later = (id: OutputFormat, load: () => Promise<Format>): Format => ({
  id,
  make: async (job) => (await load()).make(job),
});

export const FORMATS: Record<OutputFormat, Format> = {
  html,
  pdf,
  slides: later("slides", async () => (await import("./slides.js")).slides),
  pptx: later("pptx", async () => (await import("./pptx.js")).pptx),
  xlsx: later("xlsx", async () => (await import("./xlsx.js")).xlsx),
  png: later("png", async () => (await import("./images.js")).png),
  svg: later("svg", async () => (await import("./images.js")).svg),
};

/** A file of a briefing, and the format it is in. */
export interface FormatFile extends OutputFile {
  format: OutputFormat;
}

/** The files of one briefing in each format asked, ready to write together. */
export async function outputsOf(
  job: FormatJob,
  formats: readonly OutputFormat[],
): Promise<FormatFile[]> {
  const files: FormatFile[] = [];
  for (const id of formats) {
    for (const file of await FORMATS[id].make(job)) files.push({ ...file, format: id });
  }
  return files;
}

export { DEFAULT_FORMATS, needsBrowser, type OutputFormat, printsOf } from "./ids.js";
