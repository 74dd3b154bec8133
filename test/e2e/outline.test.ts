/**
 * The PDF's bookmarks say what the page's headings say, once each: Chromium doubled the one on a
 * page where a table breaks ("Rincian per wilayahRincian per wilayah").
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { headingsOf } from "../../src/print/outline.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";

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

describe("the bookmarks of the governor's briefing", () => {
  it("are its headings, each once, in order", async () => {
    const dir = tempDir();
    await build({ files: [path.join(ROOT, "data/sumbagsel/2020-10.yaml")], outDir: dir });
    const html = readFileSync(path.join(dir, "sumbagsel-2020-10.html"), "utf8");
    const titles = await bookmarks(path.join(dir, "sumbagsel-2020-10.pdf"));
    expect(titles).toEqual(headingsOf(html));
    expect(titles).toEqual([
      "Audiensi dengan Gubernur Sumatera Selatan",
      "Ringkasan",
      "Rincian per wilayah",
      "Rincian per segmen · Sumatera Selatan",
      "Agenda",
      "Turut hadir (4 orang)",
      "Catatan",
      "Sumber",
    ]);
  });
});
