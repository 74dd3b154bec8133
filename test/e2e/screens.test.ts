/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The archive read on a phone, measured in Chromium at 390 px (and 320 px): no page-wide
 * horizontal scroll, chart text no smaller than 11 px as shown, every table either fitting or
 * scrolling in its own box; the index's filter working from the file system under its policy;
 * the link back to the index on screen only.
 */
import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildArchive } from "../../src/archive/run.js";
import { build } from "../../src/build.js";
import { BrowserManager } from "../../src/print/browser/manager.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { pdfText } from "../support/pdf.js";

const manager = new BrowserManager();
let out: string;

beforeAll(async () => {
  out = tempDir();
  await buildArchive({
    dataDir: path.join(ROOT, "data"),
    outDir: out,
    formats: ["html"],
    onIssue: () => {},
  });
}, 120_000);
afterAll(async () => {
  await manager.close();
  removeTempDirs();
});

/** A page of the archive opened at a screen's width, as a phone's browser would. */
async function opened(file: string, width: number, media = "screen"): Promise<Page> {
  const page = await (await manager.browser()).newPage();
  await page.setViewport({ width, height: 800 });
  await page.emulateMediaType(media);
  await page.goto(pathToFileURL(path.join(out, file)).href, { waitUntil: "load" });
  return page;
}

interface Measured {
  scrollWidth: number;
  /** Each chart: its smallest text as shown, in CSS px, and which image was chosen. */
  charts: { id: string; textPx: number; narrow: boolean }[];
  /** Tables wider than the screen that no box of their own scrolls. */
  spilling: string[];
  tables: number;
}

/** What the page measures at its width: everything a test below asks of it. */
const measure = (page: Page): Promise<Measured> =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // The chart each figure shows, and its smallest text as drawn on the screen: the text's
    // size in the chart's coordinates times the scale the chart is shown at.
    const charts = [...document.querySelectorAll<HTMLElement>("figure.chart")].map((figure) => {
      const shown = [...figure.querySelectorAll<SVGSVGElement>("svg.chart-image")].filter(
        (svg) => getComputedStyle(svg).display !== "none",
      );
      const texts = shown.flatMap((svg) => [...svg.querySelectorAll<SVGTextElement>("text")]);
      return {
        id: shown.length === 1 ? figure.id : `${figure.id} (${shown.length} charts shown)`,
        textPx: Math.min(
          ...texts.map(
            (text) => Number(text.getAttribute("font-size")) * (text.getScreenCTM()?.a ?? 0),
          ),
        ),
        narrow: shown.some((svg) => svg.classList.contains("chart-narrow")),
      };
    });
    const tables = [...document.querySelectorAll("table")];
    const spilling = tables
      .filter((table) => {
        if (table.getBoundingClientRect().right <= width + 0.5) return false;
        for (let box = table.parentElement; box; box = box.parentElement) {
          const overflow = getComputedStyle(box).overflowX;
          if (
            (overflow === "auto" || overflow === "scroll") &&
            box.getBoundingClientRect().right <= width + 0.5
          )
            return false;
        }
        return true;
      })
      .map((table) => table.closest("section")?.querySelector("h2")?.textContent ?? "table");
    return {
      scrollWidth: document.documentElement.scrollWidth,
      charts,
      spilling,
      tables: tables.length,
    };
  });

const PAGES = [
  ["the Sumbagsel briefing", "2020-10/sumbagsel.html", 2],
  ["the Jawa Tengah briefing (its own template set)", "2021-12/jateng.html", 3],
  ["the index", "index.html", 0],
] as const;

describe.each([390, 320])("at %i px", (width) => {
  it.each(PAGES)(
    "%s has no page-wide scroll, chart text ≥ 11 px, tables fit or scroll in their own box",
    async (_name, file, charts) => {
      const page = await opened(file, width);
      const measured = await measure(page);
      await page.close();
      expect(measured.scrollWidth).toBeLessThanOrEqual(width);
      expect(measured.charts).toHaveLength(charts);
      for (const chart of measured.charts) {
        expect(chart.narrow, chart.id).toBe(true);
        expect(chart.textPx, chart.id).toBeGreaterThanOrEqual(11);
      }
      expect(measured.tables).toBeGreaterThan(0);
      expect(measured.spilling).toEqual([]);
    },
  );
});

describe("the same pages wider", () => {
  it.each([1100, 701])(
    "at %i px show the page's charts, with their text ≥ 11 px",
    async (width) => {
      const page = await opened("2020-10/sumbagsel.html", width);
      const measured = await measure(page);
      await page.close();
      expect(measured.scrollWidth).toBeLessThanOrEqual(width);
      for (const chart of measured.charts) {
        expect(chart.narrow, chart.id).toBe(false);
        expect(chart.textPx, chart.id).toBeGreaterThanOrEqual(11);
      }
    },
  );

  it("the index at 390 px lays each briefing out as a card: no two cells of a row side by side overlap", async () => {
    const page = await opened("index.html", 390);
    const overlaps = await page.evaluate(() => {
      const found: string[] = [];
      for (const row of document.querySelectorAll("tbody tr")) {
        const cells = [...row.querySelectorAll("td")].map((td) => td.getBoundingClientRect());
        cells.forEach((a, i) => {
          for (const b of cells.slice(i + 1)) {
            const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (x > 1 && y > 1) found.push(row.textContent?.slice(0, 40) ?? "");
          }
        });
      }
      return found;
    });
    await page.close();
    expect(overlaps).toEqual([]);
  });
});

describe("print", () => {
  it("keeps the page's chart and table, and hides the link back to the index", async () => {
    const page = await opened("2020-10/sumbagsel.html", 390, "print");
    const printed = await page.evaluate(() => ({
      link: getComputedStyle(document.querySelector(".archive-link") as Element).display,
      boxes: [...document.querySelectorAll(".table-scroll")].map(
        (b) => getComputedStyle(b).display,
      ),
      narrow: [...document.querySelectorAll("svg.chart-narrow")].filter(
        (svg) => getComputedStyle(svg).display !== "none",
      ).length,
      wide: [...document.querySelectorAll("svg.chart-wide")].filter(
        (svg) => getComputedStyle(svg).display !== "none",
      ).length,
    }));
    await page.close();
    expect(printed.link).toBe("none");
    expect(printed.boxes.length).toBeGreaterThan(0);
    expect(new Set(printed.boxes)).toEqual(new Set(["contents"]));
    expect(printed.narrow).toBe(0);
    expect(printed.wide).toBeGreaterThan(0);
  });

  it("an archived briefing's PDF has no link back to the index, nor its words", async () => {
    const data = tempDir();
    cpSync(path.join(ROOT, "data/sumbagsel"), path.join(data, "sumbagsel"), { recursive: true });
    const archive = tempDir();
    await buildArchive({ dataDir: data, outDir: archive, onIssue: () => {} });
    const html = readFileSync(path.join(archive, "2020-10/sumbagsel.html"), "utf8");
    expect(html).toContain('<a href="../index.html">← Semua briefing</a>');
    const pdf = path.join(archive, "2020-10/sumbagsel.pdf");
    expect(pdfText(pdf)).not.toContain("Semua briefing");
    expect(readFileSync(pdf).toString("latin1")).not.toContain("index.html");
  }, 60_000);

  it("a briefing built on its own has no link back: it is in no archive", async () => {
    const dir = tempDir();
    const [built] = await build({
      files: [path.join(ROOT, "data/sumbagsel/2020-10.yaml")],
      outDir: dir,
      formats: ["html"],
    });
    const html = readFileSync(path.join(dir, `${built?.slug}.html`), "utf8");
    expect(html).not.toContain('<nav class="archive-link"');
    expect(html).not.toContain("index.html");
  });
});

describe("the index's filter, opened from the file system", () => {
  /** The rows shown, as "<period> <series>". */
  const shown = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("section.period")]
        .filter((s) => !s.hidden)
        .flatMap((s) =>
          [...s.querySelectorAll<HTMLElement>("tbody tr")]
            .filter((r) => !r.hidden)
            .map((r) => `${s.dataset.period} ${r.dataset.series}`),
        ),
    );

  it("finds the November meeting by its words, a series by its name, a period by its month", async () => {
    const page = await opened("index.html", 390);
    const refused: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") refused.push(message.text());
    });
    await page.evaluate(() =>
      document.addEventListener("securitypolicyviolation", (e) =>
        console.error(e.violatedDirective),
      ),
    );
    expect(await page.$eval("#filter", (box) => (box as HTMLElement).hidden)).toBe(false);
    const all = await shown(page);
    expect(all).toHaveLength(10);

    await page.type("#filter-text", "rapat november");
    expect(await shown(page)).toEqual(["2020-10 sumbagsel"]);
    expect(await page.$eval("#filter-count", (p) => p.textContent)).toBe("1 briefing ditampilkan");

    await page.$eval("#filter-text", (input) => {
      (input as HTMLInputElement).value = "";
    });
    await page.select("#filter-series", "muba");
    await page.type("#filter-text", " ");
    expect(await shown(page)).toEqual(["2025-07 muba", "2024-12 muba"]);

    await page.select("#filter-period", "2024-12");
    expect(await shown(page)).toEqual(["2024-12 muba"]);
    await page.select("#filter-series", "sumsel");
    expect(await shown(page)).toEqual([]);
    expect(await page.$eval("#filter-none", (p) => (p as HTMLElement).hidden)).toBe(false);
    await page.close();
    expect(refused).toEqual([]);
  });

  it("is hidden, and every briefing listed, where scripts do not run", async () => {
    const page = await (await manager.browser()).newPage();
    await page.setJavaScriptEnabled(false);
    await page.goto(pathToFileURL(path.join(out, "index.html")).href, { waitUntil: "load" });
    const state = await page.evaluate(() => ({
      filter: (document.querySelector("#filter") as HTMLElement).hidden,
      rows: document.querySelectorAll("tbody tr:not([hidden])").length,
    }));
    await page.close();
    expect(state).toEqual({ filter: true, rows: 10 });
  });
});
