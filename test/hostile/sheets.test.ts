/**
 * Hostile workbooks and CSV files given as a briefing's units: each is bounded, refused with a
 * clear error, or kept as inert text. A zip bomb, honest or lying about its size, is stopped
 * before exceljs inflates it; a 21 MB file is refused before it is read; ten thousand rows and
 * more are refused; external links are refused; hyperlinks are read as their shown text; names
 * that a spreadsheet would run as formulas stay text in the page and in the XLSX written.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { renderFile, shared } from "../../src/build.js";
import { checkFile } from "../../src/check/check-file.js";
import { BriefingError, formatError } from "../../src/errors.js";
import { xlsxOf } from "../../src/formats/xlsx.js";
import { checkZip } from "../../src/load/sheet/zip-guard.js";
import { setMessageLanguage } from "../../src/locale/messages.js";
import { removeTempDirs, tempDir } from "../support/files.js";
import {
  briefingYaml,
  fromSheet,
  OFFICE_COLUMNS,
  officeWorkbook,
  PROVINCES,
  SHEET,
} from "../support/sheets.js";

setMessageLanguage("en");
afterAll(removeTempDirs);

const MB = 1024 * 1024;

function folder(units = fromSheet(OFFICE_COLUMNS)): { dir: string; yaml: string } {
  const dir = tempDir("briefing-hostile-sheet-");
  const yaml = path.join(dir, "2020-10.yaml");
  writeFileSync(yaml, briefingYaml(units));
  return { dir, yaml };
}

async function refusal(file: string): Promise<string> {
  const started = performance.now();
  try {
    await checkFile(file);
  } catch (error) {
    if (!(error instanceof BriefingError)) throw error;
    // Every refusal here is quick: nothing is inflated, parsed or computed past its bound.
    expect(performance.now() - started).toBeLessThan(5_000);
    return formatError(error);
  }
  throw new Error(`${file} was accepted`);
}

const workbookBytes = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

/** The office's workbook with one more zip entry, as `edit` makes it. */
async function withEntry(name: string, data: Uint8Array | string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await workbookBytes(officeWorkbook()));
  zip.file(name, data);
  return Buffer.from(await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
}

/** A zip whose entry `name` says it inflates to `size` bytes, in both of its headers. */
function lyingAbout(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const encoded = Buffer.from(name);
  for (let i = 0; i < out.length - 4; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50 && out.subarray(i + 30, i + 30 + encoded.length).equals(encoded)) {
      out.writeUInt32LE(size, i + 22);
    }
    if (sig === 0x02014b50 && out.subarray(i + 46, i + 46 + encoded.length).equals(encoded)) {
      out.writeUInt32LE(size, i + 24);
    }
  }
  return out;
}

describe("hostile workbooks", () => {
  it("refuses a file over 20 MB before reading it", async () => {
    const { dir, yaml } = folder();
    // Zeros are no zip: had it been read, the refusal would say so instead.
    writeFileSync(path.join(dir, "kepesertaan.xlsx"), Buffer.alloc(21 * MB));
    const said = await refusal(yaml);
    expect(said).toMatch(
      /units\.from: the sheet is too large to read \(expected at most 20971520 bytes, found 22020096 bytes\)/,
    );
  });

  it("refuses a zip bomb that says what it is, from its declared sizes", async () => {
    const { dir, yaml } = folder();
    const bomb = await withEntry("xl/media/zeros.bin", new Uint8Array(60 * MB));
    expect(bomb.length).toBeLessThan(1 * MB);
    writeFileSync(path.join(dir, "kepesertaan.xlsx"), bomb);
    const said = await refusal(yaml);
    expect(said).toContain(
      "kepesertaan.xlsx: error: the workbook unpacks to more than 52428800 bytes",
    );
  });

  it("refuses a zip bomb that lies about its size, by inflating it no further than the limit", async () => {
    const bomb = lyingAbout(
      await withEntry("xl/media/zeros.bin", new Uint8Array(60 * MB)),
      "xl/media/zeros.bin",
      100,
    );
    // The declared sizes alone would pass it.
    expect(checkZip(bomb, { maxEntries: 2000, maxInflated: 50 * MB })).toEqual({
      problem: { kind: "too-large", inflated: 50 * MB + 1 },
    });
    const { dir, yaml } = folder();
    writeFileSync(path.join(dir, "kepesertaan.xlsx"), bomb);
    expect(await refusal(yaml)).toContain("the workbook unpacks to more than");
  });

  it("refuses a sheet of more than 10,000 rows, and a CSV of as many lines", async () => {
    const { dir, yaml } = folder();
    const wb = officeWorkbook((ws) => {
      for (let r = 20; r <= 10_020; r++) ws.getCell(`B${r}`).value = `x${r}`;
    });
    writeFileSync(path.join(dir, "kepesertaan.xlsx"), await workbookBytes(wb));
    expect(await refusal(yaml)).toContain(
      `kepesertaan.xlsx [${SHEET}]: error: the sheet has 10020 rows (expected at most 10000 rows)`,
    );
    const csv = folder(`units: { from: peserta.csv }`);
    writeFileSync(
      path.join(csv.dir, "peserta.csv"),
      `name,pu,bpu,jakon\n${"Kota X,1,2,3\n".repeat(1_000_000)}`,
    );
    expect(await refusal(csv.yaml)).toContain(
      "peserta.csv: error: the file has more than 10000 rows",
    );
  });

  it("refuses a workbook that links to other workbooks", async () => {
    const { dir, yaml } = folder();
    writeFileSync(
      path.join(dir, "kepesertaan.xlsx"),
      await withEntry("xl/externalLinks/externalLink1.xml", "<externalLink/>"),
    );
    const said = await refusal(yaml);
    expect(said).toContain("kepesertaan.xlsx: error: the workbook links to other workbooks");
    expect(said).toContain("Break Link");
  });

  it("reads a cell's hyperlink as its shown text and never keeps the link", async () => {
    const { dir, yaml } = folder();
    const wb = officeWorkbook((ws) => {
      ws.getCell("B8").value = { text: "Jambi", hyperlink: "file:///etc/passwd" };
    });
    writeFileSync(path.join(dir, "kepesertaan.xlsx"), await workbookBytes(wb));
    const checked = await checkFile(yaml);
    expect(checked.briefing.units[2]?.name).toBe("Jambi");
    expect(JSON.stringify(checked.briefing)).not.toContain("passwd");
  });

  it("never computes a formula: its saved value is read, and one without is an error at its cell", async () => {
    const { dir, yaml } = folder();
    const wb = officeWorkbook((ws) => {
      ws.getCell("C6").value = { formula: 'WEBSERVICE("http://127.0.0.1:9/")', result: 1652310 };
      ws.getCell("D6").value = { formula: "1+1" } as never;
    });
    writeFileSync(path.join(dir, "kepesertaan.xlsx"), await workbookBytes(wb));
    const said = await refusal(yaml);
    expect(said).toContain(
      `[${SHEET}] D6: error: units[0].members.bpu: a formula without a saved value (found =1+1)`,
    );
    expect(said).not.toContain("C6");
  });

  it("keeps a sheet in the YAML's folder: no absolute path, no way up, no link out, no folder", async () => {
    const outside = tempDir("briefing-outside-");
    writeFileSync(path.join(outside, "secret.xlsx"), await workbookBytes(officeWorkbook()));
    for (const [from, message] of [
      [path.join(outside, "secret.xlsx"), "the sheet is named by an absolute path or an address"],
      ["../secret.xlsx", "the sheet is outside the YAML's folder"],
      ["link.xlsx", "the sheet is outside the YAML's folder"],
      ["folder.xlsx", "the sheet is not a regular file"],
      ["kepesertaan.xls", "not a file briefing reads units from"],
    ] as const) {
      const { dir, yaml } = folder(`units: { from: ${JSON.stringify(from)}, sheet: "${SHEET}" }`);
      symlinkSync(path.join(outside, "secret.xlsx"), path.join(dir, "link.xlsx"));
      mkdirSync(path.join(dir, "folder.xlsx"));
      const said = await refusal(yaml);
      expect(said).toMatch(
        new RegExp(
          `2020-10\\.yaml:\\d+:\\d+: error: units\\.from: ${message.replace(/[.()]/g, "\\$&")}`,
        ),
      );
    }
  });
});

describe("names a spreadsheet would run as formulas (CSV and formula injection)", () => {
  const NAMES = ['=HYPERLINK("http://example.com/x","klik")', "+1+1", "-2+3", "@SUM(1)"];

  it("stay inert text: escaped in the HTML page, quoted as text in the XLSX written", async () => {
    const dir = tempDir("briefing-hostile-sheet-");
    const yaml = path.join(dir, "2020-10.yaml");
    writeFileSync(
      yaml,
      briefingYaml(`units: { from: peserta.csv }`).replace(
        "focus: sumatera-selatan",
        "focus: lampung",
      ),
    );
    const rows = PROVINCES.map((p, i) => {
      const name = i === 1 ? p.name : (NAMES[i === 0 ? 0 : i - 1] ?? p.name);
      return `"${name.replaceAll('"', '""')}",${i === 1 ? "lampung" : `u${i}`},${p.pu},${p.bpu},${p.jakon}`;
    });
    writeFileSync(path.join(dir, "peserta.csv"), ["name,id,pu,bpu,jakon", ...rows].join("\n"));
    const rendered = await renderFile(yaml, {}, shared({}));
    expect(rendered.checked.briefing.units.map((u) => u.name)).toEqual([
      NAMES[0],
      "Lampung",
      NAMES[1],
      NAMES[2],
      NAMES[3],
    ]);
    // Handlebars escapes = and quotes; the page never holds the text as markup or a link.
    expect(rendered.html).toContain(
      "&#x3D;HYPERLINK(&quot;http://example.com/x&quot;,&quot;klik&quot;)",
    );
    expect(rendered.html).not.toContain('HYPERLINK("http');
    expect(rendered.html).not.toMatch(/href="http:\/\/example\.com/);

    const wb = new ExcelJS.Workbook();
    const bytes = await xlsxOf(rendered);
    await wb.xlsx.load(bytes.slice().buffer);
    const cells: ExcelJS.Cell[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === "string" && NAMES.includes(cell.value)) cells.push(cell);
        }),
      );
    }
    expect(cells.length).toBeGreaterThanOrEqual(NAMES.length);
    for (const cell of cells) expect(cell.type).toBe(ExcelJS.ValueType.String);
    const styles = await (await JSZip.loadAsync(bytes)).file("xl/styles.xml")?.async("string");
    expect(styles).toContain('quotePrefix="1"');
  });
});
