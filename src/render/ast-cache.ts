/**
 * The default template set's syntax trees, parsed when briefing is built (scripts/templates.mjs
 * writes dist/templates/default.json.gz, 30 kB) rather than at each start: Handlebars' parser,
 * cold, took 42-58 ms over the set's 23 kB; reading the trees back takes 5-8 ms. A tree is
 * used only for the very text it was parsed from (its sha256) and by the Handlebars it was
 * parsed with; any other text (an edited file, another set) is parsed as before.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type Handlebars from "handlebars";

/** What the build writes: each template's tree, as JSON text, under its path in the set. */
export interface AstCache {
  handlebars: string;
  files: Record<string, { sha256: string; ast: string }>;
}

/** A tree's file, which the build does not know: put back as each tree is read. */
const SOURCE = "\u0000template";

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Every .hbs under `dir`, by its path in the set (`partials/table.hbs`), in order. */
function templatesIn(dir: string, under = ""): string[] {
  return readdirSync(path.join(dir, under), { withFileTypes: true })
    .flatMap((entry) => {
      const name = path.posix.join(under, entry.name);
      if (entry.isDirectory()) return templatesIn(dir, name);
      return entry.name.endsWith(".hbs") ? [name] : [];
    })
    .sort();
}

/** The trees of every template of a set (at build time). */
export function buildAstCache(dir: string, hb: typeof Handlebars): AstCache {
  const files: AstCache["files"] = {};
  for (const name of templatesIn(dir)) {
    const text = readFileSync(path.join(dir, name), "utf8");
    files[name] = {
      sha256: sha256(text),
      ast: JSON.stringify(hb.parse(text, { srcName: SOURCE })),
    };
  }
  return { handlebars: hb.VERSION, files };
}

const loaded = new Map<string, AstCache | null>();

/** A cache, read once; none when there is none (briefing runs from its sources) or unreadable. */
function cache(file: string): AstCache | null {
  let found = loaded.get(file);
  if (found !== undefined) return found;
  try {
    found = existsSync(file)
      ? (JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as AstCache)
      : null;
  } catch {
    found = null;
  }
  loaded.set(file, found);
  return found;
}

/**
 * The tree of `text`, read from `cacheFile`, when it was parsed there from the same text by the
 * same Handlebars; a fresh copy each time (compiling changes a tree: see strict.ts).
 */
export function cachedAst(
  cacheFile: string,
  name: string,
  text: string,
  file: string,
  hb: typeof Handlebars,
): hbs.AST.Program | undefined {
  const found = cache(cacheFile);
  const entry = found?.handlebars === hb.VERSION ? found.files[name] : undefined;
  if (!entry || entry.sha256 !== sha256(text)) return undefined;
  return JSON.parse(entry.ast, (key, value: unknown) =>
    key === "source" && value === SOURCE ? file : value,
  ) as hbs.AST.Program;
}
