/**
 * An .xlsx worksheet into a Table, with exceljs. Only what Excel saved is read: a formula's
 * cached result (never evaluated), a merged cell's master value, a hyperlink's shown text (the
 * link itself is dropped). A workbook that links to other workbooks is refused: its figures
 * would be whatever the other file held when it was last opened.
 */
import ExcelJS from "exceljs";
import type { Issue } from "../../errors.js";
import { t } from "../../locale/messages.js";
import type { Cell, CellValue, Table } from "./table.js";
import { checkZip, type ZipLimits } from "./zip-guard.js";

export interface SheetLimits {
  /** Most rows a sheet may have (title and total rows included). */
  maxRows: number;
  /** Most columns. */
  maxColumns: number;
  zip: ZipLimits;
}

export type Read = { table: Table } | { issues: Issue[] };

export async function readXlsx(
  file: string,
  bytes: Buffer,
  sheet: string | undefined,
  limits: SheetLimits,
): Promise<Read> {
  const fail = (message: string, extra: Partial<Issue> = {}): Read => ({
    issues: [{ severity: "error", file, message, ...extra }],
  });
  const zip = checkZip(bytes, limits.zip);
  if ("problem" in zip) {
    const { problem } = zip;
    switch (problem.kind) {
      case "not-zip":
        return fail(t`is not an Excel workbook (.xlsx)`, {
          hint: t`Save it from Excel or LibreOffice as an Excel workbook (.xlsx), or as CSV.`,
        });
      case "too-many-entries":
        return fail(t`the workbook holds too many parts`, {
          expected: t`at most ${limits.zip.maxEntries} parts`,
          found: String(problem.entries),
        });
      case "too-large":
        return fail(t`the workbook unpacks to more than ${limits.zip.maxInflated} bytes`, {
          hint: t`A sheet of a region's units unpacks to a few megabytes; copy the sheet you need into a new workbook.`,
        });
      case "unsupported":
        return fail(t`the workbook is packed in a way spreadsheet applications do not write`, {
          found: problem.entry,
        });
    }
  }
  if (zip.names.some((name) => /^xl\/externalLinks\//i.test(name))) {
    return fail(t`the workbook links to other workbooks`, {
      hint: t`Its figures would be what the other files held when it was last saved. Break the links (Excel: Data → Edit Links → Break Link), or paste the values, and save.`,
    });
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    return fail(t`could not be read as an Excel workbook`, {
      found: error instanceof Error ? error.message.split("\n")[0] : String(error),
    });
  }
  const names = workbook.worksheets.map((ws) => ws.name);
  let worksheet: ExcelJS.Worksheet | undefined;
  if (sheet === undefined) {
    if (workbook.worksheets.length !== 1) {
      return fail(t`the workbook has ${names.length} sheets: say which one`, {
        expected: t`sheet: one of ${names.map((n) => JSON.stringify(n)).join(", ")}`,
      });
    }
    worksheet = workbook.worksheets[0];
  } else {
    worksheet = workbook.worksheets.find((ws) => ws.name === sheet);
    if (!worksheet) {
      return fail(t`the workbook has no sheet ${JSON.stringify(sheet)}`, {
        expected: t`one of ${names.map((n) => JSON.stringify(n)).join(", ")}`,
      });
    }
  }
  if (!worksheet) return fail(t`the workbook has no sheets`);
  const where = { sheet: worksheet.name };
  if (worksheet.rowCount > limits.maxRows) {
    return fail(t`the sheet has ${worksheet.rowCount} rows`, {
      ...where,
      expected: t`at most ${limits.maxRows} rows`,
      hint: t`A briefing holds at most 500 units; copy its rows into a sheet of their own.`,
    });
  }
  if (worksheet.columnCount > limits.maxColumns) {
    return fail(t`the sheet has ${worksheet.columnCount} columns`, {
      ...where,
      expected: t`at most ${limits.maxColumns} columns`,
    });
  }
  const rows: Cell[][] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, r) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      cells[c - 1] = cellOf(cell);
    });
    rows[r - 1] = cells;
  });
  // A merged range: every cell of it reads as its master, and a header knows how far down it reaches.
  const merges = (worksheet.model as { merges?: string[] }).merges ?? [];
  for (const range of merges) {
    const match = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
    if (!match) continue;
    const [top, left, bottom, right] = [
      Number(match[2]) - 1,
      columnIndex(match[1] ?? "A"),
      Number(match[4]) - 1,
      columnIndex(match[3] ?? "A"),
    ];
    const master = rows[top]?.[left] ?? { value: { kind: "empty" } };
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        rows[r] ??= [];
        (rows[r] as Cell[])[c] = {
          value: master.value,
          mergedToRow: bottom + 1,
          ...(r === top && c === left ? {} : { mergedFrom: `${match[1]}${match[2]}` }),
        };
      }
    }
  }
  return { table: { file, sheet: worksheet.name, rows } };
}

function columnIndex(name: string): number {
  let n = 0;
  for (const ch of name) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function cellOf(cell: ExcelJS.Cell): Cell {
  return { value: cellValueOf(cell.value, cell.numFmt) };
}

function cellValueOf(value: ExcelJS.CellValue, numFmt: string | undefined): CellValue {
  if (value === null || value === undefined) return { kind: "empty" };
  if (typeof value === "number") {
    return numFmt?.includes("%")
      ? { kind: "number", value, percent: true }
      : { kind: "number", value };
  }
  if (typeof value === "string")
    return value.trim() === "" ? { kind: "empty" } : { kind: "text", text: value };
  if (typeof value === "boolean") return { kind: "boolean", value };
  if (value instanceof Date) return { kind: "date", value };
  if ("richText" in value) {
    const text = value.richText.map((part) => part.text).join("");
    return text.trim() === "" ? { kind: "empty" } : { kind: "text", text };
  }
  if ("error" in value) return { kind: "error", text: String(value.error) };
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as { result?: unknown }).result;
    const formula = "formula" in value ? value.formula : value.sharedFormula;
    if (result === undefined || result === null)
      return { kind: "formula", formula: String(formula) };
    return cellValueOf(result as ExcelJS.CellValue, numFmt);
  }
  if ("hyperlink" in value) {
    // The text shown, never the link: a cell pointing at a file or a site is read as its words.
    const shown = value.text as unknown;
    if (typeof shown === "string") return cellValueOf(shown, numFmt);
    return cellValueOf(shown as ExcelJS.CellValue, numFmt);
  }
  return { kind: "empty" };
}
