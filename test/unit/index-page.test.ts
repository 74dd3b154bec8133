/**
 * The archive's index page: beside each briefing's focus unit, the one percentage that says
 * something about it.
 */
import { describe, expect, it } from "vitest";
import { indexHtml } from "../../src/archive/index-page.js";
import type { FigureRecordValue, ManifestEntry, Summary } from "../../src/archive/manifest.js";
import { loadLocale } from "../../src/locale/locale.js";
import { DEFAULT_TEMPLATES, loadTemplates } from "../../src/render/templates.js";

const templates = loadTemplates();

/** A figure computed from published counts. */
const derived = (value: number): FigureRecordValue => ({
  value,
  provenance: "derived",
  sources: [],
});

function entry(series: string, focus: Summary["focus"], decimals = 1): ManifestEntry {
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
      decimals,
      date: "2024-01-31",
      members: derived(1000),
      focus,
      target: null,
      change: null,
      illustrative: false,
    },
  };
}

/** The focus cell of a series' row, tags dropped. */
function focusCell(html: string, series: string): string {
  const row = html.slice(html.indexOf(`<tr data-series="${series}"`));
  const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1] ?? "");
  return (cells[4] ?? "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

describe("the index's focus column", async () => {
  const id = await loadLocale([DEFAULT_TEMPLATES], "id");
  const html = await indexHtml(
    [
      entry("part", {
        name: "Sumsel",
        members: derived(400),
        share: derived(40),
        coverage: derived(20),
      }),
      entry("whole", {
        name: "Sumsel",
        members: derived(1000),
        share: derived(100),
        coverage: derived(26.72),
      }),
      entry("whole-no-potential", {
        name: "Sumsel",
        members: derived(1000),
        share: derived(100),
        coverage: null,
      }),
      entry(
        "two-decimals",
        {
          name: "Sumsel",
          members: { value: 1000, provenance: "illustrative", sources: [] },
          share: derived(27.6543),
          coverage: null,
        },
        2,
      ),
      entry("published", {
        name: "Kota Jambi",
        members: null,
        share: { value: 48.64, provenance: "published", sources: ["s"], decimals: 2 },
        coverage: null,
      }),
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

  it("writes a briefing's percentages with its own decimals, and marks illustrative figures", () => {
    expect(focusCell(html, "two-decimals")).toBe("Sumsel: 1.000 * Porsi 27,65 %");
  });

  it("marks a percentage printed as published, with the decimals it was published with", () => {
    expect(focusCell(html, "published")).toBe("Kota Jambi: – Porsi 48,64 % †");
    expect(html).toContain("† Angka publikasi");
    expect(html).toContain("* Data ilustrasi");
  });
});
