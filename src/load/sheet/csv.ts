/**
 * A CSV file into a Table, with csv-parse. Every cell of a CSV is text: plain digits (with a
 * decimal point) are numbers, and anything else stays text, for units.ts to refuse where a
 * number belongs. "1.652.310" is a number only when the briefing says its thousands are
 * written with dots (`thousands: "."`): read otherwise, it is 1.652 or an error, never a guess.
 */
import { parse } from "csv-parse/sync";
import type { Issue } from "../../errors.js";
import { t } from "../../locale/messages.js";
import type { Cell, CellValue } from "./table.js";
import type { Read, SheetLimits } from "./xlsx.js";

export type Thousands = "." | ",";

export function readCsv(
  file: string,
  bytes: Buffer,
  thousands: Thousands | undefined,
  limits: SheetLimits,
): Read {
  const fail = (message: string, extra: Partial<Issue> = {}): Read => ({
    issues: [{ severity: "error", file, message, ...extra }],
  });
  let text: string;
  try {
    // The BOM Excel writes before "CSV UTF-8" is dropped by the decoder.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail(t`is not UTF-8 text`, {
      hint: t`Save it again as "CSV UTF-8 (Comma delimited)" (Excel) or with the UTF-8 character set (LibreOffice).`,
    });
  }
  if (text.includes("\u0000")) return fail(t`is a binary file, not CSV text`);
  const delimiter = delimiterOf(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      to_line: limits.maxRows + 1,
    }) as string[][];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /line (\d+)/i.exec(message)?.[1];
    return fail(t`could not be read as CSV`, {
      found: message.split("\n")[0] ?? message,
      ...(line ? { line: Number(line) } : {}),
    });
  }
  if (records.length > limits.maxRows) {
    return fail(t`the file has more than ${limits.maxRows} rows`, {
      expected: t`at most ${limits.maxRows} rows`,
      hint: t`A briefing holds at most 500 units; copy its rows into a file of their own.`,
    });
  }
  const widest = Math.max(0, ...records.map((r) => r.length));
  if (widest > limits.maxColumns) {
    return fail(t`the file has ${widest} columns`, {
      expected: t`at most ${limits.maxColumns} columns`,
    });
  }
  const rows: Cell[][] = records.map((record) =>
    record.map((field) => ({ value: cellValueOf(field, thousands) })),
  );
  return { table: { file, rows } };
}

/**
 * `;` where most lines use it (what Excel writes for CSV where the decimal is a comma, as in
 * Indonesia), a tab likewise, else `,`. Counted outside quotes, over the first 50 lines.
 */
export function delimiterOf(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .slice(0, 50);
  const outside = (line: string) => line.replace(/"[^"]*"/g, "");
  for (const candidate of [";", "\t"]) {
    const using = lines.filter((line) => outside(line).includes(candidate)).length;
    if (lines.length > 0 && using * 2 >= lines.length) return candidate;
  }
  return ",";
}

function cellValueOf(field: string, thousands: Thousands | undefined): CellValue {
  const text = field.trim();
  if (text === "") return { kind: "empty" };
  // With dots for thousands, a point is no decimal: "36.7" is then text, not a guess.
  const plain = thousands === "." ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
  if (plain.test(text)) return { kind: "number", value: Number(text) };
  if (thousands === "." && /^-?\d{1,3}(\.\d{3})*(,\d+)?$/.test(text)) {
    return { kind: "number", value: Number(text.replaceAll(".", "").replace(",", ".")) };
  }
  if (thousands === "," && /^-?\d{1,3}(,\d{3})*(\.\d+)?$/.test(text)) {
    return { kind: "number", value: Number(text.replaceAll(",", "")) };
  }
  return { kind: "text", text: field };
}
