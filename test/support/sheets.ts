/**
 * Workbooks and CSV files as a statistics unit sends them, made by the library in the test
 * (never checked in), and the briefing beside them: the same briefing with its units as a YAML
 * list, to compare.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";

/** Sumbagsel's five provinces, October 2020 (the example's figures). */
export const PROVINCES = [
  { id: "sumsel", name: "Sumatera Selatan", pu: 1652310, bpu: 418907, jakon: 845058 },
  { id: "lampung", name: "Lampung", pu: 1402116, bpu: 356880, jakon: 551422 },
  { id: "jambi", name: "Jambi", pu: 690514, bpu: 147203, jakon: 268528 },
  { id: "bengkulu", name: "Bengkulu", pu: 441087, bpu: 120356, jakon: 181520 },
  { id: "babel", name: "Kepulauan Bangka Belitung", pu: 538275, bpu: 96830, jakon: 241591 },
];
export const TOTAL = PROVINCES.reduce((sum, p) => sum + p.pu + p.bpu + p.jakon, 0);

/** A briefing of Sumbagsel whose `units:` is the text given. */
export function briefingYaml(units: string, extra = ""): string {
  return `language: id
organisation:
  name: BPJS Ketenagakerjaan
period:
  as_of: 2020-10
region:
  name: Sumbagsel
  unit_label: provinsi
  focus: sumatera-selatan
segments:
  - { id: pu, name: Penerima Upah }
  - { id: bpu, name: Bukan Penerima Upah }
  - { id: jakon, name: Jasa Konstruksi }
${units}
${extra}`;
}

/** The same units as a YAML list, ids made from the names as the sheet reader makes them. */
export function unitsAsYaml(): string {
  return `units:\n${PROVINCES.map(
    (p) =>
      `  - id: ${p.name.toLowerCase().replaceAll(" ", "-")}\n    name: ${p.name}\n    members: { pu: ${p.pu}, bpu: ${p.bpu}, jakon: ${p.jakon} }`,
  ).join("\n")}`;
}

export const SHEET = "Oktober 2020";

export const fromSheet = (columns = `{ Provinsi: name }`, file = "kepesertaan.xlsx") =>
  `units: { from: ${file}, sheet: "${SHEET}", columns: ${columns} }`;

/**
 * Laid out as an Indonesian office exports it: a title and a subtitle, a header over two rows
 * ("No" and "Provinsi" merged down, "Jumlah Peserta" merged across PU, BPU and Jakon), the
 * counts stored as numbers and shown with thousands dots by their format, a "Jumlah" row of
 * SUM formulas with their saved values, and a source line below. Units start at row 6.
 */
export function officeWorkbook(
  edit: (ws: ExcelJS.Worksheet) => void = () => {},
  total = TOTAL,
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Catatan").getCell("A1").value = "Lembar catatan";
  const ws = wb.addWorksheet(SHEET);
  ws.mergeCells("A1:E1");
  ws.getCell("A1").value = "DATA KEPESERTAAN BPJS KETENAGAKERJAAN KANWIL SUMBAGSEL";
  ws.getCell("A2").value = "Posisi: Oktober 2020";
  ws.mergeCells("A4:A5");
  ws.getCell("A4").value = "No";
  ws.mergeCells("B4:B5");
  ws.getCell("B4").value = "Provinsi";
  ws.mergeCells("C4:E4");
  ws.getCell("C4").value = "Jumlah Peserta";
  ws.getCell("C5").value = "PU";
  ws.getCell("D5").value = "BPU";
  ws.getCell("E5").value = "Jakon";
  PROVINCES.forEach((p, i) => {
    const row = ws.getRow(6 + i);
    row.values = [i + 1, p.name, p.pu, p.bpu, p.jakon];
    for (const c of [3, 4, 5]) row.getCell(c).numFmt = "#,##0";
  });
  const last = 5 + PROVINCES.length;
  const totalRow = last + 1;
  ws.mergeCells(`A${totalRow}:B${totalRow}`);
  ws.getCell(`A${totalRow}`).value = "Jumlah";
  const sums = ["pu", "bpu", "jakon"] as const;
  sums.forEach((key, i) => {
    const column = "CDE"[i] as string;
    const sum = PROVINCES.reduce((s, p) => s + p[key], 0);
    // The grand total is in E as a sum of sums: the region's members.
    ws.getCell(`${column}${totalRow}`).value = {
      formula: `SUM(${column}6:${column}${last})`,
      result: sum,
    };
  });
  ws.getCell(`F4`).value = "Total";
  ws.mergeCells("F4:F5");
  PROVINCES.forEach((p, i) => {
    ws.getCell(`F${6 + i}`).value = {
      formula: `SUM(C${6 + i}:E${6 + i})`,
      result: p.pu + p.bpu + p.jakon,
    };
  });
  ws.getCell(`F${totalRow}`).value = { formula: `SUM(F6:F${last})`, result: total };
  ws.getCell(`A${totalRow + 2}`).value = "Sumber: BPJS Ketenagakerjaan Kanwil Sumbagsel";
  edit(ws);
  return wb;
}

/** The office's columns: "Total" is each province's members, checked against its segments. */
export const OFFICE_COLUMNS = `{ Provinsi: name, Total: stated.members }`;

export async function writeWorkbook(
  dir: string,
  name: string,
  wb: ExcelJS.Workbook,
): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));
  return file;
}
