/**
 * What a template set may load: only its own assets (`{{asset "logo.svg"}}` in a template,
 * `url("asset:logo.svg")` in style.css) and data: URLs. `<img src="logo.png">` printed its alt
 * text with no word why, and a file:// URL was refused without saying what to do instead: each
 * such reference is found here, when the set is loaded, and named by file, line and column.
 * The page's policy and the printer's refusal of every request stay, behind this check.
 */
import type { Issue } from "../errors.js";
import { t } from "../locale/messages.js";

/** What to do instead of loading a file; made when it is shown, in the messages' language. */
export const assetHint = (): string =>
  t`Put the file in the template set's assets/ folder and write {{asset "logo.svg"}} in a template, or url("asset:logo.svg") in style.css: it is inlined as a data: URL.`;

/** Attributes that load what they name, on any element (href only where it loads: see below). */
const LOADING = new Set([
  "src",
  "srcset",
  "poster",
  "data",
  "background",
  "href",
  "xlink:href",
  "imagesrcset",
]);
/**
 * Elements whose href is a link the reader follows, not something the page loads; a <base> is
 * removed from the page, with a warning (harden.ts).
 */
const LINKS = new Set(["a", "area", "base"]);

const lineColumn = (text: string, offset: number): { line: number; column: number } => {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
};

/**
 * The template with each `{{…}}` replaced by as many x's, so that quotes inside a mustache
 * (`src="{{asset "a.svg"}}"`) do not end an attribute; and where the mustaches were.
 */
function masked(text: string): { text: string; spans: Map<number, string> } {
  const spans = new Map<number, string>();
  const out = text.replace(
    /\{\{!--[\s\S]*?--\}\}|\{\{[\s\S]*?\}\}/g,
    (mustache, offset: number) => {
      spans.set(offset, mustache);
      return mustache.replace(/[^\n]/g, "x");
    },
  );
  return { text: out, spans };
}

/** A value that is exactly one `{{asset "…"}}` (or a data: URL written out). */
function allowedLoad(value: string, start: number, spans: Map<number, string>): boolean {
  const trimmed = value.trim();
  const lead = value.length - value.trimStart().length;
  const mustache = spans.get(start + lead);
  if (mustache !== undefined)
    return mustache.length === trimmed.length && /^\{\{~?\s*asset\s/.test(mustache);
  return /^data:/i.test(trimmed);
}

const describe = (value: string): string => (value.length > 80 ? `${value.slice(0, 77)}…` : value);

/** References to files or other servers in a Handlebars template, each a located error. */
export function templateReferences(file: string, source: string): Issue[] {
  const issues: Issue[] = [];
  const { text, spans } = masked(source);
  const refuse = (offset: number, found: string, what: string): void => {
    issues.push({
      severity: "error",
      file,
      ...lineColumn(source, offset),
      message: what,
      found: describe(found),
      hint: assetHint(),
    });
  };
  const external = (value: string) => /^(https?:)?\/\//i.test(value.trim());
  const what = (value: string, where: string) =>
    external(value)
      ? t`${where} loads from another server: a briefing loads nothing (its PDF and HTML must be whole on their own)`
      : t`${where} refers to a file: a briefing loads nothing that is not inlined`;

  for (const tag of text.matchAll(/<([a-zA-Z][a-zA-Z0-9:-]*)(\s[^<>]*)?>/g)) {
    const name = (tag[1] ?? "").toLowerCase();
    const attributes = tag[2] ?? "";
    const base = (tag.index ?? 0) + 1 + (tag[1] ?? "").length;
    for (const attribute of attributes.matchAll(
      /([^\s"'=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g,
    )) {
      const key = (attribute[1] ?? "").toLowerCase();
      if (!LOADING.has(key)) continue;
      const value = attribute[2] ?? attribute[3] ?? attribute[4] ?? "";
      const start =
        base + (attribute.index ?? 0) + attribute[0].length - value.length - (attribute[4] ? 0 : 1);
      const original = source.slice(start, start + value.length);
      if ((key === "href" || key === "xlink:href") && LINKS.has(name)) continue;
      // An inline SVG's <use href="#id"> points inside the page.
      if ((key === "href" || key === "xlink:href") && value.trim().startsWith("#")) continue;
      if (allowedLoad(value, start, spans)) continue;
      refuse(start, original, what(original, `<${name} ${key}=…>`));
    }
  }
  issues.push(...cssReferences(file, source, text, spans));
  return [...issues, ...fileUrls(file, source, issues)];
}

/**
 * `url(…)` and `@import` in CSS, or in a template's <style> and style attributes: only data:
 * URLs, `#fragment`s, `{{asset}}` (templates) and `asset:<name>` (style.css) may be named.
 * Returns the issues; `uses` receives each asset:<name> with its place.
 */
export function cssReferences(
  file: string,
  source: string,
  text = source,
  spans = new Map<number, string>(),
  uses?: (name: string, line: number, column: number) => void,
): Issue[] {
  const issues: Issue[] = [];
  const refuse = (offset: number, found: string, message: string): void => {
    issues.push({
      severity: "error",
      file,
      ...lineColumn(source, offset),
      message,
      found: describe(found),
      hint: assetHint(),
    });
  };
  for (const url of text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi)) {
    const value = url[1] ?? url[2] ?? url[3] ?? "";
    const start = (url.index ?? 0) + url[0].indexOf(value, 4);
    const original = source.slice(start, start + value.length);
    if (/^\s*(data:|#)/i.test(original)) continue;
    if (allowedLoad(value, start, spans)) continue;
    const asset = /^asset:(.*)$/.exec(original);
    if (asset && uses) {
      const place = lineColumn(source, start);
      uses(asset[1] ?? "", place.line, place.column);
      continue;
    }
    refuse(
      start,
      original,
      /^(https?:)?\/\//i.test(original)
        ? t`url(…) loads from another server: a briefing loads nothing`
        : t`url(…) refers to a file: a briefing loads nothing that is not inlined`,
    );
  }
  for (const rule of text.matchAll(/@import\b/gi)) {
    refuse(rule.index ?? 0, rule[0], t`@import loads another stylesheet: a briefing loads nothing`);
  }
  return issues;
}

/**
 * A file: URL anywhere (in an attribute, a url(…), a link, a comment), with what to do instead,
 * unless it was refused already as a reference.
 */
export function fileUrls(file: string, source: string, found: readonly Issue[]): Issue[] {
  const issues: Issue[] = [];
  for (const scheme of source.matchAll(/\bfile:[/\\]/gi)) {
    const at = scheme.index ?? 0;
    const place = lineColumn(source, at);
    const said = (issue: Issue) =>
      issue.line === place.line && /^file:/i.test(issue.found?.toString() ?? "");
    if ([...found, ...issues].some(said)) continue;
    issues.push({
      severity: "error",
      file,
      ...place,
      message: t`a file: URL: a briefing loads nothing that is not inlined`,
      found: describe(source.slice(at).split(/["'\s)<>]/)[0] ?? "file:"),
      hint: assetHint(),
    });
  }
  return issues;
}
