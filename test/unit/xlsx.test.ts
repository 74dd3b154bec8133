/**
 * The spreadsheet of a briefing, read back as a reader's spreadsheet program would: figures are
 * numbers with the page's decimals as their format, percentages are percent cells, a figure
 * that does not exist is an empty cell, every figure cell's provenance is on the notes sheet
 * (marked ones with a cell note too), and text that looks like a formula stays text.
 * Rendering needs no browser: renderFile stops before printing.
 */
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { renderFile, shared } from "../../src/build.js";
import { xlsxOf } from "../../src/formats/xlsx.js";
import { ROOT } from "../support/files.js";

const run = shared({});

async function built(
  file: string,
  lang?: string,
): Promise<{ bytes: Uint8Array; wb: ExcelJS.Workbook }> {
  const rendered = await renderFile(path.join(ROOT, file), lang ? { lang } : {}, run);
  const bytes = await xlsxOf(rendered);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.slice().buffer);
  return { bytes, wb };
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}: ${wb.worksheets.map((w) => w.name).join(", ")}`);
  return ws;
}

/** The cell in the row whose first cell is `row` and the column whose head is `head`. */
function cellAt(ws: ExcelJS.Worksheet, row: string, head: string): ExcelJS.Cell {
  const heads = (ws.getRow(1).values as unknown[]).map(String);
  const column = heads.indexOf(head);
  let found: ExcelJS.Cell | undefined;
  ws.eachRow((r) => {
    if (r.getCell(1).value === row) found = r.getCell(column);
  });
  if (column < 1 || !found) throw new Error(`no cell ${row} · ${head} in ${ws.name}`);
  return found;
}

/** The notes sheet's rows as text, and the cells its first column names (ranges expanded). */
function notesOf(ws: ExcelJS.Worksheet): { rows: string[][]; listed: Set<string> } {
  const rows: string[][] = [];
  const listed = new Set<string>();
  ws.eachRow((r) => {
    const cells = Array.from((r.values as unknown[]).slice(1), (v) => (v == null ? "" : String(v)));
    rows.push(cells);
    const m = /^'(.+)'!([A-Z]+)(\d+)(?::[A-Z]+(\d+))?$/.exec(cells[0] ?? "");
    if (!m) return;
    const [, name, col, first, last] = m;
    for (let n = Number(first); n <= Number(last ?? first); n++) listed.add(`${name}!${col}${n}`);
  });
  return { rows, listed };
}

describe("Sumbagsel, October 2020: segments, illustrative splits, a target", () => {
  let bytes: Uint8Array;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    ({ bytes, wb } = await built("data/sumbagsel/2020-10.yaml"));
  });

  it("has a sheet per table the page prints, in the briefing's language, then the notes", () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      "Rincian per wilayah",
      "Rincian per segmen",
      "Target",
      "Catatan",
    ]);
    const units = sheet(wb, "Rincian per wilayah");
    expect(units.getRow(1).values).toEqual([
      undefined,
      "Provinsi",
      "PU",
      "BPU",
      "Jakon",
      "Peserta",
      "Porsi",
      "Peringkat",
    ]);
    expect(units.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(units.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(units.getColumn(1).width).toBeGreaterThanOrEqual("Kepulauan Bangka Belitung".length);
  });

  it("writes counts and percentages as numbers, at full precision, formatted as the page", () => {
    const units = sheet(wb, "Rincian per wilayah");
    const members = cellAt(units, "Sumatera Selatan", "Peserta");
    expect(members.type).toBe(ExcelJS.ValueType.Number);
    expect(members.value).toBe(2916275);
    expect(members.numFmt).toBe("#,##0");
    const share = cellAt(units, "Sumatera Selatan", "Porsi");
    expect(share.type).toBe(ExcelJS.ValueType.Number);
    expect(Math.abs((share.value as number) - 2916275 / 7952597)).toBeLessThan(1e-15);
    expect(share.numFmt).toBe("0.0%");
    expect(cellAt(units, "Sumatera Selatan", "Peringkat").value).toBe(1);
    // Every cell but the names is a number or empty: no figure is text.
    units.eachRow((row, n) => {
      if (n === 1) return;
      row.eachCell((cell, c) => {
        if (c > 1)
          expect([cell.address, cell.type]).toEqual([cell.address, ExcelJS.ValueType.Number]);
      });
    });
  });

  it("ends with the total, in bold, its share an empty cell", () => {
    const units = sheet(wb, "Rincian per wilayah");
    const last = units.getRow(units.rowCount);
    expect(last.getCell(1).value).toBe("Jumlah");
    expect(last.getCell(1).font?.bold).toBe(true);
    expect(cellAt(units, "Jumlah", "Peserta").value).toBe(7952597);
    expect(cellAt(units, "Jumlah", "Porsi").type).toBe(ExcelJS.ValueType.Null);
  });

  it("gives an illustrative cell a note and a row on the notes sheet; a published one its range", () => {
    const units = sheet(wb, "Rincian per wilayah");
    const lampung = cellAt(units, "Lampung", "Peserta");
    expect(lampung.note).toBe("* Data ilustrasi, bukan angka resmi");
    expect(cellAt(units, "Sumatera Selatan", "Peserta").note).toBeUndefined();
    const { rows, listed } = notesOf(sheet(wb, "Catatan"));
    expect(rows).toContainEqual([
      `'Rincian per wilayah'!${lampung.address}`,
      "Lampung · Peserta",
      "2.310.418*",
      "Data ilustrasi, bukan angka resmi",
    ]);
    expect(rows).toContainEqual([
      "'Rincian per wilayah'!E2",
      "Peserta",
      "",
      "Angka publikasi: Liputan6.com",
      "Kepesertaan BPJS Ketenagakerjaan di Sumsel Belum Optimal",
    ]);
    // Every figure cell of every table is on the notes sheet.
    for (const ws of wb.worksheets.slice(0, -1)) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Number)
            expect(listed, `${ws.name}!${cell.address}`).toContain(`${ws.name}!${cell.address}`);
        }),
      );
    }
  });

  it("lists the sources, the notes and what unmarked figures are", () => {
    const { rows } = notesOf(sheet(wb, "Catatan"));
    expect(rows).toContainEqual([
      "Liputan6.com",
      "Kepesertaan BPJS Ketenagakerjaan di Sumsel Belum Optimal",
      "16 November 2020",
    ]);
    const text = rows.map((r) => r.join(" | "));
    expect(text).toContain(
      "Potensi kepesertaan Jasa Konstruksi di Sumatera Selatan dinilai sangat menjanjikan.",
    );
    expect(text.some((t) => t.startsWith("Angka tanpa tanda adalah angka publikasi"))).toBe(true);
    expect(text).toContain(
      "* Data ilustrasi: angka ini, atau angka yang mendasarinya, bukan angka resmi.",
    );
  });

  it("puts the target, the actual and the gap on a sheet of their own", () => {
    const targets = sheet(wb, "Target");
    const target = cellAt(targets, "Sumatera Selatan", "Target");
    expect([target.value, target.numFmt]).toEqual([0.63, "0%"]);
    const actual = cellAt(targets, "Sumatera Selatan", "Capaian");
    expect(actual.value).toBeCloseTo(0.3667073, 7);
    const gap = cellAt(targets, "Sumatera Selatan", "Selisih");
    expect(gap.value).toBeCloseTo(26.32927, 5);
    expect(gap.numFmt).toBe("0.0");
    expect(cellAt(targets, "Sumatera Selatan", "Tambahan peserta").value).toBe(5659085);
  });

  it("is dated by the briefing, zip entries included, so the same input gives the same bytes", async () => {
    const zip = await JSZip.loadAsync(bytes);
    const core = await zip.file("docProps/core.xml")?.async("string");
    expect(core).toContain("<dc:creator>briefing</dc:creator>");
    expect(core).toContain("<dc:title>Audiensi dengan Gubernur Sumatera Selatan</dc:title>");
    expect(core).toContain("<dc:language>id</dc:language>");
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2020-11-16T00:00:00Z');
    const dates = new Set(Object.values(zip.files).map((f) => f.date.toISOString()));
    expect([...dates]).toEqual(["2020-11-16T00:00:00.000Z"]);
    const again = await built("data/sumbagsel/2020-10.yaml");
    expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe("the English build", () => {
  it("has English sheet names and heads", async () => {
    const { wb } = await built("data/sumbagsel/2020-10.yaml", "en");
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      "Figures by area",
      "Figures by segment",
      "Target",
      "Notes",
    ]);
    const units = sheet(wb, "Figures by area");
    expect((units.getRow(1).values as unknown[]).slice(1)).toEqual([
      "Province",
      "Wage",
      "Non-wage",
      "Construction",
      "Members",
      "Share",
      "Rank",
    ]);
    expect(cellAt(units, "South Sumatra", "Members").value).toBe(2916275);
    expect(cellAt(units, "Lampung", "Members").note).toBe(
      "* Illustrative data, not official figures",
    );
  });
});

describe("Central Java, 2021: indicators and a target with no actual figure", () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    ({ wb } = await built("data/jateng/2021-12.yaml"));
  });

  it("has a sheet per indicator, named within Excel's 31 characters", () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      "Vitamin A bayi 6–11 bulan",
      "Vitamin A anak balita 12–59 bu…",
      "pelayanan penderita hipertensi",
      "Target",
      "Catatan",
    ]);
    const infants = sheet(wb, "Vitamin A bayi 6–11 bulan");
    expect((infants.getRow(1).values as unknown[]).slice(1)).toEqual([
      "Kabupaten",
      "Mendapat layanan",
      "Sasaran",
      "Cakupan",
      "Sumber",
    ]);
    const coverage = cellAt(infants, "Kabupaten Cilacap", "Cakupan");
    expect(coverage.value).toBeCloseTo(28747 / 28739, 14);
    expect(coverage.numFmt).toBe("0.0%");
    expect(cellAt(infants, "Kabupaten Cilacap", "Sasaran").value).toBe(28739);
  });

  it("leaves the actual and the gap empty where the region's figure is not known", () => {
    const targets = sheet(wb, "Target");
    const about = "pelayanan penderita hipertensi (Provinsi Jawa Tengah)";
    expect(cellAt(targets, about, "Target").value).toBe(1);
    expect(cellAt(targets, about, "Capaian").type).toBe(ExcelJS.ValueType.Null);
    expect(cellAt(targets, about, "Selisih").type).toBe(ExcelJS.ValueType.Null);
  });
});

describe("Jambi, August 2024: percentages published without their counts", () => {
  it("stores them as printed, with their own decimals and the published mark", async () => {
    const { wb } = await built("data/jambi/2024-08.yaml");
    const units = sheet(wb, "Rincian per wilayah");
    const coverage = cellAt(units, "Kota Jambi", "Cakupan");
    expect([coverage.value, coverage.numFmt]).toEqual([0.4864, "0.00%"]);
    expect(coverage.note).toBe("† Persentase sebagaimana dipublikasikan: INFOJAMBI.com");
    expect(cellAt(units, "Kabupaten Tebo", "Cakupan").value).toBe(0.3149);
    expect(cellAt(units, "Kota Jambi", "Peserta").type).toBe(ExcelJS.ValueType.Null);
    const { rows } = notesOf(sheet(wb, "Catatan"));
    expect(rows.find((r) => r[0] === `'Rincian per wilayah'!${coverage.address}`)?.[2]).toBe(
      "48,64%†",
    );
  });
});

describe("text a spreadsheet would take for a formula", () => {
  it("stays a plain string, never a formula, styled with quotePrefix", async () => {
    const { bytes, wb } = await built("test/fixtures/xlsx/formula-like-names.yaml");
    const units = sheet(wb, "Rincian per wilayah");
    const names = ['=HYPERLINK("http://x")', "+1-2", "-2+3"];
    for (const [i, name] of names.entries()) {
      const cell = units.getCell(`A${i + 2}`);
      expect([cell.type, cell.value]).toEqual([ExcelJS.ValueType.String, name]);
    }
    expect(units.getCell("B1").value).toBe("@PU");
    const { rows } = notesOf(sheet(wb, "Catatan"));
    expect(rows).toContainEqual(["@SUM(1+1)", "=1+1", "16 November 2020"]);

    // exceljs reads no quotePrefix back: the workbook's XML is read instead.
    const zip = await JSZip.loadAsync(bytes);
    const xml = async (name: string) => (await zip.file(name)?.async("string")) ?? "";
    const xfs = [...(await xml("xl/styles.xml")).matchAll(/<xf [^>]*>/g)].map((m) => m[0]).slice(1); // the cellStyleXfs' one xf comes first
    const quoted = async (sheetXml: string, ref: string) => {
      const cell = new RegExp(`<c r="${ref}"(?: s="(\\d+)")? t="s"`).exec(await xml(sheetXml));
      expect(cell, `${ref} is a shared string`).not.toBeNull();
      return xfs[Number(cell?.[1] ?? 0)]?.includes('quotePrefix="1"') ?? false;
    };
    for (const ref of ["A2", "A3", "A4", "B1"])
      expect(await quoted("xl/worksheets/sheet1.xml", ref)).toBe(true);
    expect(await quoted("xl/worksheets/sheet1.xml", "A5")).toBe(false); // "Jumlah"
    expect(await quoted("xl/worksheets/sheet3.xml", "A6")).toBe(true); // "@SUM(1+1)"
    for (const file of Object.keys(zip.files).filter((f) => f.startsWith("xl/worksheets/sheet")))
      expect(await xml(file)).not.toMatch(/<f[ >]/);
  });
});
