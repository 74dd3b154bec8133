/**
 * Units from a sheet, as a user runs briefing: `check` reads the workbook beside the YAML and
 * gives the figures the YAML list gives; a number stored as text fails at its cell; an archive
 * rebuilds a briefing whose sheet alone changed, and lists the sheet among its inputs.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildArchive } from "../../src/archive/run.js";
import { briefing } from "../support/cli.js";
import { removeTempDirs, tempDir } from "../support/files.js";
import {
  briefingYaml,
  fromSheet,
  OFFICE_COLUMNS,
  officeWorkbook,
  SHEET,
  unitsAsYaml,
  writeWorkbook,
} from "../support/sheets.js";

afterAll(removeTempDirs);

const en = { LANG: "en_GB.UTF-8", LC_ALL: "" };

describe("briefing check with units: { from: … }", () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir("briefing-sheet-e2e-");
    await writeWorkbook(dir, "kepesertaan.xlsx", officeWorkbook());
    writeFileSync(path.join(dir, "from-sheet.yaml"), briefingYaml(fromSheet(OFFICE_COLUMNS)));
    writeFileSync(path.join(dir, "from-list.yaml"), briefingYaml(unitsAsYaml()));
  });

  it("exits 0, and the built page's figures are the YAML list's", () => {
    const checked = briefing(["check", path.join(dir, "from-sheet.yaml")], en);
    expect(checked.stderr).toBe("");
    expect(checked.status).toBe(0);
    const out = path.join(dir, "out");
    for (const name of ["from-sheet", "from-list"]) {
      const run = briefing(["build", path.join(dir, `${name}.yaml`), "-f", "html", "-o", out], en);
      expect(run.status, run.stderr).toBe(0);
    }
    const text = (name: string) =>
      readFileSync(path.join(out, `${name}.html`), "utf8")
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ");
    const figures = (name: string) => text(name).match(/\d{1,3}(\.\d{3})+|\d+,\d+%/g) ?? [];
    expect(figures("from-sheet").length).toBeGreaterThan(20);
    expect(figures("from-sheet")).toEqual(figures("from-list"));
  });

  it("exits 1 for a number stored as text and names the file, the sheet and the cell", async () => {
    const bad = tempDir("briefing-sheet-e2e-");
    await writeWorkbook(
      bad,
      "kepesertaan.xlsx",
      officeWorkbook((ws) => {
        ws.getCell("C7").value = "1.402.116";
      }),
    );
    writeFileSync(path.join(bad, "2020-10.yaml"), briefingYaml(fromSheet(OFFICE_COLUMNS)));
    const run = briefing(["check", path.join(bad, "2020-10.yaml")], en);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${path.join(bad, "kepesertaan.xlsx")} [${SHEET}] C7: error:`);
    expect(run.stderr).toContain('found the text "1.402.116"');
  });
});

describe("an archive whose units come from a sheet", () => {
  it("lists the sheet as an input and rebuilds the briefing when only the sheet changed", async () => {
    const root = tempDir("briefing-sheet-archive-");
    const data = path.join(root, "data");
    const out = path.join(root, "out");
    const series = path.join(data, "sumbagsel");
    mkdirSync(series, { recursive: true });
    await writeWorkbook(series, "kepesertaan.xlsx", officeWorkbook());
    writeFileSync(path.join(series, "2020-10.yaml"), briefingYaml(fromSheet(OFFICE_COLUMNS)));
    const first = await buildArchive({ dataDir: data, outDir: out, formats: ["html"] });
    expect(first.failed).toEqual([]);
    expect(first.built).toEqual(["2020-10/sumbagsel"]);
    const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8")) as {
      briefings: { inputs: { path: string }[] }[];
    };
    expect(manifest.briefings[0]?.inputs.map((i) => i.path)).toEqual([
      path.join("..", "data", "sumbagsel", "2020-10.yaml"),
      path.join("..", "data", "sumbagsel", "kepesertaan.xlsx"),
    ]);

    const unchanged = await buildArchive({ dataDir: data, outDir: out, formats: ["html"] });
    expect(unchanged.skipped).toEqual(["2020-10/sumbagsel"]);

    await writeWorkbook(
      series,
      "kepesertaan.xlsx",
      officeWorkbook((ws) => {
        ws.getCell("C6").value = 1652311;
      }),
    );
    const changed = await buildArchive({ dataDir: data, outDir: out, formats: ["html"] });
    expect(changed.failed).toEqual([]);
    expect(changed.built).toEqual(["2020-10/sumbagsel"]);
    expect(readFileSync(path.join(out, "2020-10", "sumbagsel.html"), "utf8")).toContain(
      "1.652.311",
    );
  });
});

describe("an archival PDF of a briefing whose units come from a sheet", () => {
  it("attaches the sheet beside the YAML, and verify derives the figures again from both", async () => {
    const dir = tempDir("briefing-sheet-pdfa-");
    await writeWorkbook(dir, "kepesertaan.xlsx", officeWorkbook());
    writeFileSync(path.join(dir, "sumbagsel.yaml"), briefingYaml(fromSheet(OFFICE_COLUMNS)));
    const out = path.join(dir, "out");
    const run = briefing(
      ["build", path.join(dir, "sumbagsel.yaml"), "--pdfa", "-f", "pdf", "-o", out],
      en,
    );
    expect(run.status, run.stderr).toBe(0);
    const pdf = path.join(out, "sumbagsel.pdf");
    const detached = tempDir("briefing-sheet-detached-");
    execFileSync("pdfdetach", ["-saveall", "-o", detached, pdf]);
    expect(readdirSync(detached).sort()).toEqual([
      "briefing-figures.json",
      "kepesertaan.xlsx",
      "sumbagsel.yaml",
    ]);
    expect(readFileSync(path.join(detached, "kepesertaan.xlsx"))).toEqual(
      readFileSync(path.join(dir, "kepesertaan.xlsx")),
    );
    const record = JSON.parse(readFileSync(path.join(detached, "briefing-figures.json"), "utf8"));
    expect(record.files.map((f: { role: string }) => f.role)).toEqual(["briefing", "sheet"]);
    const verified = briefing(["verify", pdf], en);
    expect(verified.stdout).toContain("matches its data");
    expect(verified.status).toBe(0);
  });
});

describe("briefing import <file.xlsx|csv>", () => {
  const fill = (text: string) =>
    text
      .replace(/^( {2}name): ~ # TODO.*$/m, "$1: BPJS Ketenagakerjaan")
      .replace(/^( {2}as_of): ~ # TODO.*$/m, "$1: 2020-10")
      .replace(/^( {2}name): ~ # TODO.*$/m, "$1: Sumbagsel")
      .replace(/^( {2}unit_label): ~ # TODO.*$/m, "$1: provinsi");

  it("writes a commented skeleton that parses, is refused until its TODOs are filled, and then builds", async () => {
    const dir = tempDir("briefing-import-");
    await writeWorkbook(dir, "kepesertaan.xlsx", officeWorkbook());
    const yaml = path.join(dir, "sumbagsel.yaml");
    const run = briefing(
      ["import", path.join(dir, "kepesertaan.xlsx"), "--sheet", SHEET, "-o", yaml],
      en,
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("5 units");
    const skeleton = readFileSync(yaml, "utf8");
    const parsed = parse(skeleton) as Record<string, unknown>;
    expect(parsed.units).toEqual({
      from: "kepesertaan.xlsx",
      sheet: SHEET,
      columns: {
        Provinsi: "name",
        "Jumlah Peserta / PU": "pu",
        "Jumlah Peserta / BPU": "bpu",
        "Jumlah Peserta / Jakon": "jakon",
        Total: "stated.members",
      },
    });
    expect(skeleton).toContain("#   sumatera-selatan: Sumatera Selatan");
    expect(skeleton.match(/# TODO/g)).toHaveLength(4);

    const unfilled = briefing(["check", yaml], en);
    expect(unfilled.status).toBe(1);
    expect(unfilled.stderr).toMatch(/sumbagsel\.yaml:\d+:\d+: error: period\.as_of/);

    writeFileSync(yaml, fill(skeleton));
    const built = briefing(["build", yaml, "-f", "html", "-o", path.join(dir, "out")], en);
    expect(built.stderr).toBe("");
    expect(built.status).toBe(0);
    const html = readFileSync(path.join(dir, "out", "sumbagsel.html"), "utf8");
    expect(html).toContain("Kepulauan Bangka Belitung");
    expect(html).toContain("7.952.597");
  });

  it("imports a semicolon CSV export, and will not write over a file", () => {
    const dir = tempDir("briefing-import-");
    writeFileSync(
      path.join(dir, "peserta.csv"),
      "\uFEFFNo;Kabupaten/Kota;Peserta;Keterangan\r\n1;Kota Palembang;120;\r\n2;Kab. Banyuasin;80;baru\r\n",
    );
    const run = briefing(["import", path.join(dir, "peserta.csv")], en);
    expect(run.status, run.stderr).toBe(0);
    const skeleton = readFileSync(path.join(dir, "peserta.yaml"), "utf8");
    expect((parse(skeleton) as { units: unknown }).units).toEqual({
      from: "peserta.csv",
      columns: { "Kabupaten/Kota": "name", Peserta: "peserta", Keterangan: "skip" },
    });
    expect(skeleton).toContain("#   kab-banyuasin: Kab. Banyuasin");
    writeFileSync(path.join(dir, "peserta.yaml"), fill(skeleton));
    expect(briefing(["check", path.join(dir, "peserta.yaml")], en).status).toBe(0);
    const again = briefing(["import", path.join(dir, "peserta.csv")], en);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("already there");
  });
});
