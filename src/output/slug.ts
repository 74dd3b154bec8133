/** Output file names: from the briefing's `slug`, else from its file name, always safe. */
import path from "node:path";

export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return slug || "briefing";
}

/**
 * The output name of a briefing built on its own: its `slug`, else its file name, with the
 * series folder in front when the file is named after its period (sumbagsel/2020-10.yaml →
 * sumbagsel-2020-10).
 */
export function slugFor(file: string, declared: string | undefined): string {
  if (declared) return declared;
  const name = path.basename(file).replace(/\.ya?ml$/i, "");
  const series = path.basename(path.dirname(path.resolve(file)));
  return slugify(PERIOD_NAME.test(name) && series ? `${series}-${name}` : name);
}

/** A file named after its period: 2020-10 (or a day, 2018-10-31). */
export const PERIOD_NAME = /^\d{4}-\d{2}(-\d{2})?$/;
