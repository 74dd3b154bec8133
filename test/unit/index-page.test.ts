/**
 * The archive's index page: beside each briefing's focus unit, the one percentage that says
 * something about it.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FILTER_SCRIPT } from "../../src/archive/index-filter.js";
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
    expect(focusCell(html, "part")).toBe("Sumsel: 400 Porsi 40,0%");
  });

  it("shows the coverage of a unit that is the whole region, not a share of 100%", () => {
    expect(focusCell(html, "whole")).toBe("Sumsel: 1.000 Cakupan 26,7%");
  });

  it("shows no percentage when the whole region has no potential", () => {
    expect(focusCell(html, "whole-no-potential")).toBe("Sumsel: 1.000");
  });

  it("writes a briefing's percentages with its own decimals, and marks illustrative figures", () => {
    expect(focusCell(html, "two-decimals")).toBe("Sumsel: 1.000 * Porsi 27,65%");
  });

  it("marks a percentage printed as published, with the decimals it was published with", () => {
    expect(focusCell(html, "published")).toBe("Kota Jambi: – Porsi 48,64% †");
    expect(html).toContain("† Angka publikasi");
    expect(html).toContain("* Data ilustrasi");
  });
});

/** An entry of a series and period, with a meeting's date or none, in a language. */
function dated(series: string, period: string, meetingDate: string | null, lang = "id") {
  const base = entry(series, null);
  return { ...base, period, summary: { ...base.summary, lang, meetingDate } };
}

describe("the index's dates, marks, languages, font and filter", async () => {
  const id = await loadLocale([DEFAULT_TEMPLATES], "id");
  const en = await loadLocale([DEFAULT_TEMPLATES], "en");
  const entries = [
    dated("gub", "2020-10", "2020-11-16"),
    dated("gub", "2020-09", "2020-10-12"),
    dated("report", "2020-09", null, "en"),
  ];
  const html = await indexHtml(entries, templates, id);
  const rowOf = (page: string, series: string, period: string) => {
    const section = page.slice(page.indexOf(`data-period="${period}"`));
    const from = section.indexOf(`<tr data-series="${series}"`);
    return section.slice(from, section.indexOf("</tr>", from));
  };

  const english = await indexHtml(entries, templates, en);

  it("shows the meeting's date beside the period, and none for a report", () => {
    expect(rowOf(html, "gub", "2020-10")).toContain("Rapat 16 November 2020");
    expect(rowOf(html, "gub", "2020-09")).toContain("Rapat 12 Oktober 2020");
    expect(rowOf(html, "report", "2020-09")).not.toContain('class="meeting"');
    expect(rowOf(english, "gub", "2020-10")).toContain("Meeting 16 November 2020");
  });

  it("marks the newest briefing of each series, and only it", () => {
    expect(rowOf(html, "gub", "2020-10")).toContain('<span class="latest">Terbaru</span>');
    expect(rowOf(html, "gub", "2020-09")).not.toContain('class="latest"');
    expect(rowOf(html, "report", "2020-09")).toContain('<span class="latest">Terbaru</span>');
  });

  it("says each briefing's language, links it with hreflang, and lists the languages there are", () => {
    expect(rowOf(html, "report", "2020-09")).toContain("Inggris");
    expect(rowOf(html, "gub", "2020-10")).toContain("Indonesia");
    expect(html).toContain("Bahasa: Inggris, Indonesia.");
    expect(english).toContain("Languages: English, Indonesian.");
  });

  it("embeds the font it is set in, cut to its characters", () => {
    const faces = html.match(/@font-face\{font-family:"Source Sans 3"[^}]*\}/g) ?? [];
    expect(faces.length).toBeGreaterThanOrEqual(3);
    expect(faces[0]).toContain("src:url(data:font/ttf;base64,");
  });

  it("runs its filter script only, allowed by the script's sha256, not by 'unsafe-inline'", () => {
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "");
    expect(scripts).toEqual([FILTER_SCRIPT]);
    const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1] ?? "";
    const hash = createHash("sha256")
      .update(scripts[0] ?? "")
      .digest("base64");
    expect(policy).toContain(`script-src 'sha256-${hash}';`);
    expect(policy).not.toContain("unsafe-inline'; base");
    expect(policy.match(/script-src [^;]*/)?.[0]).not.toContain("unsafe-inline");
  });

  it("keeps a template's own script out: only the build's filter runs", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "index-script-"));
    const own = readFileSync(path.join(DEFAULT_TEMPLATES, "index.hbs"), "utf8").replace(
      "</main>",
      "<script>document.title='x'</script></main>",
    );
    writeFileSync(path.join(dir, "index.hbs"), own);
    const page = await indexHtml(entries, loadTemplates(dir), id);
    rmSync(dir, { recursive: true, force: true });
    expect(page).not.toContain("document.title='x'");
    expect([...page.matchAll(/<script>/g)]).toHaveLength(1);
  });
});
