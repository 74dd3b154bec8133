/**
 * The theme: each id's colour (its own, else the palette's by position), text on a fill that
 * passes WCAG AA whatever the colours, and template.yaml's `palette`, `colours` and `accent`,
 * checked with a located error.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { colourOf, contrast, textOn, theme } from "../../src/chart/theme.js";
import { BriefingError } from "../../src/errors.js";
import { loadTemplates } from "../../src/render/templates.js";
import { removeTempDirs, tempDir } from "../support/files.js";

afterAll(removeTempDirs);

describe("colourOf", () => {
  const themed = { ...theme, series: ["#111111", "#222222", "#333333"], colours: { b: "#ff0000" } };

  it("gives an id its own colour, wherever it stands", () => {
    expect(colourOf(themed, "b", 0)).toBe("#ff0000");
    expect(colourOf(themed, "b", 7)).toBe("#ff0000");
  });

  it("gives the others the palette's colour at their position, the palette repeating", () => {
    expect([0, 1, 2, 3, 4].map((i) => colourOf(themed, "a", i))).toEqual([
      "#111111",
      "#222222",
      "#333333",
      "#111111",
      "#222222",
    ]);
  });

  it("does not take an id named after an object's own properties for a colour of its own", () => {
    expect(colourOf(themed, "constructor", 1)).toBe("#222222");
    expect(colourOf(themed, "__proto__", 2)).toBe("#333333");
  });

  it("is the default palette by position in the default theme, without slots", () => {
    expect(colourOf(theme, "pu", 0)).toBe("#002b5b");
    expect(colourOf(theme, "bpu", 1)).toBe("#d9a62f");
    expect(colourOf(theme, "jakon", 2)).toBe("#cb6374");
  });
});

describe("text on a fill", () => {
  it("measures contrast as WCAG 2 does", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    // The grey WCAG's examples put just under AA on white.
    expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(contrast("#ffffff", "#0f4c81")).toBeCloseTo(contrast("#0f4c81", "#ffffff"), 10);
  });

  it("is white on dark fills and black on light ones", () => {
    expect(textOn("#0f4c81")).toBe("#ffffff");
    expect(textOn("#2f7d32")).toBe("#ffffff");
    // White on these was 2.5:1 (issue 12).
    expect(textOn("#6fa8dc")).toBe("#000000");
    expect(textOn("#e69138")).toBe("#000000");
    expect(textOn("#ffff00")).toBe("#000000");
  });

  it("reaches 4.5:1 on every fill, whatever the theme says", () => {
    const steps = [0, 0x33, 0x66, 0x77, 0x80, 0x99, 0xbb, 0xcc, 0xff];
    const hex = (n: number) => n.toString(16).padStart(2, "0");
    for (const r of steps)
      for (const g of steps)
        for (const b of steps) {
          const fill = `#${hex(r)}${hex(g)}${hex(b)}`;
          expect(contrast(fill, textOn(fill)), fill).toBeGreaterThanOrEqual(4.5);
        }
  });
});

describe("template.yaml", () => {
  function set(yaml: string): string {
    const dir = tempDir("briefing-theme-");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "template.yaml"), yaml);
    return dir;
  }

  function rejection(yaml: string) {
    const dir = set(yaml);
    try {
      loadTemplates(dir);
    } catch (error) {
      if (!(error instanceof BriefingError)) throw error;
      return { file: path.join(dir, "template.yaml"), issue: error.issues[0] };
    }
    throw new Error("template.yaml was accepted");
  }

  it("sets the palette, an id's colour and the accent; the rest stays the default", () => {
    const { theme: t, css } = loadTemplates(
      set('palette: ["#112233", "#445566"]\ncolours: { pu: "#FF0000" }\naccent: "#aa0000"\n'),
    );
    expect(t.series).toEqual(["#112233", "#445566"]);
    expect(t.colours).toEqual({ pu: "#ff0000" });
    expect(t.accent).toBe("#aa0000");
    expect(t.target).toBe(theme.target);
    expect(colourOf(t, "pu", 1)).toBe("#ff0000");
    expect(colourOf(t, "bpu", 1)).toBe("#445566");
    // The page's accent follows, after the default style.
    expect(css).toMatch(/--accent: #0f4c81;[\s\S]*:root \{ --accent: #aa0000; \}/);
  });

  it("leaves the default theme and the page's style alone without colours", () => {
    const templates = loadTemplates(set("javascript: false\n"));
    expect(templates.theme).toEqual(theme);
    expect(templates.css).toBe(loadTemplates().css);
  });

  it("refuses a colour not written #rrggbb, at its line and column", () => {
    const { file, issue } = rejection('colours:\n  pu: "#ff00"\n');
    expect(issue).toMatchObject({ file, line: 2, column: 7, path: "colours.pu" });
    expect(issue?.expected ?? issue?.message).toContain('"#rrggbb"');
  });

  it("says to quote a colour that YAML read as a comment", () => {
    const { file, issue } = rejection("accent: #ff0000\n");
    expect(issue).toMatchObject({ file, line: 1, path: "accent" });
    expect(`${issue?.message} ${issue?.expected}`).toContain("in quotes");
  });

  it("refuses a colour name in the palette, and an empty palette", () => {
    expect(rejection("palette: [red]\n").issue).toMatchObject({ line: 1, path: "palette[0]" });
    expect(rejection("palette: []\n").issue).toMatchObject({ line: 1, path: "palette" });
  });
});
