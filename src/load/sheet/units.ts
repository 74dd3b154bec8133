/**
 * A sheet's rows as the YAML's `units:` list: the header row found below the title and notes,
 * each column named by the briefing's own field names or through `columns:`, one unit per row,
 * and the total row ("Jumlah", "Total", the region's name) kept apart as the region's stated
 * figures, to be checked against the units' sum like any stated total. Every problem of the
 * sheet is collected, each at its cell.
 */
import type { Issue } from "../../errors.js";
import { t } from "../../locale/messages.js";
import { slugify } from "../../output/slug.js";
import { describeValue } from "../load.js";
import { type Field, type FieldContext, fieldNames, fieldOf, regionPathOf } from "./fields.js";
import { address, type Cell, cellAt, cellText, type Table } from "./table.js";

/** Where a value of the briefing came from in the sheet. */
export interface CellPlace {
  file: string;
  sheet?: string;
  cell: string;
}

export interface SheetUnitsOptions extends FieldContext {
  /** The YAML's `columns:`: a header as the sheet writes it → a field name, or `skip`. */
  columns: Readonly<Record<string, string>>;
  /** The briefing's language: a unit's name in it when columns give several. */
  language: string;
  /** Texts that mark the total row besides Jumlah and Total: the region's names, `total:`. */
  totalNames: readonly string[];
  /** The sheet holds CSV text: its hints speak of digits, not of Excel's cells. */
  csv: boolean;
}

export interface SheetUnits {
  units: Record<string, unknown>[];
  /** The total row's figures, as paths under `region.stated`. */
  total: { path: string[]; value: unknown; place: CellPlace }[];
  /** `units[2].members.pu` → its cell. */
  places: Map<string, CellPlace>;
  /** `columns:` entries that name no header of the sheet. */
  unmatched: string[];
  /** `columns:` entries whose field is not one a unit has. */
  unknown: string[];
  issues: Issue[];
}

/** How far down the header is looked for: title and note rows come first. */
const HEADER_SEARCH = 30;
export const TOTAL = /^(jumlah|total|grand total|sub ?total)\b/i;
/** A row-number column ("No", "No.", "#") is read as nothing. */
export const ROW_NUMBER = /^(no\.?|#|nomor)$/i;

const normal = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

interface Column {
  index: number;
  header: string;
  field: Field;
}

export function sheetUnits(table: Table, options: SheetUnitsOptions): SheetUnits {
  const issues: Issue[] = [];
  const place = (r: number, c: number): CellPlace => ({
    file: table.file,
    ...(table.sheet === undefined ? {} : { sheet: table.sheet }),
    cell: address(r, c),
  });
  const error = (r: number, c: number, message: string, extra: Partial<Issue> = {}) =>
    issues.push({ severity: "error", ...place(r, c), message, ...extra });
  // A cell's problem names the field it was to be, as the YAML's do.
  const within =
    (path: string): ErrorAt =>
    (r, c, message, extra = {}) =>
      error(r, c, message, { path, ...extra });
  const mapping = new Map<string, string>();
  for (const [header, name] of Object.entries(options.columns)) mapping.set(normal(header), name);
  const used = new Set<string>();
  const unknown = Object.entries(options.columns)
    .filter(([, name]) => name !== "skip" && fieldOf(name, options) === undefined)
    .map(([header]) => header);
  const resolve = (key: string): Field | "skip" | undefined => {
    const target = mapping.get(normal(key));
    if (target !== undefined) {
      used.add(normal(key));
      // A mapping to no field is said at its line in the YAML, not at the header.
      return target === "skip" ? "skip" : (fieldOf(target, options) ?? "skip");
    }
    return fieldOf(key, options);
  };

  const header = findHeader(table, resolve);
  const result: SheetUnits = {
    units: [],
    total: [],
    places: new Map(),
    unmatched: [],
    unknown,
    issues,
  };
  if (header === undefined) {
    issues.push({
      severity: "error",
      file: table.file,
      ...(table.sheet === undefined ? {} : { sheet: table.sheet }),
      message: t`no header row naming the units' name column was found in the first ${HEADER_SEARCH} rows`,
      hint: t`Name the column of the units' names "name", or map the sheet's own header in the YAML: columns: { "Kabupaten/Kota": name }.`,
    });
    return result;
  }

  const columns: Column[] = [];
  const seen = new Map<string, number>();
  for (const [index, key] of header.keys) {
    if (key === "" || ROW_NUMBER.test(key)) continue;
    const parts = key.split(" / ");
    const last = parts[parts.length - 1] ?? key;
    const field = resolve(key) ?? (parts.length > 1 ? resolve(last) : undefined);
    if (field === "skip") continue;
    if (!field) {
      error(header.row, index, t`the column "${key}" is not a field of a unit`, {
        expected: t`one of ${fieldNames(options).join(", ")}`,
        hint: t`Map it in the YAML: columns: { "${key}": <field> }, or leave it out with columns: { "${key}": skip }.`,
      });
      continue;
    }
    const name = field.path.join(".");
    const before = seen.get(name);
    if (before !== undefined) {
      error(header.row, index, t`a second column for ${name}`, {
        found: t`also in column ${address(header.row, before).replace(/\d+$/, "")}`,
      });
      continue;
    }
    seen.set(name, index);
    columns.push({ index, header: key, field });
  }
  result.unmatched = Object.keys(options.columns).filter((key) => !used.has(normal(key)));
  const nameColumns = columns.filter((c) => c.field.path[0] === "name");
  const firstName = nameColumns[0];
  if (!firstName) return result;

  const totals = [...options.totalNames.map(normal)];
  const isTotal = (r: number) => {
    for (let c = 0; c <= firstName.index; c++) {
      const text = cellText(cellAt(table, r, c));
      if (text !== "" && (TOTAL.test(text) || totals.includes(normal(text)))) return true;
    }
    return false;
  };
  const hasFigures = (r: number) =>
    columns.some(
      (col) =>
        (col.field.kind === "count" || col.field.kind === "percent") &&
        cellAt(table, r, col.index).value.kind !== "empty",
    );

  let totalSeen: number | undefined;
  for (let r = header.end + 1; r < table.rows.length; r++) {
    const empty = columns.every((col) => cellAt(table, r, col.index).value.kind === "empty");
    if (empty) continue;
    if (totalSeen !== undefined) {
      // Notes and sources below the total are left alone; a unit there is not.
      if (hasFigures(r) && nameColumns.some((c) => cellText(cellAt(table, r, c.index)) !== "")) {
        error(r, firstName.index, t`a unit below the total row (row ${totalSeen + 1})`, {
          hint: t`Move the total row below the last unit, or the unit above it.`,
        });
      }
      continue;
    }
    if (isTotal(r)) {
      totalSeen = r;
      for (const col of columns) {
        const to = regionPathOf(col.field);
        if (!to) continue;
        const value = read(table, r, col, options, within(`region.stated.${to.join(".")}`));
        if (value !== undefined) result.total.push({ path: to, value, place: place(r, col.index) });
      }
      continue;
    }
    const i = result.units.length;
    const unit: Record<string, unknown> = {};
    const at = (path: readonly string[]) => `units[${i}]${path.map((p) => `.${p}`).join("")}`;
    result.places.set(`units[${i}]`, place(r, firstName.index));
    const names: Record<string, unknown> = {};
    const blank = new Set<string>();
    for (const col of columns) {
      result.places.set(at(col.field.path), place(r, col.index));
      // A finding about the counts as a whole ("no count for segment bpu") is at the empty one.
      const parent = at(col.field.path.slice(0, -1));
      const empty = cellAt(table, r, col.index).value.kind === "empty";
      if (
        col.field.path.length > 1 &&
        (!result.places.has(parent) || (empty && !blank.has(parent)))
      ) {
        result.places.set(parent, place(r, col.index));
        if (empty) blank.add(parent);
      }
      const value = read(table, r, col, options, within(at(col.field.path)));
      if (value === undefined) continue;
      // `name` is the briefing's language; `name.en` another: several make a map, as in YAML.
      if (col.field.path[0] === "name") names[col.field.path[1] ?? options.language] = value;
      else setPath(unit, col.field.path, value);
    }
    const languages = Object.keys(names);
    const name =
      languages.length === 0
        ? undefined
        : languages.length === 1 && names[options.language] !== undefined
          ? names[options.language]
          : names;
    if (name === undefined) {
      error(r, firstName.index, t`a row with figures but no name`, {
        hint: t`Write the unit's name, or leave the whole row empty.`,
      });
    } else {
      unit.name = name;
    }
    if (unit.id === undefined && name !== undefined) {
      // No id column: the id is made from the name, as file names are (Kota Palembang → kota-palembang).
      const text = String(
        typeof name === "object" && name !== null
          ? (names[options.language] ?? Object.values(names)[0] ?? "")
          : name,
      );
      unit.id = slugify(text).slice(0, 64).replace(/-+$/, "");
      result.places.set(at(["id"]), place(r, firstName.index));
    }
    result.units.push(ordered(unit));
  }
  return result;
}

/** The header row (and the row below it, when merged cells make it two) and each column's name. */
export function findHeader(
  table: Table,
  resolve: (key: string) => Field | "skip" | undefined,
): { row: number; end: number; keys: Map<number, string> } | undefined {
  const limit = Math.min(table.rows.length, HEADER_SEARCH);
  for (let r = 0; r < limit; r++) {
    const row = table.rows[r] ?? [];
    const named = row.some((cell) => {
      const found = cell ? resolve(cellText(cell)) : undefined;
      return found !== undefined && found !== "skip" && found.path[0] === "name";
    });
    if (!named) continue;
    // A header cell merged down over the row below ("Kabupaten/Kota" over A4:A5) makes that
    // row part of the header: its cells name the columns under a merged group ("Peserta": PU, BPU).
    let end = r;
    for (const cell of row)
      if (cell?.mergedToRow !== undefined) end = Math.max(end, cell.mergedToRow - 1);
    end = Math.min(end, r + 2);
    const width = Math.max(...table.rows.slice(r, end + 1).map((cells) => cells?.length ?? 0));
    const keys = new Map<number, string>();
    for (let c = 0; c < width; c++) {
      const parts: string[] = [];
      for (let h = r; h <= end; h++) {
        const text = cellText(cellAt(table, h, c));
        if (text !== "" && parts[parts.length - 1] !== text) parts.push(text);
      }
      keys.set(c, parts.join(" / "));
    }
    // A name column merged over two rows holds its field under both; one is enough.
    for (const [c, key] of keys) {
      const parts = key.split(" / ");
      if (parts.length > 1 && resolve(key) === undefined && resolve(parts[0] ?? "") !== undefined) {
        const first = resolve(parts[0] ?? "");
        if (first !== undefined && first !== "skip" && first.path[0] === "name")
          keys.set(c, parts[0] ?? key);
      }
    }
    return { row: r, end, keys };
  }
  return undefined;
}

type ErrorAt = (r: number, c: number, message: string, extra?: Partial<Issue>) => void;

/** A cell's value for its field, or undefined when it is empty or wrong (said through `error`). */
function read(
  table: Table,
  r: number,
  col: Column,
  options: SheetUnitsOptions,
  error: ErrorAt,
): unknown {
  const cell: Cell = cellAt(table, r, col.index);
  const v = cell.value;
  const c = col.index;
  const { kind } = col.field;
  if (v.kind === "empty") return undefined;
  if (v.kind === "formula") {
    error(r, c, t`a formula without a saved value`, {
      found: `=${v.formula}`,
      hint: t`briefing never computes formulas. Open the workbook in Excel or LibreOffice and save it, so that each formula's value is stored, or paste the values.`,
    });
    return undefined;
  }
  if (v.kind === "error") {
    error(r, c, t`the cell shows the error ${v.text}`, {
      hint: t`Correct the formula, or leave the cell empty where there is no figure.`,
    });
    return undefined;
  }
  const expected =
    kind === "count"
      ? t`a whole number`
      : kind === "percent"
        ? t`a number (63 means 63 %)`
        : kind === "illustrative"
          ? t`true or false`
          : t`a text`;
  const wrong = (found: string, extra: Partial<Issue> = {}) => {
    error(r, c, t`wrong value`, { expected, found, ...extra });
    return undefined;
  };
  if (kind === "count" || kind === "percent") {
    if (v.kind === "number") {
      // A cell formatted as a percentage holds 0.367 for 36,7 %: the format says so, exactly.
      return kind === "percent" && v.percent ? Number((v.value * 100).toPrecision(12)) : v.value;
    }
    if (v.kind === "text") {
      const text = v.text.trim();
      if (/\d/.test(text) && /^[-+]?[\d\s.,'’]+%?$/.test(text)) {
        return wrong(describeValue(v.text), {
          hint: options.csv
            ? /^\d+,\d+%?$/.test(text)
              ? t`write the decimal with a point (${text.replace(",", ".").replace("%", "")}), or say that the file writes thousands with dots and decimals with a comma: thousands: "." in units:`
              : t`write it as plain digits (${text.replace(/[^\d]/g, "")}), or say how the file writes thousands: thousands: "." in units:`
            : t`store it as a number: Excel keeps "${text}" as text (select the cells, then Convert to Number), and briefing does not guess what it means`,
        });
      }
      return wrong(describeValue(v.text), {
        hint: t`leave the cell empty where there is no figure`,
      });
    }
    return wrong(v.kind === "date" ? describeValue(v.value) : String(v.value));
  }
  if (kind === "illustrative") {
    if (v.kind === "boolean") return v.value;
    if (v.kind === "text") {
      const text = normal(v.text);
      if (["true", "ya", "yes"].includes(text)) return true;
      if (["false", "tidak", "no"].includes(text)) return false;
      return v.text
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean);
    }
    return wrong(String(v.kind === "number" ? v.value : v.kind));
  }
  // Text fields: a name or an id is kept exactly as written (=, +, - or @ in front included):
  // it is printed as text, never read as a formula.
  if (v.kind === "text") return v.text.trim();
  if (v.kind === "number") return String(v.value);
  return wrong(v.kind === "date" ? describeValue(v.value) : String(v.value));
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (next === undefined || typeof next !== "object" || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

/** id first, then name, as a YAML unit is written (the order messages list fields in). */
function ordered(unit: Record<string, unknown>): Record<string, unknown> {
  const { id, name, ...rest } = unit;
  return { id, name, ...rest };
}
