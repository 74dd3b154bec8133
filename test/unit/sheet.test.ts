/**
 * Units from the statistics unit's spreadsheet: the same units a YAML list gives, read from a
 * workbook laid out as an Indonesian office exports it (title rows, a header merged over two
 * rows, thousands shown with dots by the cells' format, a "Jumlah" row), and every problem at
 * its cell. Workbooks are made here by exceljs; nothing binary is checked in.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkFile } from "../../src/check/check-file.js";
import { BriefingError, formatError, formatIssue } from "../../src/errors.js";
import { setMessageLanguage } from "../../src/locale/messages.js";
import { briefingTarget } from "../../src/preview/watch.js";
import { removeTempDirs, tempDir } from "../support/files.js";
import {
  briefingYaml,
  fromSheet,
  OFFICE_COLUMNS,
  officeWorkbook,
  PROVINCES,
  SHEET,
  TOTAL,
  unitsAsYaml,
  writeWorkbook,
} from "../support/sheets.js";

setMessageLanguage("en");
afterAll(removeTempDirs);

async function refusal(file: string): Promise<string> {
  try {
    await checkFile(file);
  } catch (error) {
    if (error instanceof BriefingError) return formatError(error);
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

function folder(units: string, extra = ""): { dir: string; yaml: string } {
  const dir = tempDir("briefing-sheet-");
  const yaml = path.join(dir, "2020-10.yaml");
  writeFileSync(yaml, briefingYaml(units, extra));
  return { dir, yaml };
}

/** A briefing whose units are read from the office's workbook, made by `officeWorkbook(...)`. */
async function officeBriefing(
  ...made: Parameters<typeof officeWorkbook>
): Promise<{ dir: string; yaml: string }> {
  const briefing = folder(fromSheet(OFFICE_COLUMNS));
  await writeWorkbook(briefing.dir, "kepesertaan.xlsx", officeWorkbook(...made));
  return briefing;
}

describe("units from an office's workbook", () => {
  it("gives the units, figures and derived totals the YAML list gives", async () => {
    const { yaml } = await officeBriefing();
    const list = folder(unitsAsYaml());
    const fromSheetChecked = await checkFile(yaml);
    const fromList = await checkFile(list.yaml);
    expect(fromSheetChecked.issues).toEqual([]);
    expect(fromSheetChecked.briefing.units.map((u) => [u.id, u.name, u.members])).toEqual(
      fromList.briefing.units.map((u) => [u.id, u.name, u.members]),
    );
    expect(fromSheetChecked.derived.region.members?.value).toBe(TOTAL);
    expect(fromSheetChecked.derived.units.map((u) => u.coverage ?? u.share)).toEqual(
      fromList.derived.units.map((u) => u.coverage ?? u.share),
    );
    // The "Jumlah" row is the region's stated total, not a sixth unit; the source line below is ignored.
    expect(fromSheetChecked.briefing.units).toHaveLength(PROVINCES.length);
    expect(fromSheetChecked.briefing.region.stated?.members).toBe(TOTAL);
    expect(fromSheetChecked.briefing.region.stated?.segments?.pu?.members).toBe(
      PROVINCES.reduce((s, p) => s + p.pu, 0),
    );
  });

  it("checks the Jumlah row against the units' sum, and says so at its cell", async () => {
    const { yaml } = await officeBriefing(undefined, TOTAL + 1000);
    const checked = await checkFile(yaml);
    const said = checked.issues.map(formatIssue).join("\n");
    expect(said).toContain(`kepesertaan.xlsx [${SHEET}] F11: warning: region.stated.members`);
  });

  it("reads an id column when there is one, and a formula's saved value", async () => {
    const { dir, yaml } = folder(fromSheet(`{ Provinsi: name, Kode: id }`));
    await writeWorkbook(
      dir,
      "kepesertaan.xlsx",
      officeWorkbook((ws) => {
        ws.spliceColumns(6, 1);
        ws.getCell("F4").value = "Kode";
        PROVINCES.forEach((p, i) => {
          ws.getCell(`F${6 + i}`).value = i === 0 ? "sumatera-selatan" : p.id;
        });
        ws.getCell("C6").value = { formula: "1652000+310", result: 1652310 };
      }),
    );
    const checked = await checkFile(yaml);
    expect(checked.briefing.units.map((u) => u.id)).toEqual([
      "sumatera-selatan",
      ...PROVINCES.slice(1).map((p) => p.id),
    ]);
    expect(checked.briefing.units[0]?.members).toEqual({ pu: 1652310, bpu: 418907, jakon: 845058 });
  });
});

describe("a problem in the sheet is said at its cell", () => {
  it("names file, sheet and cell for a number stored as text, with the hint to store it as a number", async () => {
    const { yaml } = await officeBriefing((ws) => {
      ws.getCell("C7").value = "1.402.116";
    });
    const said = await refusal(yaml);
    expect(said).toContain(
      `kepesertaan.xlsx [${SHEET}] C7: error: units[1].members.pu: wrong value (expected a whole number, found the text "1.402.116")`,
    );
    expect(said).toMatch(/hint: store it as a number/);
  });

  it("says every problem of the sheet at once, the schema's at their cells too", async () => {
    const { yaml } = await officeBriefing((ws) => {
      ws.getCell("C7").value = "1.402.116";
      ws.getCell("D8").value = { formula: "D1*2" } as never;
      ws.getCell("E9").value = -5;
      ws.getCell("D10").value = { error: "#N/A" };
    });
    const said = await refusal(yaml);
    expect(said).toContain(`[${SHEET}] C7: error`);
    expect(said).toContain(
      `[${SHEET}] D8: error: units[2].members.bpu: a formula without a saved value (found =D1*2)`,
    );
    expect(said).toContain(
      `[${SHEET}] E9: error: units[3].members.jakon: wrong value (expected a count ≥ 0, found -5)`,
    );
    expect(said).toContain(
      `[${SHEET}] D10: error: units[4].members.bpu: the cell shows the error #N/A`,
    );
  });

  it("reads an empty cell as a missing count, not as 0", async () => {
    const { yaml } = await officeBriefing((ws) => {
      ws.getCell("D7").value = null;
    });
    const said = await refusal(yaml);
    expect(said).toMatch(new RegExp(`\\[${SHEET}\\] D7: error: units\\[1\\]\\.members`));
  });

  it("refuses a column it does not know, at its header, with the mapping to write", async () => {
    const { dir, yaml } = folder(fromSheet(`{ Provinsi: name }`));
    await writeWorkbook(dir, "kepesertaan.xlsx", officeWorkbook());
    const said = await refusal(yaml);
    expect(said).toContain(`[${SHEET}] F4: error: the column "Total" is not a field of a unit`);
    expect(said).toContain(`columns: { "Total": skip }`);
  });

  it("points a mapped header the sheet does not have at its line in the YAML", async () => {
    const { dir, yaml } = folder(fromSheet(`{ Provinsi: name, Total: skip, "Kab/Kota": name }`));
    await writeWorkbook(dir, "kepesertaan.xlsx", officeWorkbook());
    const said = await refusal(yaml);
    expect(said).toMatch(
      /2020-10\.yaml:14:\d+: error: units\.columns\.Kab\/Kota: no column of kepesertaan\.xlsx is headed "Kab\/Kota"/,
    );
  });

  it("points a mapping to a field units do not have at its line in the YAML", async () => {
    const { dir, yaml } = folder(fromSheet(`{ Provinsi: name, Total: stated.member }`));
    await writeWorkbook(dir, "kepesertaan.xlsx", officeWorkbook());
    const said = await refusal(yaml);
    expect(said).toMatch(
      /2020-10\.yaml:14:\d+: error: units\.columns\.Total: wrong value \(expected skip, or one of id, name, .*stated\.members.*, found the text "stated\.member"\)/,
    );
  });

  it("keeps a name that starts like a formula as the text it is", async () => {
    // An id column keeps the focus's id whatever the names say.
    const { dir: d2, yaml: y2 } = folder(fromSheet(`{ Provinsi: name, Total: skip, Kode: id }`));
    await writeWorkbook(
      d2,
      "kepesertaan.xlsx",
      officeWorkbook((ws) => {
        ws.getCell("G4").value = "Kode";
        PROVINCES.forEach((p, i) => {
          ws.getCell(`G${6 + i}`).value = i === 0 ? "sumatera-selatan" : p.id;
        });
        ws.getCell("B6").value = '=HYPERLINK("http://example.com","x")';
        ws.getCell("B7").value = "@SUM(1)";
      }),
    );
    const ok = await checkFile(y2);
    expect(ok.briefing.units[0]?.name).toBe('=HYPERLINK("http://example.com","x")');
    expect(ok.briefing.units[1]?.name).toBe("@SUM(1)");
  });
});

describe("units from a CSV export", () => {
  const header = "Kabupaten/Kota;PU;BPU;Jakon";
  const rows = PROVINCES.map((p) => `${p.name};${p.pu};${p.bpu};${p.jakon}`);

  it("reads ; as the delimiter and skips the BOM Excel writes", async () => {
    const { dir, yaml } = folder(`units: { from: peserta.csv, columns: { Kabupaten/Kota: name } }`);
    writeFileSync(
      path.join(dir, "peserta.csv"),
      `\uFEFF${[header, ...rows, `Jumlah;;;`].join("\r\n")}\r\n`,
    );
    const checked = await checkFile(yaml);
    expect(checked.briefing.units.map((u) => u.members)).toEqual(
      PROVINCES.map((p) => ({ pu: p.pu, bpu: p.bpu, jakon: p.jakon })),
    );
  });

  it("refuses thousands dots at the cell unless the YAML says the file writes them", async () => {
    const dotted = (n: number) => n.toLocaleString("id-ID");
    const text = [
      "Rekap peserta;;;",
      header,
      ...PROVINCES.map((p) => `${p.name};${dotted(p.pu)};${dotted(p.bpu)};${dotted(p.jakon)}`),
    ].join("\n");
    const plain = folder(`units: { from: peserta.csv, columns: { Kabupaten/Kota: name } }`);
    writeFileSync(path.join(plain.dir, "peserta.csv"), text);
    const said = await refusal(plain.yaml);
    expect(said).toContain(
      `peserta.csv B3: error: units[0].members.pu: wrong value (expected a whole number, found the text "1.652.310")`,
    );
    expect(said).toContain(`thousands: "."`);
    const decimals = folder(`units: { from: cakupan.csv, columns: { Kabupaten/Kota: name } }`);
    writeFileSync(
      path.join(decimals.dir, "cakupan.csv"),
      "Kabupaten/Kota;stated.coverage\nKota Jambi;36,7\n",
    );
    expect(await refusal(decimals.yaml)).toContain(
      'cakupan.csv B2: error: units[0].stated.coverage: wrong value (expected a number (63 means 63 %), found the text "36,7")\n  hint: write the decimal with a point (36.7)',
    );
    const told = folder(
      `units: { from: peserta.csv, thousands: ".", columns: { Kabupaten/Kota: name } }`,
    );
    writeFileSync(path.join(told.dir, "peserta.csv"), text);
    const checked = await checkFile(told.yaml);
    expect(checked.briefing.units[0]?.members).toEqual({ pu: 1652310, bpu: 418907, jakon: 845058 });
  });
});

describe("the preview's watch of a briefing's folder", () => {
  it("rebuilds when a workbook or CSV beside it is saved, not for Excel's lock file", () => {
    const target = briefingTarget("data/sumbagsel/2020-10.yaml");
    expect(target.accepts("2020-10.yaml")).toBe(true);
    expect(target.accepts("kepesertaan.xlsx")).toBe(true);
    expect(target.accepts("peserta.CSV")).toBe(true);
    expect(target.accepts("~$kepesertaan.xlsx")).toBe(false);
    expect(target.accepts("2020-11.yaml")).toBe(false);
  });
});
