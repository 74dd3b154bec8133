/**
 * The output formats' names, apart from the modules that make them (registry.ts), so that the
 * CLI reads `--format` without loading the browser, the chart and the spreadsheet code.
 */
import { usageError } from "../errors.js";
import { t } from "../locale/messages.js";

/**
 * Each format: how an index or a list names its files, and whether it prints with the browser
 * (a run starts one only when a format asked for needs it).
 */
export const FORMAT_INFO = {
  html: { label: "HTML", browser: false },
  pdf: { label: "PDF", browser: true },
  slides: { label: "Slides", browser: true },
  pptx: { label: "PowerPoint", browser: false },
  xlsx: { label: "Excel", browser: false },
  png: { label: "PNG", browser: false },
  svg: { label: "SVG", browser: false },
} as const satisfies Record<string, { label: string; browser: boolean }>;

export type OutputFormat = keyof typeof FORMAT_INFO;
export const FORMAT_IDS = Object.keys(FORMAT_INFO) as OutputFormat[];
export const DEFAULT_FORMATS: readonly OutputFormat[] = ["html", "pdf"];

/** How many pages a briefing prints with the browser in these formats (a PDF, slides). */
export const printsOf = (formats: readonly OutputFormat[]): number =>
  formats.filter((id) => FORMAT_INFO[id].browser).length;

/** Whether any of the formats prints with the browser. */
export const needsBrowser = (formats: readonly OutputFormat[]): boolean => printsOf(formats) > 0;

export const isFormatId = (id: string): id is OutputFormat => Object.hasOwn(FORMAT_INFO, id);

/** `--format html,pdf,pptx` read: each a known format, in the registry's order, each once. */
export function parseFormats(text: string): OutputFormat[] {
  const asked = text
    .split(",")
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  const unknown = asked.filter((id) => !isFormatId(id));
  if (unknown.length > 0 || asked.length === 0) {
    throw usageError(
      t`unknown format ${unknown.join(", ") || JSON.stringify(text)}`,
      t`Formats: ${FORMAT_IDS.join(", ")}; several with commas (html,pdf).`,
    );
  }
  return FORMAT_IDS.filter((id) => asked.includes(id));
}
