/**
 * A sheet as the units reader sees it, whichever file it came from: rows of cells, each with
 * its A1 address and what it holds. The readers (xlsx.ts, csv.ts) make one; units.ts reads it.
 */

/** What a cell holds, as the reader found it; nothing is converted or guessed yet. */
export type CellValue =
  | { kind: "empty" }
  | {
      kind: "number";
      value: number /** Shown as a percentage: 0.367 is 36,7 %. */;
      percent?: boolean;
    }
  | { kind: "text"; text: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "date"; value: Date }
  /** `#N/A`, `#DIV/0!`: what Excel shows for a formula that failed. */
  | { kind: "error"; text: string }
  /** A formula the workbook holds no computed value for: never evaluated here. */
  | { kind: "formula"; formula: string };

export interface Cell {
  value: CellValue;
  /** Part of a merged range: the master cell's address (its value is the master's). */
  mergedFrom?: string;
  /** The merged range reaches down to this row (1-based), for a header over two rows. */
  mergedToRow?: number;
}

export interface Table {
  /** The file as the user named it, for messages. */
  file: string;
  /** The worksheet's name; undefined for a CSV. */
  sheet?: string;
  /** rows[r][c]: row r + 1, column c + 1; missing cells are empty. */
  rows: Cell[][];
}

export const EMPTY: Cell = { value: { kind: "empty" } };

/** The A1 name of column `c` (0-based): 0 → A, 26 → AA. */
export function columnName(c: number): string {
  let name = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** `C7` for row index 6, column index 2. */
export const address = (r: number, c: number): string => `${columnName(c)}${r + 1}`;

export const cellAt = (table: Table, r: number, c: number): Cell => table.rows[r]?.[c] ?? EMPTY;

/** A cell's text as a header or a name reads it, whitespace collapsed; "" when none. */
export function cellText(cell: Cell): string {
  const v = cell.value;
  switch (v.kind) {
    case "text":
      return v.text.replace(/\s+/g, " ").trim();
    case "number":
      return String(v.value);
    case "boolean":
      return String(v.value);
    default:
      return "";
  }
}
