/**
 * The README, as tests: build the examples with real Chromium, read the PDFs back as text,
 * and find the figures written the language's way.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltBriefing, build, renderFile, shared } from "../../src/build.js";
import { BriefingError, ExitCode } from "../../src/errors.js";
import { example2018, example2020, removeTempDirs, snapshot, tempDir } from "../support/files.js";
import { pdfFonts, pdfInfo, pdfText } from "../support/pdf.js";
import { descendants } from "../support/processes.js";

afterAll(removeTempDirs);

describe("building the Sumsel audience of 16 November 2020 (Indonesian)", () => {
  let out: string;
  let built: BuiltBriefing[];
  let text: string;
  let html: string;

  beforeAll(async () => {
    out = tempDir();
    built = await build({ files: [example2020, example2018], outDir: out });
    text = pdfText(path.join(out, "sumbagsel-2020-10.pdf"));
    html = readFileSync(path.join(out, "sumbagsel-2020-10.html"), "utf8");
  });

  it("writes <slug>.html and <slug>.pdf for each file and reports their paths", () => {
    expect(built.map((b) => b.slug)).toEqual(["sumbagsel-2020-10", "sumsel-2018-10"]);
    for (const b of built) {
      expect(b.html).toMatch(new RegExp(`${b.slug}\\.html$`));
      expect(b.pdf).toMatch(new RegExp(`${b.slug}\\.pdf$`));
    }
  });

  it("prints the published figures in Indonesian notation", () => {
    expect(text).toContain("7.952.597");
    expect(text).toContain("2.916.275");
    expect(text).toContain("63%");
    expect(text).toContain("36,7%");
    expect(text).toContain("Senin, 16 November 2020");
  });

  it("derives the gap to the governor's target and says it in words", () => {
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain(
      "Coverage share di Sumatera Selatan 36,7 persen, 26,3 poin di bawah target 63 persen",
    );
    expect(flat).toContain("26,3 poin");
  });

  it("marks the illustrative figures on the printed page", () => {
    expect(text).toContain("Data ilustrasi");
  });

  it("numbers every page: Halaman X dari Y", () => {
    const pages = Number(pdfInfo(path.join(out, "sumbagsel-2020-10.pdf")).Pages);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++)
      expect(text).toContain(`Halaman ${page} dari ${pages}`);
  });

  it("embeds every font, and only the shipped Source Sans 3", () => {
    const fonts = pdfFonts(path.join(out, "sumbagsel-2020-10.pdf"));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded).toBe(true);
      expect(font.name).toMatch(/SourceSans3/);
    }
  });

  it("sets the document metadata, dated the day of the meeting", () => {
    const info = pdfInfo(path.join(out, "sumbagsel-2020-10.pdf"));
    expect(info.Title).toBe("Audiensi dengan Gubernur Sumatera Selatan");
    expect(info.Author).toContain("Arief Budiarto");
    expect(info.Subject).toContain("Sumbagsel");
    expect(info.Keywords).toContain("Sumatera Selatan");
    expect(info.CreationDate).toMatch(/^2020-11-16/);
    expect(info.ModDate).toMatch(/^2020-11-16/);
    expect(info["Page size"]).toContain("(A4)");
  });

  it("writes HTML that refers to nothing outside itself", () => {
    // Matches are compared, not the page: a failure shows the offending reference only.
    expect(html.match(/https?:\/\/[^\s"')]*/i)?.[0]).toBeUndefined();
    expect(html.match(/file:[^\s"')]*/i)?.[0]).toBeUndefined();
    for (const match of html.matchAll(/\b(?:src|href)\s*=\s*"([^"]{0,40})/g)) {
      expect(match[1]).toMatch(/^data:/);
    }
    expect(html.includes("7.952.597")).toBe(true);
    expect(html.includes('<html lang="id">')).toBe(true);
  });

  it("shows the second example, from published figures only, with its coverage above 100%", () => {
    const text2018 = pdfText(path.join(out, "sumsel-2018-10.pdf"));
    expect(text2018).toContain("753.088");
    expect(text2018).toContain("201,7%");
    expect(text2018).toContain("26,7%");
    expect(text2018).not.toContain("Data ilustrasi");
  });
});

describe("building in English", () => {
  it("formats numbers, percentages and dates the English way", async () => {
    const out = tempDir();
    await build({ files: [example2020], outDir: out, lang: "en" });
    const text = pdfText(path.join(out, "sumbagsel-2020-10.pdf"));
    expect(text).toContain("7,952,597");
    expect(text).toContain("2,916,275");
    expect(text).toContain("36.7%");
    expect(text).toContain("Monday, 16 November 2020");
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).toContain("Illustrative data");
    const html = readFileSync(path.join(out, "sumbagsel-2020-10.html"), "utf8");
    expect(html.includes('<html lang="en">')).toBe(true);
  });
});

describe("the same input gives the same bytes", () => {
  it("builds twice to identical HTML and PDF", async () => {
    const a = tempDir();
    const b = tempDir();
    await build({ files: [example2020], outDir: a });
    await build({ files: [example2020], outDir: b });
    for (const name of ["sumbagsel-2020-10.html", "sumbagsel-2020-10.pdf"]) {
      expect(readFileSync(path.join(b, name)).equals(readFileSync(path.join(a, name)))).toBe(true);
    }
  });
});

describe("bad input leaves the output folder exactly as it was", () => {
  it("keeps an earlier build's files, byte for byte, when a later build fails", async () => {
    const out = tempDir();
    await build({ files: [example2020], outDir: out, formats: ["html"] });
    const before = snapshot(out);
    const bad = path.join(tempDir(), "broken.yaml");
    const text = readFileSync(example2020, "utf8").replace(
      "members: { pu: 690514,",
      "members: { pu: -690514,",
    );
    writeFileSync(bad, text);

    const failure = await build({ files: [example2020, bad], outDir: out }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BriefingError);
    expect((failure as BriefingError).code).toBe(ExitCode.INVALID_INPUT);
    expect(snapshot(out)).toEqual(before);
  });

  it("does not even create the output folder for bad input", async () => {
    const out = path.join(tempDir(), "not-yet");
    const bad = path.join(tempDir(), "empty.yaml");
    writeFileSync(bad, "");
    await expect(build({ files: [bad], outDir: out })).rejects.toThrow(BriefingError);
    expect(existsSync(out)).toBe(false);
  });

  it("starts no browser when any input is refused, even after a good one", async () => {
    const bad = path.join(tempDir(), "empty.yaml");
    writeFileSync(bad, "");
    const seen = new Set<string>();
    const look = setInterval(() => {
      for (const [pid, name] of descendants()) if (/chrom/i.test(name)) seen.add(`${pid} ${name}`);
    }, 20);
    try {
      await expect(build({ files: [example2020, bad], outDir: tempDir() })).rejects.toThrow(
        BriefingError,
      );
    } finally {
      clearInterval(look);
    }
    expect([...seen]).toEqual([]);
  });
});

describe("a build that writes no page (-f pdf)", () => {
  it("draws each chart once, not again for a phone, and prints the same PDF as one that writes the page", async () => {
    const pdfOnly = shared({});
    const page = await renderFile(example2020, { formats: ["pdf"] }, pdfOnly);
    expect(page.model.charts.length).toBeGreaterThan(1);
    expect(pdfOnly.charts.rendered).toBe(page.model.charts.length);
    expect(page.model.charts.every((chart) => chart.narrow === null)).toBe(true);
    const both = shared({});
    await renderFile(example2020, {}, both);
    expect(both.charts.rendered).toBe(2 * page.model.charts.length);

    const a = tempDir();
    const b = tempDir();
    await build({ files: [example2020], outDir: a, formats: ["pdf"] });
    await build({ files: [example2020], outDir: b });
    const pdf = (dir: string) => readFileSync(path.join(dir, "sumbagsel-2020-10.pdf"));
    expect(pdf(a).equals(pdf(b))).toBe(true);
  });
});
