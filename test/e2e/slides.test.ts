/// <reference lib="dom" />
/**
 * `-f slides`: the briefing as 16:9 slides from the same page model, one message a slide, the
 * charts the slide's width; `.slides.html` to present from the file system with the keyboard,
 * `.slides.pdf` printed a slide a page. Its partials are the template set's, overridable.
 */

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { BrowserManager } from "../../src/print/browser/manager.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { pdfInfo } from "../support/pdf.js";

const manager = new BrowserManager();
const EXAMPLE = path.join(ROOT, "data/sumbagsel/2020-10.yaml");
let out: string;
let files: string[];

beforeAll(async () => {
  out = tempDir();
  const [built] = await build({ files: [EXAMPLE], outDir: out, formats: ["slides"] });
  files = (built?.files ?? []).map((file) => path.basename(file));
});
afterAll(async () => {
  await manager.close();
  removeTempDirs();
});

const pageText = (pdf: string, n: number) =>
  execFileSync("pdftotext", ["-f", String(n), "-l", String(n), pdf, "-"], { encoding: "utf8" })
    .replace(/\u00a0/g, " ")
    .replace(/\s+/g, " ");

describe("the slides' PDF", () => {
  const pdf = () => path.join(out, "sumbagsel-2020-10.slides.pdf");

  it("writes the deck to present and its PDF, and nothing else", () => {
    expect(files).toEqual(["sumbagsel-2020-10.slides.html", "sumbagsel-2020-10.slides.pdf"]);
  });

  it("prints 16:9 pages (13.33 × 7.5 in): title, agenda, key figures, a slide per message, per chart, sources", () => {
    const info = pdfInfo(pdf());
    expect(info["Page size"]).toMatch(/^960 x 540 pts/);
    // 3 + 4 messages + 2 charts + sources.
    expect(Number(info.Pages)).toBe(10);
    expect(pageText(pdf(), 1)).toContain("Audiensi dengan Gubernur Sumatera Selatan");
    expect(pageText(pdf(), 2)).toContain("Agenda");
    expect(pageText(pdf(), 2)).toContain("Yose Rizal");
    expect(pageText(pdf(), 3)).toContain("7.952.597");
    expect(pageText(pdf(), 4)).toContain(
      "Hingga Oktober 2020, Sumbagsel mencatat 7.952.597 peserta.",
    );
    expect(pageText(pdf(), 4)).not.toContain("Sumatera Selatan menyumbang");
    // A message with a mark says what the mark means on its slide.
    expect(pageText(pdf(), 7)).toContain("1.652.310*");
    expect(pageText(pdf(), 7)).toContain("* Data ilustrasi");
    // A chart's slide: its finding, and its words as text.
    expect(pageText(pdf(), 8)).toContain(
      "Sumatera Selatan menyumbang porsi terbesar peserta Sumbagsel",
    );
    expect(pageText(pdf(), 8)).toContain("Target Sumatera Selatan: 63%");
    expect(pageText(pdf(), 10)).toContain("Liputan6.com");
  });
});

describe("the slides to present", () => {
  const url = () => pathToFileURL(path.join(out, "sumbagsel-2020-10.slides.html")).href;

  it("shows one slide at a time, moved by the keyboard, its number in the address, from the file system", async () => {
    const page = await (await manager.browser()).newPage();
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.setViewport({ width: 1280, height: 720 });
    await page.goto(url(), { waitUntil: "load" });
    const shown = () =>
      page.evaluate(() => ({
        visible: [...document.querySelectorAll<HTMLElement>(".slide")]
          .map((slide, i) => (slide.hidden ? -1 : i + 1))
          .filter((i) => i > 0),
        hash: location.hash,
      }));
    expect(await shown()).toEqual({ visible: [1], hash: "#1" });
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    expect(await shown()).toEqual({ visible: [3], hash: "#3" });
    await page.keyboard.press("ArrowLeft");
    expect((await shown()).visible).toEqual([2]);
    await page.keyboard.press("End");
    expect(await shown()).toEqual({ visible: [10], hash: "#10" });
    // The slide fills the screen's 16:9.
    const box = await page.evaluate(() => {
      const slide = document.querySelectorAll<HTMLElement>(".slide")[9]?.getBoundingClientRect();
      return slide && { width: Math.round(slide.width), height: Math.round(slide.height) };
    });
    expect(box).toEqual({ width: 1280, height: 720 });
    // Each slide says its number, though the others are hidden.
    expect(
      await page.evaluate(
        () =>
          getComputedStyle(document.querySelectorAll(".slide")[9] as Element, "::after").content,
      ),
    ).toMatch(/· {2}10 \/ 10"$/);
    await page.close();
    expect(requests.filter((r) => !r.startsWith("file:") && !r.startsWith("data:"))).toEqual([]);
  });

  it("opens at the slide its address names, and without scripts lists every slide", async () => {
    const browser = await manager.browser();
    const page = await browser.newPage();
    await page.goto(`${url()}#8`, { waitUntil: "load" });
    expect(
      await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>(".slide")].findIndex((s) => !s.hidden),
      ),
    ).toBe(7);
    await page.setJavaScriptEnabled(false);
    await page.goto(url(), { waitUntil: "load" });
    expect(
      await page.evaluate(
        () => [...document.querySelectorAll<HTMLElement>(".slide")].filter((s) => !s.hidden).length,
      ),
    ).toBe(10);
    await page.close();
  });

  it("runs only its own script, allowed by its hash, never 'unsafe-inline'", () => {
    const html = readFileSync(path.join(out, "sumbagsel-2020-10.slides.html"), "utf8");
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).not.toContain("'unsafe-inline' 'sha256");
    expect(html.match(/<script/g)).toHaveLength(1);
    const printed = readFileSync(path.join(out, "sumbagsel-2020-10.slides.pdf"));
    expect(printed.includes("/JavaScript")).toBe(false);
  });
});

describe("a template set's own slide partials", () => {
  it("replace the default's, like the page's partials", async () => {
    const templates = tempDir();
    mkdirSync(path.join(templates, "partials"));
    writeFileSync(
      path.join(templates, "partials", "slide-message.hbs"),
      '<section class="slide" data-footer="{{@root.footer}}"><p class="mine">Pesan {{position}}: {{text}}</p></section>\n',
    );
    const dir = tempDir();
    await build({ files: [EXAMPLE], outDir: dir, formats: ["slides"], templates });
    const pdf = path.join(dir, "sumbagsel-2020-10.slides.pdf");
    expect(pageText(pdf, 4)).toContain("Pesan 1: Hingga Oktober 2020");
  });
});
