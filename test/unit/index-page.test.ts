/**
 * The archive's index page: beside each briefing's focus unit, the one percentage that says
 * something about it.
 */
import { describe, expect, it } from "vitest";
import { indexHtml } from "../../src/archive/index-page.js";
import type { ManifestEntry, Summary } from "../../src/archive/manifest.js";
import { loadLocale } from "../../src/locale/locale.js";
import { DEFAULT_TEMPLATES, loadTemplates } from "../../src/render/templates.js";

const templates = loadTemplates();

function entry(series: string, focus: Summary["focus"]): ManifestEntry {
  return {
    period: "2024-01",
    series,
    key: "k",
    inputs: [],
    template: "t",
    tool: "briefing",
    options: { lang: null, strict: false, formats: ["html", "pdf"] },
    outputs: [],
    summary: {
      title: `Briefing ${series}`,
      region: "Region",
      asOf: "Januari 2024",
      lang: "id",
      members: 1000,
      focus,
      target: null,
      change: null,
      illustrative: false,
    },
  };
}

/** The focus cell of a series' row, tags dropped. */
function focusCell(html: string, series: string): string {
  const row = html.slice(html.indexOf(`<td>${series}</td>`));
  const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1] ?? "");
  return (cells[4] ?? "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

describe("the index's focus column", async () => {
  const id = await loadLocale([DEFAULT_TEMPLATES], "id");
  const html = indexHtml(
    [
      entry("part", { name: "Sumsel", members: 400, share: 40, coverage: 20 }),
      entry("whole", { name: "Sumsel", members: 1000, share: 100, coverage: 26.72 }),
      entry("whole-no-potential", { name: "Sumsel", members: 1000, share: 100 }),
    ],
    templates,
    id,
  );

  it("shows a unit's share of its region", () => {
    expect(focusCell(html, "part")).toBe("Sumsel: 400 Porsi 40,0 %");
  });

  it("shows the coverage of a unit that is the whole region, not a share of 100 %", () => {
    expect(focusCell(html, "whole")).toBe("Sumsel: 1.000 Cakupan 26,7 %");
  });

  it("shows no percentage when the whole region has no potential", () => {
    expect(focusCell(html, "whole-no-potential")).toBe("Sumsel: 1.000");
  });
});
