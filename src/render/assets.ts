/**
 * A template set's own files: a logo, a font. They live in its `assets/` folder (a custom set's
 * override the default set's by name), are named by `{{asset "logo.svg"}}` in a template or
 * `url("asset:logo.svg")` in style.css, and are inlined as data: URLs: the page loads nothing.
 * Only the files named are read, each checked to be what its name says (by its first bytes), of
 * a bounded size, and, for SVG, free of anything that acts or loads.
 */
import { lstatSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import type Handlebars from "handlebars";
import { Parser } from "htmlparser2";
import type { Issue } from "../errors.js";
import { t } from "../locale/messages.js";
import { calls } from "./ast.js";

/** Per asset and in all: a logo or a font is tens of KiB; every page carries them inline. */
export const ASSET_LIMITS = { each: 512 * 1024, total: 2 * 1024 * 1024 } as const;

/** `name`: made when it is shown, in the messages' language. */
const KINDS: Record<string, { type: string; name: () => string }> = {
  svg: { type: "image/svg+xml", name: () => t`an SVG image` },
  png: { type: "image/png", name: () => t`a PNG image` },
  jpg: { type: "image/jpeg", name: () => t`a JPEG image` },
  jpeg: { type: "image/jpeg", name: () => t`a JPEG image` },
  woff2: { type: "font/woff2", name: () => t`a WOFF2 font` },
};

/** Where a template or style.css names an asset. */
export interface AssetUse {
  name: string;
  file: string;
  line?: number;
  column?: number;
}

export interface Assets {
  /** The data: URL of each asset named, by name. */
  urls: Map<string, string>;
  /** Each asset as part of the set's identity: a changed logo rebuilds the briefings. */
  files: { name: string; text: string }[];
  issues: Issue[];
}

const kib = (bytes: number) => `${Math.ceil(bytes / 1024)} KiB`;

/** Why `name` is not a plain file name of a kind an asset may be, or undefined if it is. */
function badName(name: string): string | undefined {
  if (name === "") return t`an empty name`;
  if (/[/\\]/.test(name) || name === "." || name === "..")
    return t`a path, not a file name in assets/`;
  if (name.startsWith(".")) return t`a hidden file`;
  if (/[\p{Cc}]/u.test(name) || name.length > 120) return t`not a plain file name`;
  const extension = path.extname(name).slice(1).toLowerCase();
  if (!KINDS[extension]) return t`not an .svg, .png, .jpg, .jpeg or .woff2 file`;
  return undefined;
}

/** The `{{asset "…"}}` calls of a parsed template; each must name one asset in quotes. */
export function assetUses(
  file: string,
  program: hbs.AST.Program,
): { uses: AssetUse[]; issues: Issue[] } {
  const uses: AssetUse[] = [];
  const issues: Issue[] = [];
  for (const call of calls(program)) {
    if (call.path.type !== "PathExpression") continue;
    if ((call.path as hbs.AST.PathExpression).original !== "asset") continue;
    const place = { file, line: call.loc.start.line, column: call.loc.start.column + 1 };
    const [param, ...more] = call.params;
    if (param?.type !== "StringLiteral" || more.length > 0 || (call.hash?.pairs.length ?? 0) > 0) {
      issues.push({
        severity: "error",
        ...place,
        message: t`{{asset}} takes one file name, in quotes`,
        expected: '{{asset "logo.svg"}}',
      });
      continue;
    }
    uses.push({ name: (param as hbs.AST.StringLiteral).value, ...place });
  }
  return { uses, issues };
}

/** What the first bytes say a file is. */
function sniff(bytes: Buffer): string | undefined {
  const starts = (...b: number[]) => b.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (starts(0xff, 0xd8, 0xff)) return "jpeg";
  if (starts(0x77, 0x4f, 0x46, 0x32)) return "woff2";
  const head = bytes.subarray(0, 4096).toString("utf8");
  if (
    !head.includes("\0") &&
    /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE\s+svg[^>[]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(
      head,
    )
  )
    return "svg";
  return undefined;
}

/**
 * What in an SVG acts or loads: scripts, event handlers, foreign content, references outside
 * itself (an <img> of it would not run or load them; a briefing does not carry them either).
 */
export function svgProblems(text: string): { line: number; what: string }[] {
  const problems: { line: number; what: string }[] = [];
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length;
  const add = (offset: number, what: string) => {
    if (problems.length < 10) problems.push({ line: lineOf(offset), what });
  };
  const inside = (value: string) =>
    /^\s*#/.test(value) || /^\s*data:image\/(png|jpeg|gif|webp);base64,/i.test(value);
  const cssLoads = (css: string) =>
    /@import/i.test(css) ||
    [...css.matchAll(/url\(\s*["']?([^"')]*)/gi)].some((url) => !inside(url[1] ?? ""));
  if (/<!ENTITY/i.test(text)) add(text.search(/<!ENTITY/i), t`an entity declaration (<!ENTITY>)`);
  let inStyle = false;
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        const at = parser.startIndex;
        const local = tag.toLowerCase().replace(/^.*:/, "");
        if (["script", "foreignobject", "iframe", "embed", "object", "handler"].includes(local))
          add(at, t`a <${tag}> element`);
        if (local === "style") inStyle = true;
        for (const [name, value] of Object.entries(attributes)) {
          const key = name.toLowerCase();
          if (key.startsWith("on")) add(at, t`an event handler ${name}= on <${tag}>`);
          else if (/(^|:)href$/.test(key) || key === "src") {
            if (!inside(value)) add(at, t`a reference outside the file, ${name}="${value}"`);
          } else if (key === "attributename" && /href/i.test(value))
            add(at, t`an animation of ${value} on <${tag}>`);
          else if (key === "style" && cssLoads(value)) add(at, t`a style that loads, on <${tag}>`);
        }
      },
      ontext(data) {
        if (inStyle && cssLoads(data)) add(parser.startIndex, t`a <style> that loads`);
      },
      onclosetag(tag) {
        if (tag.toLowerCase().replace(/^.*:/, "") === "style") inStyle = false;
      },
    },
    { xmlMode: true },
  );
  parser.end(text);
  return problems;
}

/**
 * Reads the assets named by `uses` from the `assets/` folders of `dirs` (the last folder that
 * has one wins), each checked, as data: URLs.
 */
export function loadAssets(dirs: readonly string[], uses: readonly AssetUse[]): Assets {
  const urls = new Map<string, string>();
  const files: { name: string; text: string }[] = [];
  const issues: Issue[] = [];
  const folders = dirs.map((dir) => path.join(dir, "assets"));
  const fail = (use: AssetUse | { file: string }, message: string, extra: Partial<Issue> = {}) =>
    issues.push({ severity: "error", ...use, message, ...extra });
  let total = 0;
  const seen = new Set<string>();
  for (const use of uses) {
    // Each name is read (and any fault in it said) once, however often it is named.
    if (seen.has(use.name)) continue;
    seen.add(use.name);
    const bad = badName(use.name);
    if (bad) {
      fail(use, `{{asset "${use.name}"}}: ${bad}`, {
        expected: t`the name of a file in the template set's assets/ folder: logo.svg, logo.png`,
      });
      continue;
    }
    const folder = [...folders].reverse().find((dir) => {
      try {
        lstatSync(path.join(dir, use.name));
        return true;
      } catch {
        return false;
      }
    });
    if (!folder) {
      fail(use, t`no asset "${use.name}"`, {
        expected: t`a file ${use.name} in ${folders.at(-1)}`,
      });
      continue;
    }
    const file = path.join(folder, use.name);
    const link = lstatSync(file);
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      fail({ file }, t`asset "${use.name}" is a link to nothing`);
      continue;
    }
    if (link.isSymbolicLink() && !real.startsWith(`${realpathSync(folder)}${path.sep}`)) {
      fail({ file }, t`asset "${use.name}" is a link to a file outside assets/`, {
        found: real,
        hint: t`Copy the file into assets/ instead.`,
      });
      continue;
    }
    const stat = lstatSync(real);
    if (!stat.isFile()) {
      fail({ file }, t`asset "${use.name}" is not a file`);
      continue;
    }
    if (stat.size > ASSET_LIMITS.each) {
      fail(
        { file },
        t`asset "${use.name}" is ${kib(stat.size)}; an asset may be at most ${kib(ASSET_LIMITS.each)}`,
        {
          hint: t`Every page carries its assets inline: an SVG, or a PNG or JPEG at the size it prints, is small.`,
        },
      );
      continue;
    }
    const bytes = readFileSync(real);
    const extension = path.extname(use.name).slice(1).toLowerCase();
    const expected = KINDS[extension] as { type: string; name: () => string };
    const found = sniff(bytes);
    if ((found === "jpeg" ? "jpg" : found) !== (extension === "jpeg" ? "jpg" : extension)) {
      fail({ file }, t`asset "${use.name}" is not ${expected.name()}`, {
        found: found
          ? t`the content of ${KINDS[found]?.name()}`
          : t`content of no kind an asset may be`,
        hint: t`Name the file after what it is (.svg, .png, .jpg, .woff2), or export it again.`,
      });
      continue;
    }
    if (found === "svg") {
      const problems = svgProblems(bytes.toString("utf8"));
      if (problems.length > 0) {
        for (const problem of problems)
          fail({ file, line: problem.line }, t`asset "${use.name}" holds ${problem.what}`, {
            hint: t`An SVG asset is an image only: no scripts, event handlers or references outside the file. Save it again as plain SVG (Inkscape: Save as Optimized SVG).`,
          });
        continue;
      }
    }
    total += bytes.length;
    if (total > ASSET_LIMITS.total) {
      fail({ file }, t`the assets named come to more than ${kib(ASSET_LIMITS.total)} in all`, {
        hint: t`Every page carries its assets inline; use fewer or smaller ones.`,
      });
      break;
    }
    const url = `data:${expected.type};base64,${bytes.toString("base64")}`;
    urls.set(use.name, url);
    files.push({ name: `assets/${use.name}`, text: url });
  }
  return { urls, files, issues };
}

/** `{{asset "logo.svg"}}`: the asset's data: URL, made by loadAssets from base64 only. */
export function registerAssetHelper(hb: typeof Handlebars, urls: ReadonlyMap<string, string>) {
  hb.registerHelper("asset", (name: unknown) => {
    const url = urls.get(String(name));
    if (url === undefined) throw new Error(t`no asset "${String(name)}"`);
    return new hb.SafeString(url);
  });
}

/** style.css with each `url("asset:<name>")` replaced by the asset's data: URL. */
export function inlineCssAssets(css: string, urls: ReadonlyMap<string, string>): string {
  return css.replace(
    /url\(\s*(["']?)asset:([^"')\s]*)\1\s*\)/g,
    (whole, _quote: string, name: string) => {
      const url = urls.get(name);
      return url === undefined ? whole : `url("${url}")`;
    },
  );
}
