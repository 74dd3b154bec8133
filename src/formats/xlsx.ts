/**
 * A briefing as a spreadsheet (`-f xlsx`): the tables the page prints, one sheet each, figures
 * as numbers (percentages as percent cells, full precision; the format decides the display),
 * and a notes sheet that says where every figure cell comes from. Marked cells (illustrative,
 * published percentages) carry a cell note too, as the page carries a mark.
 */
import ExcelJS from "exceljs";
import type { Rendered } from "../build.js";
import type { Figure } from "../derive/figure.js";
import type { FigureKind, MarkKind } from "../locale/figure-text.js";
import { dateOf } from "../render/model.js";
import type { View } from "../render/view.js";
import type { Format } from "./registry.js";
import { type FigureCell, type SheetTable, sheetTables } from "./tables.js";
import { datedZip } from "./zip.js";

/** A figure cell's provenance, for the notes sheet. */
interface Said {
  sheet: string;
  column: number;
  row: number;
  /** The row's name and the column's head: what the figure is. */
  label: string;
  head: string;
  written: string;
  provenance: string;
  source: string;
  mark: MarkKind | undefined;
}

/** Excel's rules for a sheet's name: 31 characters, none of []:*?/\, unique in any case. */
function sheetName(wanted: string, used: Set<string>): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, " ")
      .replace(/^'+|'+$/g, "")
      .trim() || "Sheet";
  for (let n = 1; ; n++) {
    const tail = n === 1 ? "" : ` (${n})`;
    const name = `${cut(base, 31 - tail.length)}${tail}`;
    if (!used.has(name.toLowerCase())) {
      used.add(name.toLowerCase());
      return name;
    }
  }
}

/** A text cut to `max` UTF-16 units (what Excel counts), the cut shown with an ellipsis. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  while (chars.join("").length > max - 1) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}

/** Text a spreadsheet would read as a formula (or DDE) if it were typed in: kept as text. */
const FORMULA_LIKE = /^[=+\-@\t\r]/;
/** The Text number format: the cells styled with it are the ones given `quotePrefix`. */
const TEXT_FORMAT = "@";

/** Writes a text, inert: a string value is never a formula; formula-like text is quoted. */
function putText(cell: ExcelJS.Cell, text: string): void {
  if (text === "") return;
  cell.value = text;
  if (FORMULA_LIKE.test(text)) cell.numFmt = TEXT_FORMAT;
}

const fixed = (decimals: number): string => (decimals > 0 ? `0.${"0".repeat(decimals)}` : "0");

/** The number format a figure is shown with: the decimals the page prints it with. */
function numFmtOf(v: View, figure: Figure, kind: FigureKind, signed: boolean): string {
  const decimals = figure.decimals ?? v.fmt.decimals;
  const sign = (f: string) => (signed ? `+${f};-${f};${f}` : f);
  switch (kind) {
    case "percent":
      return `${fixed(decimals)}%`;
    case "target":
      // A target prints without trailing zeros: 63%, 99.5%.
      return Number.isInteger(figure.value) ? "0%" : `${fixed(Math.max(decimals, 1))}%`;
    case "points":
      return sign(fixed(v.fmt.decimals));
    default:
      return sign("#,##0");
  }
}

/**
 * The number a cell holds: percentages as fractions (36.67 % is 0.3667), at full precision; a
 * percentage a source printed keeps only its written digits (31.49 % is 0.3149, not 0.31489…).
 */
function cellNumber(figure: Figure, kind: FigureKind): number {
  if (kind !== "percent" && kind !== "target") return figure.value;
  const fraction = figure.value / 100;
  return figure.decimals === undefined ? fraction : Number(fraction.toFixed(figure.decimals + 2));
}

/** The text a figure is written as on the page, its mark included. */
function written(v: View, { figure, kind, signed }: FigureCell & { figure: Figure }): string {
  const text = !signed
    ? v.fmt.text(figure, kind)
    : kind === "points"
      ? v.fmt.signedPoints(figure)
      : v.fmt.signed(figure);
  return `${text}${v.fmt.mark(figure, kind)}`;
}

function writeTable(
  wb: ExcelJS.Workbook,
  v: View,
  table: SheetTable,
  name: string,
  said: Said[],
): void {
  const ws = wb.addWorksheet(name, {
    views: [{ state: "frozen", xSplit: 1, ySplit: 1 }],
    headerFooter: { oddHeader: `&C${table.title.replaceAll("&", "&&")}` },
  });
  const widths = table.heads.map((head) => head.length);
  const head = ws.getRow(1);
  for (const [i, text] of table.heads.entries()) putText(head.getCell(i + 1), text);
  head.font = { bold: true };
  table.rows.forEach((row, r) => {
    const line = ws.getRow(r + 2);
    const label = typeof row.cells[0] === "string" ? row.cells[0] : "";
    row.cells.forEach((value, c) => {
      const cell = line.getCell(c + 1);
      if (typeof value === "string") {
        putText(cell, value);
        widths[c] = Math.max(widths[c] ?? 0, value.length);
        return;
      }
      const { figure, kind, signed = false } = value;
      if (figure === null) return;
      cell.value = cellNumber(figure, kind);
      cell.numFmt = numFmtOf(v, figure, kind, signed);
      const text = written(v, { figure, kind, signed });
      widths[c] = Math.max(widths[c] ?? 0, text.length);
      const provenance = v.provenance(figure, kind) ?? "";
      const mark = v.fmt.markOf(figure, kind);
      if (mark) cell.note = `${v.locale.marks[mark]} ${provenance}`;
      said.push({
        sheet: name,
        column: c + 1,
        row: r + 2,
        label,
        head: table.heads[c] ?? "",
        written: text,
        provenance,
        source: sourceTitles(v, figure.sources),
        mark,
      });
    });
    if (row.total) line.font = { bold: true };
  });
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = Math.min(Math.max(w + 2, 8), i === 0 ? 48 : 24);
  });
}

/** The titles (else the publishers) of the sources a figure names. */
function sourceTitles(v: View, ids: readonly string[]): string {
  return v.briefing.sources
    .filter((s) => s.id !== undefined && ids.includes(s.id))
    .map((s) => v.text(s.title ?? s.publisher))
    .join("; ");
}

const columnLetter = (n: number): string =>
  n <= 26
    ? String.fromCharCode(64 + n)
    : `${columnLetter(Math.floor((n - 1) / 26))}${columnLetter(((n - 1) % 26) + 1)}`;
const quoted = (sheet: string): string => `'${sheet.replaceAll("'", "''")}'`;

/**
 * Unmarked cells, by column and provenance: one line for a column's run of cells that come
 * from the same place ("'Rincian'!C2:C6"), rather than one line per cell.
 */
function grouped(said: readonly Said[]): { address: string; first: Said }[] {
  const lines: { first: Said; last: Said }[] = [];
  for (const s of said) {
    const prior = lines.find(
      (l) =>
        l.first.sheet === s.sheet &&
        l.first.column === s.column &&
        l.last.row === s.row - 1 &&
        l.first.provenance === s.provenance &&
        l.first.source === s.source,
    );
    if (prior) prior.last = s;
    else lines.push({ first: s, last: s });
  }
  return lines.map(({ first, last }) => {
    const col = columnLetter(first.column);
    const range =
      first.row === last.row ? `${col}${first.row}` : `${col}${first.row}:${col}${last.row}`;
    return { address: `${quoted(first.sheet)}!${range}`, first };
  });
}

function writeNotes(wb: ExcelJS.Workbook, rendered: Rendered, name: string, said: Said[]): void {
  const { model, view: v } = rendered;
  const l = v.label;
  const ws = wb.addWorksheet(name);
  const line = (cells: string[], bold = false): void => {
    const row = ws.addRow([]);
    for (const [i, text] of cells.entries()) putText(row.getCell(i + 1), text);
    if (bold) row.font = { bold: true };
  };
  line([model.title], true);
  line([`${l("data_as_of")} ${model.asOf}`]);
  line([]);
  line([l("sources")], true);
  line([l("publisher"), l("source_title"), l("source_date")], true);
  for (const s of model.sources) line([s.publisher, s.title ?? "", s.date ?? ""]);
  const notes = [...model.notes, ...(model.illustrative.note ? [model.illustrative.note] : [])];
  if (notes.length > 0) {
    line([]);
    line([l("notes")], true);
    for (const note of notes) line([note]);
  }
  line([]);
  line([l("provenance")], true);
  line([l("provenance_unmarked")]);
  for (const legend of v.legend(said.map((s) => s.mark))) line([legend]);
  line([l("cell"), l("figure"), l("as_printed"), l("provenance"), l("sources")], true);
  // The marked cells one by one, as their notes say; then the rest by column.
  for (const s of said.filter((s) => s.mark)) {
    const address = `${quoted(s.sheet)}!${columnLetter(s.column)}${s.row}`;
    line([address, `${s.label} · ${s.head}`, s.written, s.provenance, s.source]);
  }
  for (const { address, first } of grouped(said.filter((s) => !s.mark))) {
    line([address, first.head, "", first.provenance, first.source]);
  }
  [30, 40, 14, 50, 50].forEach((width, i) => {
    ws.getColumn(i + 1).width = width;
  });
}

/**
 * The spreadsheet's bytes. The same briefing gives the same bytes: the workbook is dated by
 * the briefing, and so is every file in its zip (which exceljs would date by the clock).
 */
export async function xlsxOf(rendered: Rendered): Promise<Uint8Array> {
  const { model, view: v } = rendered;
  const date = new Date(`${dateOf(v.briefing)}T00:00:00Z`);
  const wb = new ExcelJS.Workbook();
  wb.creator = "briefing";
  wb.lastModifiedBy = "briefing";
  wb.title = model.title;
  wb.subject = model.region;
  wb.created = date;
  wb.modified = date;
  // exceljs writes dc:language, but its types leave the field out.
  (wb as ExcelJS.Workbook & { language: string }).language = model.lang;
  const used = new Set<string>();
  const said: Said[] = [];
  const notesName = sheetName(v.label("notes"), used);
  for (const table of sheetTables(model, v)) {
    writeTable(wb, v, table, sheetName(table.name, used), said);
  }
  writeNotes(wb, rendered, notesName, said);
  return fixZip(new Uint8Array(await wb.xlsx.writeBuffer()), date);
}

/**
 * What exceljs cannot say: every zip entry dated `date`, and `quotePrefix` on the Text-format
 * styles (only formula-like text has one), so Excel keeps such text as text when it is edited.
 */
async function fixZip(bytes: Uint8Array, date: Date): Promise<Uint8Array> {
  return datedZip(bytes, date, async (zip) => {
    const styles = await zip.file("xl/styles.xml")?.async("string");
    const textFormat = 49; // Excel's built-in id of "@"
    if (styles !== undefined) {
      zip.file(
        "xl/styles.xml",
        styles.replaceAll(
          `<xf numFmtId="${textFormat}"`,
          `<xf quotePrefix="1" numFmtId="${textFormat}"`,
        ),
      );
    }
  });
}

/** The format: the tables as a workbook, their provenance on a notes sheet. */
export const xlsx: Format = {
  id: "xlsx",
  async make({ rendered, name }) {
    return [{ name: `${name}.xlsx`, data: await xlsxOf(rendered) }];
  },
};
