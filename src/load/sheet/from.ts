/**
 * `units: { from: kepesertaan.xlsx, sheet: "Oktober 2020", columns: { … } }`: the units of a
 * briefing read from the statistics unit's workbook (or a CSV export) beside the YAML. The rest
 * of the pipeline sees the same `units` list a YAML file would give, and a source whose places
 * are the sheet's cells: a negative count is reported at C7 of the sheet, not at `units:`.
 */
import { realpathSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { type Issue, invalidInput } from "../../errors.js";
import { t } from "../../locale/messages.js";
import { describeValue, validate } from "../load.js";
import { PlainText } from "../schema.js";
import { type FieldPath, formatPath, type YamlSource } from "../yaml.js";
import type { Thousands } from "./csv.js";
import { fieldNames } from "./fields.js";
import { unitsFromOf } from "./named.js";
import { type CellPlace, sheetUnits } from "./units.js";
import type { SheetLimits } from "./xlsx.js";
import { defaultZipLimits } from "./zip-guard.js";

export interface SheetFileLimits extends SheetLimits {
  /** Largest file read, in bytes: checked before it is read. */
  maxBytes: number;
}

export const defaultSheetLimits: SheetFileLimits = {
  // A workbook of a region's units is tens of kilobytes; 20 MB is a whole department's.
  maxBytes: 20 * 1024 * 1024,
  // 500 units at most in a briefing; rows for titles, notes and empty lines besides.
  maxRows: 10_000,
  maxColumns: 500,
  zip: defaultZipLimits,
};

const text = PlainText.trim().min(1, { error: () => t`a non-empty text` });

export const UnitsFrom = z.strictObject({
  /** The file, from the YAML's folder: kepesertaan.xlsx, or a CSV export. */
  from: text,
  /** The worksheet of a workbook; a CSV has none. */
  sheet: text.optional(),
  /** The sheet's own headers → the unit's field names (or `skip`). */
  columns: z.record(z.string(), text).optional(),
  /** The text of the total row, when it is not Jumlah, Total or the region's name. */
  total: text.optional(),
  /** How a CSV writes thousands, when it does ("1.652.310"): read as numbers then. */
  thousands: z.enum([".", ","], { error: () => t`"." or ","` }).optional(),
});
export type UnitsFromValue = z.infer<typeof UnitsFrom>;

/** The files a sheet may be: what exceljs and csv-parse read. */
const FORMATS = /\.(xlsx|csv)$/i;

/**
 * The source with its units read from the sheet it names, or the source as it is when its units
 * are a list; and the problems of the sheet's cells, each at its cell, for the loader to report
 * with the schema's (a negative count beside a text number: both at once). A sheet that cannot
 * be read at all is thrown.
 */
export async function withSheetUnits(
  source: YamlSource,
  limits: SheetFileLimits = defaultSheetLimits,
): Promise<{ source: YamlSource; issues: Issue[] }> {
  if (!unitsFromOf(source.data)) return { source, issues: [] };
  const data = source.data as Record<string, unknown>;
  const spec = validate(
    { ...source, data: { units: data.units } },
    z.strictObject({ units: UnitsFrom }),
  ).units;
  const at = (field: string): Partial<Issue> => ({
    file: source.file,
    path: formatPath(["units", field]),
    ...source.locate(["units", field]),
  });
  const refuse = (message: string, extra: Partial<Issue> = {}): never => {
    throw invalidInput([
      { severity: "error", file: source.file, ...at("from"), message, ...extra },
    ]);
  };
  const file = await sheetFile(source.file, spec.from, refuse, limits);
  const csv = /\.csv$/i.test(file);
  if (csv && spec.sheet !== undefined) {
    refuse(t`a CSV file has no sheets`, { ...at("sheet"), hint: t`Leave out sheet:.` });
  }
  if (!csv && spec.thousands !== undefined) {
    refuse(t`thousands: is for CSV files; a workbook stores numbers as numbers`, at("thousands"));
  }
  const bytes = await readFile(file);
  const read = csv
    ? (await import("./csv.js")).readCsv(
        file,
        bytes,
        spec.thousands as Thousands | undefined,
        limits,
      )
    : await (await import("./xlsx.js")).readXlsx(file, bytes, spec.sheet, limits);
  if ("issues" in read) throw invalidInput(read.issues);

  const region = (data.region ?? {}) as Record<string, unknown>;
  const listed = (key: string) => {
    const value = data[key];
    return Array.isArray(value)
      ? value
          .map((item) => (item as { id?: unknown } | null)?.id)
          .filter((id) => typeof id === "string")
      : [];
  };
  const context = { segments: listed("segments"), indicators: listed("indicators") };
  const got = sheetUnits(read.table, {
    columns: spec.columns ?? {},
    ...context,
    language: typeof data.language === "string" ? data.language : "id",
    totalNames: [...namesOf(region.name), ...(spec.total ? [spec.total] : [])],
    csv,
  });
  const issues = [...got.issues];
  for (const key of got.unmatched) {
    issues.push({
      severity: "error",
      file: source.file,
      path: formatPath(["units", "columns", key]),
      ...source.locateKey(["units", "columns"], key),
      message: t`no column of ${path.basename(file)} is headed "${key}"`,
      hint: t`Copy the header as the sheet writes it (spaces and line breaks count as one space).`,
    });
  }

  for (const key of got.unknown) {
    issues.push({
      severity: "error",
      file: source.file,
      path: formatPath(["units", "columns", key]),
      ...source.locate(["units", "columns", key]),
      message: t`wrong value`,
      expected: t`skip, or one of ${fieldNames(context).join(", ")}`,
      found: describeValue(spec.columns?.[key]),
    });
  }

  // The total row is the region's stated figures, unless the YAML states them itself.
  const places = new Map(got.places);
  const stated = { ...((region.stated ?? {}) as Record<string, unknown>) };
  for (const { path: to, value, place } of got.total) {
    const yamlPath: FieldPath = ["region", "stated", ...to];
    const own = valueAt(stated, to);
    if (own === undefined) {
      setAt(stated, to, value);
      places.set(formatPath(yamlPath), place);
    } else if (own !== value) {
      issues.push({
        severity: "error",
        ...place,
        path: formatPath(yamlPath),
        message: t`the total row says ${String(value)}, the YAML's ${formatPath(yamlPath)} ${describeValue(own)}`,
        hint: t`Correct one of them, or leave the figure out of the YAML: the total row states it.`,
      });
    }
  }
  const merged = {
    ...data,
    units: got.units,
    ...(got.total.length > 0 ? { region: { ...region, stated } } : {}),
  };
  return { source: sheetSource(source, merged, places, file), issues };
}

/** The sheet's path, checked: beside the YAML (or below it), a regular file, not too large. */
async function sheetFile(
  yamlFile: string,
  from: string,
  refuse: (message: string, extra?: Partial<Issue>) => never,
  limits: SheetFileLimits,
): Promise<string> {
  if (path.isAbsolute(from) || /^[a-z]+:/i.test(from)) {
    refuse(t`the sheet is named by an absolute path or an address`, {
      expected: t`a file in the YAML's folder, such as kepesertaan.xlsx`,
    });
  }
  const dir = path.dirname(yamlFile);
  const file = path.join(dir, from);
  const relative = path.relative(dir, file);
  if (relative.startsWith("..") || relative === "") {
    refuse(t`the sheet is outside the YAML's folder`, {
      expected: t`a file in the YAML's folder, such as kepesertaan.xlsx`,
      hint: t`Keep the workbook beside the briefing, so that the two travel together.`,
    });
  }
  if (!FORMATS.test(file)) {
    refuse(t`not a file briefing reads units from`, {
      expected: t`an Excel workbook (.xlsx) or a CSV file (.csv)`,
      ...(/\.(xls|xlsm|xlsb|ods)$/i.test(file)
        ? { hint: t`Save it as an Excel workbook (.xlsx) or as CSV.` }
        : {}),
    });
  }
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) refuse(t`the sheet is not a regular file`, { found: file });
    // A link out of the folder is as far away as a path out of it.
    const real = path.relative(realpathSync(dir), realpathSync(file));
    if (real.startsWith("..") || path.isAbsolute(real)) {
      refuse(t`the sheet is outside the YAML's folder`, {
        found: t`a link to ${realpathSync(file)}`,
      });
    }
    size = info.size;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") {
      return refuse(t`the sheet ${file} is not there`);
    }
    throw error;
  }
  if (size > limits.maxBytes) {
    refuse(t`the sheet is too large to read`, {
      expected: t`at most ${limits.maxBytes} bytes`,
      found: t`${size} bytes`,
      hint: t`Copy the sheet of the units into a workbook of its own.`,
    });
  }
  return file;
}

/** The YAML source with the sheet's units in its data, and the sheet's cells as their places. */
function sheetSource(
  source: YamlSource,
  data: unknown,
  places: ReadonlyMap<string, CellPlace>,
  file: string,
): YamlSource {
  const placeOf = (full: FieldPath): CellPlace | undefined => {
    for (let n = full.length; n > 0; n--) {
      const found = places.get(formatPath(full.slice(0, n)));
      if (found) return found;
    }
    return undefined;
  };
  // Inside units there is no YAML line to fall back to: its places are all cells.
  const sheetPath = (p: FieldPath) => p[0] === "units" && typeof p[1] === "number";
  return {
    file: source.file,
    data,
    reads: [...(source.reads ?? []), file],
    locate(p) {
      const cell = placeOf(p);
      return cell ? { ...cell } : source.locate(p);
    },
    locateKey(p, key) {
      const cell = sheetPath(p) ? placeOf([...p, key]) : undefined;
      return cell ? { ...cell } : source.locateKey(p, key);
    },
    written(p) {
      if (!placeOf(p)) return source.written(p);
      // A cell holds a number, not its text: what it was stored as is what it is.
      const value = valueAt(data, p.map(String));
      return typeof value === "number" ? String(value) : undefined;
    },
  };
}

function namesOf(name: unknown): string[] {
  if (typeof name === "string") return [name];
  if (name !== null && typeof name === "object") {
    return Object.values(name).filter((v): v is string => typeof v === "string");
  }
  return [];
}

function valueAt(root: unknown, p: readonly string[]): unknown {
  let node = root;
  for (const part of p) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function setAt(root: Record<string, unknown>, p: readonly string[], value: unknown): void {
  let node = root;
  for (const part of p.slice(0, -1)) {
    const next = node[part];
    node[part] = next !== null && typeof next === "object" ? { ...(next as object) } : {};
    node = node[part] as Record<string, unknown>;
  }
  const last = p[p.length - 1];
  if (last !== undefined) node[last] = value;
}
