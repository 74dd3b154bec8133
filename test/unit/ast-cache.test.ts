/**
 * The default template set is parsed when briefing is built, and a start reads the trees back:
 * each the tree Handlebars gives for that very text, in that very file. A tree is not used for
 * another text, nor by another Handlebars.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { type AstCache, buildAstCache, cachedAst } from "../../src/render/ast-cache.js";
import Handlebars from "../../src/render/handlebars.js";
import { DEFAULT_TEMPLATES } from "../../src/render/templates.js";
import { removeTempDirs, tempDir } from "../support/files.js";

afterAll(removeTempDirs);

describe("the default set's trees, parsed at build time", () => {
  const built: AstCache = buildAstCache(DEFAULT_TEMPLATES, Handlebars);
  const file = path.join(tempDir(), "default.json.gz");
  writeFileSync(file, gzipSync(JSON.stringify(built)));

  it("holds every template of the set, layout, partials, index, slides and email", () => {
    const names = Object.keys(built.files);
    expect(names).toEqual(
      expect.arrayContaining([
        "layout.hbs",
        "index.hbs",
        "slides.hbs",
        "partials/table.hbs",
        "email/body.html.hbs",
      ]),
    );
    expect(names.length).toBeGreaterThan(20);
  });

  it("gives, for each, the tree Handlebars parses from its text, located in its file", () => {
    for (const name of Object.keys(built.files)) {
      const source = path.join(DEFAULT_TEMPLATES, name);
      const text = readFileSync(source, "utf8");
      const tree = cachedAst(file, name, text, source, Handlebars);
      expect(tree, name).toEqual(Handlebars.parse(text, { srcName: source }));
      expect(tree?.loc.source).toBe(source);
    }
  });

  it("gives a fresh tree each time: compiling changes a tree", () => {
    const source = path.join(DEFAULT_TEMPLATES, "layout.hbs");
    const text = readFileSync(source, "utf8");
    const first = cachedAst(file, "layout.hbs", text, source, Handlebars);
    const second = cachedAst(file, "layout.hbs", text, source, Handlebars);
    expect(first).toEqual(second);
    expect(first).not.toBe(second);
  });

  it("gives none for an edited text, an unknown template, or another Handlebars", () => {
    const source = path.join(DEFAULT_TEMPLATES, "layout.hbs");
    const text = readFileSync(source, "utf8");
    expect(cachedAst(file, "layout.hbs", `${text}<p>edited</p>`, source, Handlebars)).toBe(
      undefined,
    );
    expect(cachedAst(file, "partials/mine.hbs", text, source, Handlebars)).toBe(undefined);
    const older = path.join(tempDir(), "older.json.gz");
    writeFileSync(older, gzipSync(JSON.stringify({ ...built, handlebars: "4.0.0" })));
    expect(cachedAst(older, "layout.hbs", text, source, Handlebars)).toBe(undefined);
    expect(
      cachedAst(path.join(tempDir(), "none.json.gz"), "layout.hbs", text, source, Handlebars),
    ).toBe(undefined);
  });
});
