/**
 * The examples built from real publications (data/lampung, data/jambi, data/bengkulu,
 * data/muba), read back from the PDFs as a reader's tools read them: every published figure
 * exactly as published, every derived percentage, every change, and every provenance mark, in
 * the place it belongs. Nothing published is marked illustrative.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildArchive } from "../../src/archive/run.js";
import { build } from "../../src/build.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { pdfInfo, pdfText } from "../support/pdf.js";

afterAll(removeTempDirs);

/** Text with every run of white space made one space, as a reader reads a sentence. */
const flat = (text: string): string => text.replace(/\s+/g, " ");
/**
 * The line of `text` that starts with `name` and holds figures (a table row, not a chart's
 * title or a sentence that starts with the same name), spaces squeezed. A chart's bar label
 * ("Kabupaten Cilacap 100,0%") is such a line too: the table's row is the one with most figures.
 */
const row = (text: string, name: string): string => {
  const rows = text.split("\n").flatMap((line) => {
    const trimmed = line.trim();
    // After the name, only figures, their marks and signs: a row of the table.
    const rest = trimmed.slice(name.length).replace(/^\s*\([^)]*\)/, "");
    return trimmed.startsWith(name) && /\d/.test(rest) && /^[\s\d.,%*†+\-–()]+$/.test(rest)
      ? [flat(trimmed)]
      : [];
  });
  const figures = (line: string): number => line.split(" ").length;
  return rows.reduce((most, line) => (figures(line) > figures(most) ? line : most), "");
};

let out: string;
const text: Record<string, string> = {};
const html: Record<string, string> = {};
const read = (key: string) => {
  text[key] = pdfText(path.join(out, `${key}.pdf`));
  html[key] = readFileSync(path.join(out, `${key}.html`), "utf8");
};

beforeAll(async () => {
  out = tempDir();
  const result = await buildArchive({ dataDir: path.join(ROOT, "data"), outDir: out });
  expect(result.failed).toEqual([]);
  for (const key of [
    "2023-12/lampung",
    "2024-08/jambi",
    "2023-12/bengkulu",
    "2024-12/bengkulu",
    "2024-12/muba",
    "2025-07/muba",
    "2020-10/sumbagsel",
    "2021-12/jateng",
  ])
    read(key);
});

describe("Jawa Tengah, 2021: another office, three indicators, its own template set (Profil Kesehatan)", () => {
  const t = () => flat(text["2021-12/jateng"] ?? "");
  it("prints each indicator's count, target population and coverage as published, per regency", () => {
    expect(row(text["2021-12/jateng"] ?? "", "Kabupaten Cilacap")).toBe(
      "Kabupaten Cilacap 2 28.747 28.739 100,0%", // 2: the second source, the profile
    );
    expect(t()).toContain("Kabupaten Sragen 2 15.570 13.462 115,7%");
    expect(t()).toContain("Kabupaten Grobogan 2 36.568 424.854 8,6%");
  });

  it("speaks of its own measure and indicators, never of members or workers", () => {
    expect(t()).not.toMatch(/peserta|pekerja|kepesertaan/i);
    expect(t()).toContain("Cakupan pelayanan penderita hipertensi per kabupaten");
    expect(t()).toContain("Mendapat layanan Sasaran Cakupan");
    expect(t()).toContain(
      "Tidak satu pun dari 17 kabupaten mencapai target cakupan pelayanan penderita hipertensi 100 persen yang ditetapkan Standar Pelayanan Minimal bidang kesehatan.",
    );
    expect(t()).toContain(
      "cakupan pelayanan penderita hipertensi tertinggi di Kabupaten Karanganyar (96,6 persen) dan terendah di Kabupaten Grobogan (8,6 persen)",
    );
  });

  it("is made with the office's template set: its logo, its colours and its recommendations", () => {
    const page = html["2021-12/jateng"] ?? "";
    expect(page).toMatch(/<img class="logo" src="data:image\/svg\+xml;base64,/);
    expect(page).toContain('fill="#bb5566"');
    expect(t()).toContain("Rekomendasi");
    expect(t()).toContain("Prioritaskan Kabupaten Cilacap");
  });

  it("marks nothing as illustrative: every figure is published or derived from published ones", () => {
    expect(t()).not.toContain("Data ilustrasi");
    expect(t()).not.toMatch(/\d\*/);
  });
});

describe("Lampung, December 2023: a province by segment, with potentials (Kupastuntas.co)", () => {
  it("prints every count as published", () => {
    const t = text["2023-12/lampung"] ?? "";
    for (const figure of ["824.714", "2.982.642", "550.712", "1.020.168", "142.627"])
      expect(t).toContain(figure);
    expect(t).toContain("1.712.027");
    expect(t).toContain("131.375");
    expect(t).toContain("250.447");
  });

  it("derives every coverage the source printed, to its two decimals", () => {
    const t = text["2023-12/lampung"] ?? "";
    expect(row(t, "Penerima Upah")).toMatch(/550\.712 66,78% 1\.020\.168 53,98%$/);
    expect(row(t, "Bukan Penerima Upah")).toMatch(/142\.627 17,29% 1\.712\.027 8,33%$/);
    expect(row(t, "Jasa Konstruksi")).toMatch(/131\.375 15,93% 250\.447 52,46%$/);
    expect(row(t, "Jumlah")).toMatch(/824\.714 2\.982\.642 27,65%$/);
  });

  it("marks nothing illustrative or as-published: every percentage follows from the counts", () => {
    const t = text["2023-12/lampung"] ?? "";
    expect(t).not.toContain("ilustrasi");
    expect(t).not.toMatch(/[*†]/);
    expect(flat(t)).toContain("Dihitung dari angka publikasi: Kupastuntas.co");
  });

  it("is a report without a meeting: no meeting date, dated the last day of its period", () => {
    const t = text["2023-12/lampung"] ?? "";
    expect(t).not.toContain("Hari, tanggal");
    expect(t).toContain("LAPORAN");
    expect(t).toContain("Data per Desember 2023");
    const info = pdfInfo(path.join(out, "2023-12/lampung.pdf"));
    expect(info.CreationDate).toMatch(/^2023-12-31/);
  });

  it("says each chart's figures in its text alternative, with the file's two decimals", () => {
    const h = html["2023-12/lampung"] ?? "";
    expect(h).toContain(`aria-label="PU 53,98%; BPU 8,33%; Jakon 52,46%"`);
    expect(h).toContain(`aria-label="PU 66,78%; BPU 17,29%; Jakon 15,93%"`);
  });
});

describe("Jambi, 12 August 2024: 4 of 11 kabupaten/kota, three as percentages only (INFOJAMBI.com)", () => {
  it("prints the province's published totals and its coverage", () => {
    const t = flat(text["2024-08/jambi"] ?? "");
    expect(t).toContain("518.632");
    expect(t).toContain("1.312.370");
    expect(t).toContain("39,52%");
    expect(t).toContain("4 dari 11 kabupaten/kota tercantum");
  });

  it("prints the percentages published without counts as published, marked †", () => {
    const t = text["2024-08/jambi"] ?? "";
    expect(row(t, "Kota Jambi")).toMatch(/– – – 48,64%† 2$/);
    expect(row(t, "Kabupaten Tebo")).toMatch(/– – – 31,49%† 3$/);
    expect(row(t, "Kabupaten Tanjung Jabung Timur")).toMatch(/– – – 26,66%† 4$/);
    expect(flat(t)).toContain(
      "† Angka publikasi: persentase sebagaimana dipublikasikan sumber, tanpa jumlah di baliknya.",
    );
  });

  it("derives Batanghari's coverage from its counts, unmarked", () => {
    expect(row(text["2024-08/jambi"] ?? "", "Kabupaten Batanghari")).toMatch(
      /^Kabupaten Batanghari 49\.803 9,60% 98\.206 50,71% 1$/,
    );
  });

  it("makes the rest one derived line, out of the ranks, and closes with the published total once", () => {
    const t = text["2024-08/jambi"] ?? "";
    expect(row(t, "Kabupaten/kota lainnya (10)")).toMatch(/468\.829 90,40% 1\.214\.164 38,61%$/);
    expect(flat(t)).toContain(
      "termasuk Kota Jambi, Kabupaten Tanjung Jabung Timur, Kabupaten Tebo",
    );
    expect(t.match(/^\s*Jumlah\b.*$/gm)?.map((line) => flat(line).trim())).toEqual([
      "Jumlah 518.632 1.312.370 39,52%",
    ]);
    expect(flat(t)).toContain(
      "Peringkat menurut cakupan kepesertaan, hanya di antara yang tercantum.",
    );
    expect(flat(t)).toContain("Sumber mencantumkan 4 dari 11 kabupaten/kota");
    expect(t).not.toMatch(/dari 4 kabupaten\/kota\b(?! tercantum)/);
  });

  it("marks nothing illustrative", () => {
    expect(text["2024-08/jambi"]).not.toContain("ilustrasi");
    expect(text["2024-08/jambi"]).not.toContain("*");
  });
});

describe("Bengkulu, December 2023 and December 2024: a twelve-month gap (SPN News, Harian Bengkulu Ekspress)", () => {
  it("prints December 2023's published count", () => {
    expect(text["2023-12/bengkulu"]).toContain("212.266");
    expect(text["2023-12/bengkulu"]).not.toContain("sejak");
  });

  it("prints December 2024's counts by segment as published", () => {
    const t = text["2024-12/bengkulu"] ?? "";
    expect(row(t, "Penerima Upah (formal)")).toMatch(/142\.786 54,54%$/);
    expect(row(t, "Bukan Penerima Upah (informal)")).toMatch(/82\.900 31,66%$/);
    expect(row(t, "Jasa Konstruksi")).toMatch(/36\.128 13,80%$/);
    expect(row(t, "Jumlah")).toMatch(/261\.814$/);
  });

  it("prints the coverage published without its potential, marked †, and says so", () => {
    const t = flat(text["2024-12/bengkulu"] ?? "");
    expect(t).toContain("41,84%†");
    expect(t).toContain("Persentase sebagaimana dipublikasikan: Harian Bengkulu Ekspress");
    expect(t).toContain("cakupan kepesertaan 41,84 persen†");
  });

  it("compares with December 2023 across the twelve months, and says since when", () => {
    const t = flat(text["2024-12/bengkulu"] ?? "");
    expect(t).toContain("+49.548 sejak Desember 2023");
    expect(t).toContain(
      "Dibandingkan Desember 2023, Bengkulu mencatat tambahan 49.548 peserta (23,34 persen).",
    );
  });
});

describe("Musi Banyuasin, December 2024 and July 2025: a seven-month gap (JPNN.com)", () => {
  it("prints December 2024's real count unmarked and its published coverage marked †", () => {
    const t = flat(text["2024-12/muba"] ?? "");
    expect(t).toContain("88.958");
    expect(t).toContain("41,65%†");
    expect(t).not.toContain("ilustrasi");
    expect(t).toMatch(/88\.958 [^*]/);
  });

  it("derives July 2025's coverage and the members the national target needs", () => {
    const t = flat(text["2025-07/muba"] ?? "");
    expect(t).toContain(
      "103.079 peserta dari potensi 213.582 pekerja, cakupan kepesertaan 48,26 persen",
    );
    expect(t).toContain("3,89 poin di bawah target 52,15 persen");
    expect(t).toContain("diperlukan tambahan 8.305 peserta");
  });

  it("compares with December 2024, seven months earlier", () => {
    const t = flat(text["2025-07/muba"] ?? "");
    expect(t).toContain("+14.121 sejak Desember 2024");
    expect(t).toContain("+6,61 poin sejak Desember 2024");
    expect(t).toContain("Cakupan kepesertaan Musi Banyuasin naik 6,61 poin");
  });
});

describe("the governor's briefing of October 2020: published totals, illustrative splits", () => {
  it("marks each illustrative figure, and only those", () => {
    const t = text["2020-10/sumbagsel"] ?? "";
    expect(row(t, "Sumatera Selatan")).toMatch(/2\.916\.275 36,7% 1\*$/);
    expect(row(t, "Lampung")).toMatch(/2\.310\.418\* 29,1%\* 2\*$/);
    expect(flat(t)).toContain("Angka publikasi: Liputan6.com");
    expect(flat(t)).toContain("56,7 persen* atau 1.652.310* peserta");
    expect(flat(t)).toContain("* Data ilustrasi");
  });

  it("derives no change across the break in the series (December 2017 counts otherwise)", () => {
    expect(text["2020-10/sumbagsel"]).not.toContain("sejak");
  });
});

describe("the same briefing in English", () => {
  it("keeps every mark and writes figures the English way", async () => {
    const en = tempDir();
    await build({ files: [path.join(ROOT, "data/jambi/2024-08.yaml")], outDir: en, lang: "en" });
    const t = pdfText(path.join(en, "jambi-2024-08.pdf"));
    expect(row(t, "Kota Jambi")).toMatch(/48\.64%†/);
    expect(flat(t)).toContain("518,632");
    expect(flat(t)).toContain("The source lists 4 of 11 regencies and cities");
    expect(flat(t)).toContain("† Published percentage");
  });

  it("says Jawa Tengah's indicators and their target in English, nothing Indonesian but names", async () => {
    const en = tempDir();
    await build({ files: [path.join(ROOT, "data/jateng/2021-12.yaml")], outDir: en, lang: "en" });
    const t = flat(pdfText(path.join(en, "jateng-2021-12.pdf")));
    expect(t).toContain(
      "None of the 17 regencies reach the target of 100 per cent for the coverage of care for people with hypertension set by the minimum service standard for health.",
    );
    expect(t).toContain("Data and Information Section");
    expect(t).not.toMatch(/\bthe the\b|peserta|pekerja|Cakupan|Sasaran|Rekomendasi/);
  });
});
