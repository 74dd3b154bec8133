/**
 * What the printed page does with figures: the file's `decimals` everywhere a percentage is
 * written (tables, narrative, charts and their text alternatives), and tables that run over a
 * page break, whose header repeats and whose total comes once, after the last row.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { pdfInfo, pdfText } from "../support/pdf.js";

afterAll(removeTempDirs);

const flat = (text: string): string => text.replace(/\s+/g, " ");
const pageText = (file: string, page: number): string => pdfText(file).split("\f")[page - 1] ?? "";

/** data/lampung/2023-12.yaml with another `decimals`, built to HTML and PDF. */
async function lampungWith(decimals: number): Promise<{ pdf: string; html: string }> {
  const dir = tempDir();
  const file = path.join(dir, "lampung.yaml");
  const yaml = readFileSync(path.join(ROOT, "data/lampung/2023-12.yaml"), "utf8");
  writeFileSync(file, yaml.replace(/^decimals: 2.*$/m, `decimals: ${decimals}`));
  await build({ files: [file], outDir: dir });
  return {
    pdf: flat(pdfText(path.join(dir, "lampung.pdf"))),
    html: readFileSync(path.join(dir, "lampung.html"), "utf8"),
  };
}

describe("the file's decimals, everywhere a derived percentage is written", () => {
  it("decimals: 3 gives 53,982% in the table, the narrative, and the charts' text alternatives", async () => {
    const { pdf, html } = await lampungWith(3);
    expect(pdf).toContain("550.712 66,776% 1.020.168 53,982%");
    expect(pdf).toContain("cakupan kepesertaan 27,650 persen");
    expect(html).toContain(`aria-label="PU 53,982%; BPU 8,331%; Jakon 52,456%"`);
    expect(html).toContain(`aria-label="PU 66,776%; BPU 17,294%; Jakon 15,930%"`);
  });

  it("decimals: 0 gives 54% everywhere, and no decimal comma in any percentage", async () => {
    const { pdf, html } = await lampungWith(0);
    expect(pdf).toContain("54%");
    expect(pdf).toContain("cakupan kepesertaan 28 persen");
    expect(html).toContain(`aria-label="PU 54%; BPU 8%; Jakon 52%"`);
    expect(pdf).not.toMatch(/\d,\d+ %/);
  });
});

describe("a unit table longer than a page", () => {
  it("repeats its header on the next page and closes with the total once, after the last row", async () => {
    const dir = tempDir();
    const file = path.join(dir, "long.yaml");
    const units = Array.from(
      { length: 60 },
      (_, i) => `  - { id: u${i + 1}, name: Kabupaten ${i + 1}, members: ${1000 + i} }`,
    );
    writeFileSync(
      file,
      `organisation: { name: Test }
title: A long table
period: { as_of: 2024-01 }
region: { name: Region, unit_label: kabupaten }
units:
${units.join("\n")}
`,
    );
    await build({ files: [file], outDir: dir, formats: ["pdf"] });
    const pdf = path.join(dir, "long.pdf");
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThan(1);
    const all = pdfText(pdf);
    // The total: one line, after the last unit's.
    const totals = all.match(/^\s*Jumlah\s.*$/gm) ?? [];
    expect(totals).toHaveLength(1);
    const sum = (60 * 1000 + (59 * 60) / 2).toLocaleString("id-ID");
    expect(flat(totals[0] ?? "")).toContain(sum);
    expect(all.indexOf("Jumlah")).toBeGreaterThan(all.indexOf("Kabupaten 1 "));
    // Every page the table runs onto starts with its header again.
    const tablePages = Array.from({ length: pages }, (_, i) => pageText(pdf, i + 1)).filter(
      // A row: a unit's name, its count and its share (a chart's title names a unit too, in
      // words, and a chart's bar says its name and one figure).
      (text) => /Kabupaten \d+\s+[\d.]+\s+[\d,]+%/.test(text),
    );
    expect(tablePages.length).toBeGreaterThan(1);
    for (const text of tablePages) expect(text).toMatch(/Kabupaten\s+Peserta\s+Porsi\s+Peringkat/);
    // The chart of 60 bars is three charts of 20, each whole on its page: every bar's name
    // and label printed, none cut at the page's edge.
    const chartPages = Array.from({ length: pages }, (_, i) => pageText(pdf, i + 1)).filter(
      (text) => / dari 60\)/.test(text),
    );
    expect(chartPages.map((text) => /\((\d+–\d+) dari 60\)/.exec(text)?.[1])).toEqual([
      "1–20",
      "21–40",
      "41–60",
    ]);
    for (const text of chartPages)
      expect(text.match(/^\s*Kabupaten \d+\s+\d,\d%$/gm) ?? []).toHaveLength(20);
  });

  it("keeps a table that fits on a page whole, on the next page, rather than split", async () => {
    const dir = tempDir();
    await build({ files: [path.join(ROOT, "data/jambi/2024-08.yaml")], outDir: dir });
    const pdf = path.join(dir, "jambi-2024-08.pdf");
    const withRows = Array.from({ length: Number(pdfInfo(pdf).Pages) }, (_, i) =>
      pageText(pdf, i + 1),
    ).filter((text) => /Kabupaten Batanghari\s+49\.803|Jumlah\s+518\.632/.test(text));
    expect(withRows).toHaveLength(1);
  });
});
