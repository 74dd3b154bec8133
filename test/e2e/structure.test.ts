/**
 * The PDF's bookmarks say what the page's headings say, once each: Chromium doubled the one on a
 * page where a table breaks ("Rincian per wilayahRincian per wilayah"). Its tags are PDF 1.7
 * types or role-mapped to them, one Figure per chart, the key figures a list.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFString,
} from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { operations } from "../../src/print/artifacts.js";
import { headingsOf } from "../../src/print/outline.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { figureTexts, pdfText } from "../support/pdf.js";

afterAll(removeTempDirs);

/** The bookmarks' titles, depth first. */
async function bookmarks(file: string): Promise<string[]> {
  const doc = await PDFDocument.load(readFileSync(file));
  const titles: string[] = [];
  const walk = (item: PDFDict | undefined): void => {
    for (let at = item; at; at = at.lookupMaybe(PDFName.of("Next"), PDFDict)) {
      const title = at.lookup(PDFName.of("Title"));
      titles.push(
        title instanceof PDFHexString || title instanceof PDFString ? title.decodeText() : "",
      );
      walk(at.lookupMaybe(PDFName.of("First"), PDFDict));
    }
  };
  const outlines = doc.catalog.lookupMaybe(PDFName.of("Outlines"), PDFDict);
  walk(outlines?.lookupMaybe(PDFName.of("First"), PDFDict));
  return titles;
}

describe("headingsOf", () => {
  it("reads a heading's words, with the spaces between its parts, without its badge", () => {
    expect(
      headingsOf(
        '<h1>Sumatera<span> Selatan</span></h1><p>x</p><h2>Turut hadir <span class="count">(4 orang)</span><span class="badge">Data ilustrasi</span></h2><h3>A &amp; B<span aria-hidden="true">*</span></h3>',
      ),
    ).toEqual(["Sumatera Selatan", "Turut hadir (4 orang)", "A & B"]);
  });
});

let dir: string;
beforeAll(async () => {
  dir = tempDir();
  await build({ files: [path.join(ROOT, "data/sumbagsel/2020-10.yaml")], outDir: dir });
});

/** The structure elements of a tagged PDF, each with its type and its children's types. */
async function structure(file: string) {
  const doc = await PDFDocument.load(readFileSync(file));
  const elements: { type: string; kids: string[]; alt: boolean }[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (String(object.get(PDFName.of("Type"))) !== "/StructElem") continue;
    const k = object.get(PDFName.of("K"));
    const list = k instanceof PDFArray ? k.asArray() : k ? [k] : [];
    const kids = list.flatMap((kid) => {
      const found = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
      return found instanceof PDFDict && found.has(PDFName.of("S"))
        ? [String(found.get(PDFName.of("S")))]
        : [];
    });
    elements.push({
      type: String(object.get(PDFName.of("S"))),
      kids,
      alt: object.has(PDFName.of("Alt")),
    });
  }
  const root = doc.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  const roles = root?.lookupMaybe(PDFName.of("RoleMap"), PDFDict);
  return { elements, role: (type: string) => String(roles?.get(PDFName.of(type))) };
}

describe("the tagged structure of the governor's briefing", () => {
  it("maps the PDF 2.0 types Chromium writes to PDF 1.7 ones", async () => {
    const { elements, role } = await structure(path.join(dir, "sumbagsel-2020-10.pdf"));
    expect(elements.some((e) => e.type === "/Strong")).toBe(true);
    expect(role("Strong")).toBe("/Span");
    expect(role("Em")).toBe("/Span");
  });

  it("has one Figure per chart, with its alt text, not a Figure inside a Figure", async () => {
    const { elements } = await structure(path.join(dir, "sumbagsel-2020-10.pdf"));
    const figures = elements.filter((e) => e.type === "/Figure");
    const html = readFileSync(path.join(dir, "sumbagsel-2020-10.html"), "utf8");
    const charts = html.match(/<figure class="chart"/g) ?? [];
    expect(charts.length).toBeGreaterThan(1);
    expect(figures).toHaveLength(charts.length);
    expect(figures.every((f) => f.alt && !f.kids.includes("/Figure"))).toBe(true);
  });

  it("sets each chart's words as text, inside its Figure: selectable, searchable, read aloud", () => {
    const pdf = path.join(dir, "sumbagsel-2020-10.pdf");
    const html = readFileSync(path.join(dir, "sumbagsel-2020-10.html"), "utf8");
    // The words the page's charts draw, chart by chart, as the HTML sets them.
    const charts = [
      ...html.matchAll(/<svg[^>]*class="chart-image chart-wide"[^>]*>(.*?)<\/svg>/g),
    ].map((chart) =>
      [...(chart[1] ?? "").matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((text) =>
        (text[1] ?? "").replace(/&#42;/g, "*"),
      ),
    );
    expect(charts.length).toBeGreaterThan(1);
    const figures = figureTexts(pdf).filter((text) => text !== "");
    // Chart by chart, in the page's order: every word of the chart is in its Figure.
    const inner = figures.slice(-charts.length);
    charts.forEach((words, i) => {
      expect(words.length).toBeGreaterThan(5);
      for (const word of words) expect(inner[i], word).toContain(word);
    });
    // And pdftotext finds them: the stacked chart's value labels and its legend.
    const text = pdfText(pdf);
    expect(text).toContain("Bukan Penerima Upah");
    expect(text).toMatch(/2\.916\.275\s/);
    expect(text).toContain("Target Sumatera Selatan: 63%");
  });

  it("reads the meeting box in order, in the PDF's text as laid out: each label beside its value, the agenda, then who attends", () => {
    const page1 = pdfText(path.join(dir, "sumbagsel-2020-10.pdf")).split("\f")[0] ?? "";
    const lines = page1.split("\n").map((line) => line.trim().replace(/\s+/g, " "));
    for (const [label, value] of [
      ["KEPADA YTH.", "Herman Deru, Gubernur Sumatera Selatan"],
      ["HARI, TANGGAL", "Senin, 16 November 2020"],
      ["TEMPAT", "Ruang Rapat Bina Praja"],
      ["PENYAJI", "Arief Budiarto"],
    ])
      expect(
        lines.some((line) => line.startsWith(`${label} ${value}`)),
        label,
      ).toBe(true);
    const at = (words: string) => lines.findIndex((line) => line.includes(words));
    const order = [
      "Agenda",
      "1. Laporan coverage share kepesertaan BPJS Ketenagakerjaan hingga Oktober 2020",
      "2. Laporan program",
      "3. Sosialisasi Paritrana Award 2020",
      "Turut hadir",
      "Yose Rizal, Direktur",
      "Zain Setyadi",
      "Fiterman Aris",
      "Agus Theodorus",
    ].map(at);
    expect(order.every((line) => line >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // No line holds words of two of them: nothing interleaved.
    expect(
      lines.filter(
        (line) => /Laporan|Sosialisasi/.test(line) && /Rizal|Setyadi|Aris|Theodorus/.test(line),
      ),
    ).toEqual([]);
  });

  it("marks everything painted outside the structure as an artifact: header, footer, backgrounds", async () => {
    const doc = await PDFDocument.load(readFileSync(path.join(dir, "sumbagsel-2020-10.pdf")));
    for (const page of doc.getPages()) {
      const stream = doc.context.lookup(page.node.get(PDFName.of("Contents")) as PDFRef);
      if (!(stream instanceof PDFRawStream)) throw new Error("no content stream");
      const ops = operations(decodePDFRawStream(stream).decode()) ?? [];
      let depth = 0;
      const unmarked = ops.filter((op) => {
        if (op.operator === "BDC" || op.operator === "BMC") depth++;
        else if (op.operator === "EMC") depth--;
        else return depth === 0 && /^(Tj|TJ|Do|f|S|B|b|f\*|B\*|b\*)$/.test(op.operator);
        return false;
      });
      expect(unmarked).toEqual([]);
      expect(ops.some((op) => op.operator === "BMC")).toBe(true);
    }
    expect(pdfText(path.join(dir, "sumbagsel-2020-10.pdf"))).toContain("Halaman 1 dari 3");
  });

  it("lists the key figures as a list of three", async () => {
    const { elements } = await structure(path.join(dir, "sumbagsel-2020-10.pdf"));
    expect(
      elements.some((e) => e.type === "/L" && e.kids.filter((k) => k === "/LI").length === 3),
    ).toBe(true);
  });
});

describe("the bookmarks of the governor's briefing", () => {
  it("are its headings, each once, in order", async () => {
    const html = readFileSync(path.join(dir, "sumbagsel-2020-10.html"), "utf8");
    const titles = await bookmarks(path.join(dir, "sumbagsel-2020-10.pdf"));
    expect(titles).toEqual(headingsOf(html));
    expect(titles).toEqual([
      "Audiensi dengan Gubernur Sumatera Selatan",
      "Agenda",
      "Turut hadir (4 orang)",
      "Ringkasan",
      "Rincian per wilayah",
      "Rincian per segmen · Sumatera Selatan",
      "Catatan",
      "Sumber",
    ]);
  });
});
