/**
 * The output formats' names, apart from the modules that make them (registry.ts), so that the
 * CLI reads `--format` without loading the browser, the chart and the spreadsheet code.
 */
import { usageError } from "../errors.js";
import { t } from "../locale/messages.js";

export const FORMAT_IDS = ["html", "pdf", "slides", "pptx", "xlsx", "png", "svg"] as const;
export type OutputFormat = (typeof FORMAT_IDS)[number];
export const DEFAULT_FORMATS: readonly OutputFormat[] = ["html", "pdf"];

/** How an index or a list names each format's files. */
export const FORMAT_LABELS: Record<OutputFormat, string> = {
  html: "HTML",
  pdf: "PDF",
  slides: "Slides",
  pptx: "PowerPoint",
  xlsx: "Excel",
  png: "PNG",
  svg: "SVG",
};

const isFormat = (id: string): id is OutputFormat => (FORMAT_IDS as readonly string[]).includes(id);

/** `--format html,pdf,pptx` read: each a known format, in the registry's order, each once. */
export function parseFormats(text: string): OutputFormat[] {
  const asked = text
    .split(",")
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  const unknown = asked.filter((id) => !isFormat(id));
  if (unknown.length > 0 || asked.length === 0) {
    throw usageError(
      t`unknown format ${unknown.join(", ") || JSON.stringify(text)}`,
      t`Formats: ${FORMAT_IDS.join(", ")}; several with commas (html,pdf).`,
    );
  }
  return FORMAT_IDS.filter((id) => asked.includes(id));
}
