/**
 * Comparisons with any earlier period: the archive compares each period with the latest
 * earlier one of its series, whatever the gap, and with the same month a year earlier; a single
 * file is compared with the file `--compare` names. Where no comparison is possible, nothing
 * pretends there is one.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildArchive } from "../../src/archive/run.js";
import { briefing } from "../support/cli.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { pdfText } from "../support/pdf.js";

afterAll(removeTempDirs);

const flat = (text: string): string => text.replace(/\s+/g, " ");

describe("an archive series with gaps: March 2023, January 2024, March 2024", () => {
  let out: string;
  let data: string;
  beforeAll(async () => {
    data = tempDir();
    cpSync(path.join(ROOT, "test/fixtures/archive-gaps"), data, { recursive: true });
    out = tempDir();
    const result = await buildArchive({ dataDir: data, outDir: out });
    expect(result.failed).toEqual([]);
  });

  it("compares January 2024 with March 2023, ten months before, and says since when", () => {
    const t = flat(pdfText(path.join(out, "2024-01/gamma.pdf")));
    expect(t).toContain("+80 sejak Maret 2023");
    expect(t).toContain(
      "Dibandingkan Maret 2023, Gamma mencatat tambahan 80 peserta (16,0 persen).",
    );
  });

  it("compares March 2024 with January 2024 and with March 2023, a year earlier", () => {
    const t = flat(pdfText(path.join(out, "2024-03/gamma.pdf")));
    expect(t).toContain("+40 sejak Januari 2024");
    expect(t).toContain("+120 dibanding Maret 2023");
    expect(t).toContain("Dibandingkan Januari 2024, Gamma mencatat tambahan 40 peserta");
    expect(t).toContain(
      "Dibandingkan Maret 2023, setahun sebelumnya, Gamma mencatat tambahan 120 peserta",
    );
    // Both comparisons are columns of the unit table.
    expect(t).toMatch(/Unit A 420 .* \+40 \+120/);
  });

  it("records both earlier files as inputs, so a change to either rebuilds March 2024", () => {
    const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8")) as {
      briefings: { period: string; inputs: { path: string; role?: string; period?: string }[] }[];
    };
    const march = manifest.briefings.find((b) => b.period === "2024-03");
    expect(march?.inputs.map((i) => [path.basename(i.path), i.role, i.period])).toEqual([
      ["2024-03.yaml", undefined, undefined],
      ["2024-01.yaml", "latest", "2024-01"],
      ["2023-03.yaml", "year", "2023-03"],
    ]);
  });

  it("shows no change for the first period, and says nothing of one", () => {
    expect(pdfText(path.join(out, "2023-03/gamma.pdf"))).not.toMatch(/sejak|dibanding/i);
  });

  it("derives no change across a break in the series", async () => {
    const file = path.join(data, "gamma/2024-03.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "period: { as_of: 2024-03 }",
        "period: { as_of: 2024-03, series_break: true }",
      ),
    );
    const result = await buildArchive({ dataDir: data, outDir: out });
    expect(result.built).toEqual(["2024-03/gamma"]);
    expect(pdfText(path.join(out, "2024-03/gamma.pdf"))).not.toMatch(/sejak|dibanding/i);
  });
});

describe("briefing build <file> --compare <earlier file>", () => {
  const cli = (args: string[]) => briefing(args);

  it("compares one file with the earlier file named, seven months before", () => {
    const out = tempDir();
    const run = cli([
      "build",
      "data/muba/2025-07.yaml",
      "--compare",
      "data/muba/2024-12.yaml",
      "-o",
      out,
    ]);
    expect(run.status).toBe(0);
    const t = flat(pdfText(path.join(out, "muba-2025-07.pdf")));
    expect(t).toContain("+14.121 sejak Desember 2024");
  });

  it("refuses a file that is not earlier, at its period, with exit 1", () => {
    const run = cli([
      "build",
      "data/muba/2024-12.yaml",
      "--compare",
      "data/muba/2025-07.yaml",
      "-o",
      tempDir(),
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /data\/muba\/2025-07\.yaml:\d+:\d+: error: period\.as_of: is not an earlier period/,
    );
  });

  it("is a usage error with several files or a data folder (exit 2)", () => {
    const twice = cli([
      "build",
      "data/muba/2025-07.yaml",
      "data/muba/2024-12.yaml",
      "--compare",
      "data/muba/2024-12.yaml",
      "-o",
      tempDir(),
    ]);
    expect(twice.status).toBe(2);
    expect(
      cli(["build", "data", "--compare", "data/muba/2024-12.yaml", "-o", tempDir()]).status,
    ).toBe(2);
  });

  it("builds without a comparison when none is named: nothing pretends there is one", () => {
    const out = tempDir();
    expect(cli(["build", "data/muba/2025-07.yaml", "-o", out]).status).toBe(0);
    expect(pdfText(path.join(out, "muba-2025-07.pdf"))).not.toContain("sejak");
  });
});
