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

export function slugFor(file: string, declared: string | undefined): string {
  return declared ?? slugify(path.basename(file).replace(/\.ya?ml$/i, ""));
}
