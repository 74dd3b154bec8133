/**
 * A page's fonts are cut to the characters it shows and to the OpenType features it may use:
 * the browser's own, and those its styles ask for. A style asking for one in a way not read
 * keeps them all: a subset never lacks a glyph the page shows.
 */
import { describe, expect, it } from "vitest";
import { FONT_FAMILY, featuresOf, fontCss } from "../../src/assets/fonts.js";

/** The feature tags of a TrueType font's GSUB table (its FeatureList), each once, sorted. */
function gsubFeatures(font: Buffer): string[] {
  const tables = font.readUInt16BE(4);
  for (let i = 0; i < tables; i++) {
    const record = 12 + 16 * i;
    if (font.toString("latin1", record, record + 4) !== "GSUB") continue;
    const gsub = font.readUInt32BE(record + 8);
    const list = gsub + font.readUInt16BE(gsub + 6);
    const count = font.readUInt16BE(list);
    const tags = Array.from({ length: count }, (_, j) =>
      font.toString("latin1", list + 2 + 6 * j, list + 6 + 6 * j),
    );
    return [...new Set(tags)].sort();
  }
  return [];
}

/** The regular face's subset in a page's @font-face rules, as bytes. */
async function regularSubset(html: string): Promise<Buffer> {
  const css = await fontCss("0123456789 Sumatera", false, featuresOf(html));
  const rule = css.split("\n").find((r) => r.includes("font-weight:400;font-style:normal"));
  const data = /base64,([^)]+)\)/.exec(rule ?? "")?.[1];
  expect(rule).toContain(FONT_FAMILY);
  return Buffer.from(data ?? "", "base64");
}

describe("the OpenType features a page keeps", () => {
  it("are the browser's own (kerning, ligatures, marks) when its styles ask for none", () => {
    const features = featuresOf("<style>p { color: red }</style><p>36,7 %</p>");
    expect(features).toEqual(expect.arrayContaining(["kern", "liga", "calt", "mark", "locl"]));
    expect(features).not.toContain("smcp");
    expect(features).not.toContain("tnum");
  });

  it("add what font-variant-*, font-feature-settings and the font shorthand ask for", () => {
    const features = featuresOf(
      `<style>td { font-variant-numeric: tabular-nums slashed-zero }
       .a { font-feature-settings: "ss01" 1, 'onum' } h1 { font: small-caps 700 2em serif }</style>
       <p style="font-variant-caps:all-small-caps">x</p>`,
    );
    expect(features).toEqual(
      expect.arrayContaining(["tnum", "zero", "ss01", "onum", "smcp", "c2sc", "kern"]),
    );
    expect(featuresOf("<style>td { font-variant-numeric: normal }</style>")).not.toContain("tnum");
  });

  it("read a style attribute written through a template, its quotes as entities", () => {
    const features = featuresOf(
      '<td style="font-feature-settings: &quot;onum&quot; 1" class="n">1</td><p style="font-variant-caps:small-caps" class="x">',
    );
    expect(features).toEqual(expect.arrayContaining(["onum", "smcp"]));
  });

  it("are all of them when a style asks for one in a way not read here", () => {
    expect(featuresOf("<style>p { font-feature-settings: var(--figures) }</style>")).toBe(
      undefined,
    );
    expect(featuresOf("<style>p { font: var(--type) }</style>")).toBe(undefined);
    expect(featuresOf("<style>p { font-variant-alternates: stylistic(fancy) }</style>")).toBe(
      undefined,
    );
    expect(featuresOf("<style>p { font-variant-numeric: var(--figures) }</style>")).toBe(undefined);
  });

  it("are what the subset keeps: small capitals only for a page that asks for them", async () => {
    const plain = await regularSubset("<style>td { font-variant-numeric: tabular-nums }</style>");
    const caps = await regularSubset("<style>h1 { font-variant-caps: small-caps }</style>");
    const css = await fontCss("0123456789 Sumatera", false);
    const all = Buffer.from(/base64,([^)]+)\)/.exec(css)?.[1] ?? "", "base64");
    expect(gsubFeatures(plain)).toContain("locl");
    expect(gsubFeatures(plain)).not.toContain("smcp");
    expect(gsubFeatures(plain)).not.toContain("onum");
    expect(gsubFeatures(caps)).toContain("smcp");
    // Every feature the face has, when none is chosen, each with its glyphs: a larger subset.
    expect(gsubFeatures(all)).toEqual(expect.arrayContaining(["smcp", "onum", "sups", "ss02"]));
    expect(plain.length).toBeLessThan(all.length / 2);
  });
});
