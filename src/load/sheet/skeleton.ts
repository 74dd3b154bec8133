/**
 * `briefing import <file.xlsx|csv>`: a new user's first briefing, from the statistics unit's
 * sheet. The units stay in the sheet (`units: { from: … }`, with a `columns:` mapping guessed
 * from its header): next month's figures are the office's next workbook, not retyped YAML.
 * What the sheet cannot say (the organisation, the period, the region) is left as `~` with a
 * TODO comment: `briefing check` points at each until it is filled.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { type Issue, invalidInput, usageError, visible } from "../../errors.js";
import { t } from "../../locale/messages.js";
import { slugify } from "../../output/slug.js";
import { writeAll } from "../../output/write.js";
import { defaultSheetLimits } from "./from.js";
import { cellAt, type Table } from "./table.js";
import { findHeader, ROW_NUMBER, sheetUnits, TOTAL } from "./units.js";

/** A header that names the units: their name, in the words statistics units use. */
const NAME_HEADER =
  /^(nama|name|wilayah|provinsi|kabupaten|kab\b|kota|kab\/kota|kecamatan|kelurahan|desa|puskesmas|cabang|kantor|unit|region|district|branch)/i;
const ID_HEADER = /^(id|kode|code)$/i;

export interface ImportOptions {
  file: string;
  sheet?: string;
  /** The YAML to write; <sheet's folder>/<sheet's name>.yaml when absent. */
  out?: string;
}

export interface Imported {
  out: string;
  units: number;
  /** Columns read as segments (their ids). */
  segments: string[];
}

export async function importSheet(options: ImportOptions): Promise<Imported> {
  const file = options.file;
  const csv = /\.csv$/i.test(file);
  if (!csv && !/\.xlsx$/i.test(file)) {
    throw usageError(
      t`${file}: not a file briefing reads units from`,
      t`Give an Excel workbook (.xlsx) or a CSV file (.csv).`,
    );
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw usageError(t`${file}: no such file`);
  const limits = defaultSheetLimits;
  if (info.size > limits.maxBytes) {
    throw invalidInput([
      {
        severity: "error",
        file,
        message: t`the sheet is too large to read`,
        expected: t`at most ${limits.maxBytes} bytes`,
        found: t`${info.size} bytes`,
      },
    ]);
  }
  const out = options.out ?? file.replace(/\.(xlsx|csv)$/i, ".yaml");
  const from = path.relative(path.dirname(path.resolve(out)), path.resolve(file));
  if (from.startsWith("..") || path.isAbsolute(from)) {
    throw usageError(
      t`the YAML must be written in the sheet's folder (or a folder above it): ${out}`,
      t`A briefing reads its sheet from its own folder; choose -o <folder of the sheet>/<name>.yaml.`,
    );
  }
  if (await stat(out).catch(() => undefined)) {
    throw usageError(
      t`${out} is already there: import writes a new briefing only`,
      t`Choose another name with -o <file.yaml>.`,
    );
  }
  const { readFile } = await import("node:fs/promises");
  const bytes = await readFile(file);
  const read = csv
    ? (await import("./csv.js")).readCsv(file, bytes, undefined, limits)
    : await (await import("./xlsx.js")).readXlsx(file, bytes, options.sheet, limits);
  if ("issues" in read) throw invalidInput(read.issues);
  const table = read.table;

  const guessed = guessColumns(table);
  const units = sheetUnits(table, {
    columns: guessed.columns,
    segments: guessed.segments.map((s) => s.id),
    indicators: [],
    language: "id",
    totalNames: [],
    csv,
  }).units;
  const text = skeleton({
    from: from.split(path.sep).join("/"),
    sheet: table.sheet,
    guessed,
    units,
  });
  await writeAll(path.dirname(path.resolve(out)), [{ name: path.basename(out), data: text }]);
  return { out, units: units.length, segments: guessed.segments.map((s) => s.id) };
}

interface Guessed {
  columns: Record<string, string>;
  segments: { id: string; name: string }[];
}

/** Each header's field: the name, an id, a total, a counted segment, or nothing (skip). */
function guessColumns(table: Table): Guessed {
  const header = findHeader(table, (key) =>
    NAME_HEADER.test(key) ? { path: ["name"], kind: "text" } : undefined,
  );
  if (!header) {
    const issue: Issue = {
      severity: "error",
      file: table.file,
      ...(table.sheet === undefined ? {} : { sheet: table.sheet }),
      message: t`no header row naming the units was found in the first 30 rows`,
      hint: t`Head the column of the units' names "Nama", "Wilayah", "Kabupaten/Kota", "Provinsi" or "name".`,
    };
    throw invalidInput([issue]);
  }
  const columns: Record<string, string> = {};
  const segments: { id: string; name: string }[] = [];
  let named = false;
  for (const [c, key] of header.keys) {
    if (key === "" || ROW_NUMBER.test(key)) continue;
    const last = key.split(" / ").pop() ?? key;
    if (!named && NAME_HEADER.test(key)) {
      columns[key] = "name";
      named = true;
    } else if (ID_HEADER.test(last)) {
      columns[key] = "id";
    } else if (!numeric(table, header.end, c)) {
      columns[key] = "skip";
    } else if (TOTAL.test(last)) {
      // A total column is the unit's members as the sheet states them: checked against the rest.
      columns[key] = "stated.members";
    } else {
      let id = slugify(last).slice(0, 60).replace(/-+$/, "");
      if (!/^[a-z0-9]/.test(id) || id === "briefing") id = `s${segments.length + 1}`;
      while (segments.some((s) => s.id === id)) id = `${id}-${segments.length + 1}`;
      segments.push({ id, name: last });
      columns[key] = id;
    }
  }
  return { columns, segments };
}

/** Most of the column's cells below the header hold figures (numbers stored as text count). */
function numeric(table: Table, end: number, c: number): boolean {
  let figures = 0;
  let words = 0;
  for (let r = end + 1; r < table.rows.length; r++) {
    const cell = cellAt(table, r, c);
    const v = cell.value;
    if (v.kind === "number" || v.kind === "formula") figures++;
    else if (v.kind === "text") {
      if (/^[-+]?[\d\s.,]+%?$/.test(v.text.trim())) figures++;
      else words++;
    }
  }
  return figures > 0 && figures >= words;
}

const quote = (text: string) => JSON.stringify(text);
/** Text from the sheet, safe in a YAML comment: one line, no control characters. */
const comment = (text: string) => visible(text.replace(/[\r\n]+/g, " "));

function skeleton(input: {
  from: string;
  sheet: string | undefined;
  guessed: Guessed;
  units: Record<string, unknown>[];
}): string {
  const { guessed, units } = input;
  const lines: string[] = [
    `# ${t`A first briefing, made by briefing import from ${comment(input.from)}.`}`,
    `# ${t`Fill in each ~ marked TODO, then run: briefing check <this file>, and briefing build <this file>.`}`,
    `# ${t`The units are read from the sheet at every build: correct a figure in the workbook, not here.`}`,
    "language: id",
    "",
    "organisation:",
    `  name: ~ # ${t`TODO: the organisation, e.g. BPJS Ketenagakerjaan`}`,
    `  # office: ${t`the office, e.g. Kantor Wilayah Sumbagsel`}`,
    "",
    "period:",
    `  as_of: ~ # ${t`TODO: the month the figures are for, YYYY-MM (e.g. 2020-10)`}`,
    "",
    "region:",
    `  name: ~ # ${t`TODO: the region the units make up, e.g. Sumbagsel`}`,
    `  unit_label: ~ # ${t`TODO: what one unit is called, in lower case: provinsi, kabupaten, kecamatan…`}`,
    `  # focus: ${String(units[0]?.id ?? "<id>")} # ${t`a unit to put forward (the ids are listed below)`}`,
    "",
  ];
  if (guessed.segments.length > 0) {
    lines.push(
      `# ${t`The counted columns: they add up to a unit's members. If they do not add up (coverage per programme, per antigen), make them indicators: see the README, "Units from a spreadsheet".`}`,
      "segments:",
      ...guessed.segments.map(
        (s) =>
          `  - { id: ${s.id}, name: ${quote(s.name)} } # ${t`the full name, if this is short`}`,
      ),
      "",
    );
  }
  lines.push(
    "units:",
    `  from: ${quote(input.from)}`,
    ...(input.sheet === undefined ? [] : [`  sheet: ${quote(input.sheet)}`]),
    `  # ${t`The sheet's headers and the field each is read as (skip: not read).`}`,
    "  columns:",
    ...Object.entries(guessed.columns).map(([header, field]) => `    ${quote(header)}: ${field}`),
    "",
    `# ${t`The ${units.length} units read from the sheet now (id: name), for focus: and targets:`}`,
    ...units
      .slice(0, 500)
      .map((u) => `#   ${String(u.id)}: ${comment(typeof u.name === "string" ? u.name : "")}`),
    "",
    `# sources: # ${t`where the figures are from`}`,
    `#   - { publisher: …, title: …, date: YYYY-MM-DD }`,
  );
  return `${lines.join("\n")}\n`;
}
