/**
 * The output formats, one module each: what a format needs (a browser or not) and how its
 * files are made from a rendered briefing. The CLI's `--format` (ids.ts), the build's choice to
 * start a browser, the archive's manifest and its index all read this list.
 */
import type { EarlierFile, Rendered } from "../build.js";
import type { OutputFile } from "../output/write.js";
import type { Printer, PrintJob } from "../print/printer.js";
import { html } from "./html.js";
import type { OutputFormat } from "./ids.js";
import { png, svg } from "./images.js";
import { pdf } from "./pdf.js";
import { pptx } from "./pptx.js";
import { slides } from "./slides.js";
import { xlsx } from "./xlsx.js";

/** What making one briefing's files in one format takes. */
export interface FormatJob {
  rendered: Rendered;
  /** The files' name without extension: the file's slug, or the archive's series. */
  name: string;
  /** The run's browser, started when a format asked for needs one. */
  printer: Printer | undefined;
  print: PrintJob;
  /** A PDF/A-3b that carries these earlier files as its sources; undefined: a plain PDF. */
  archival: readonly EarlierFile[] | undefined;
}

export interface Format {
  id: string;
  /** It prints with Chromium: a run starts the browser only when a format asked needs it. */
  browser: boolean;
  make(job: FormatJob): Promise<OutputFile[]>;
}

export const FORMATS: Record<OutputFormat, Format> = { html, pdf, slides, pptx, xlsx, png, svg };

/** Whether any of the formats prints with the browser. */
export const needsBrowser = (formats: readonly OutputFormat[]): boolean =>
  formats.some((id) => FORMATS[id].browser);

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

export { DEFAULT_FORMATS, type OutputFormat } from "./ids.js";
