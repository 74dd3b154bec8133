/**
 * The language of briefing's own messages, as a user meets it: `--lang` when given, else the
 * environment's locale (LC_ALL, LC_MESSAGES, LANG), else Indonesian. The severity (`error:`)
 * stays English for editors and CI; the rest is in the language chosen.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { briefing } from "../support/cli.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";

afterAll(removeTempDirs);

/** A briefing with a misspelt field (line 5) and a count written the Indonesian way (line 7). */
function badFile(): string {
  const file = path.join(tempDir(), "salah.yaml");
  writeFileSync(
    file,
    [
      "organisation: { name: Dinas Kesehatan }",
      "period: { as_of: 2024-12 }",
      "region: { name: Muba, unit_label: kecamatan }",
      "meeting:",
      "  datum: 2024-12-01",
      "units:",
      "  - { id: sekayu, name: Sekayu, members: 1.000 }",
      "",
    ].join("\n"),
  );
  return file;
}

const indonesian = { LANG: "id_ID.UTF-8" };

describe("the language of messages", () => {
  it("speaks Indonesian in an Indonesian locale, commander's usage errors included", () => {
    const run = briefing(["check", "--bogus"], indonesian);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: opsi '--bogus' tidak dikenal");
    expect(run.stderr).toContain("(jalankan dengan --help untuk melihat cara penggunaan)");
  });

  it("speaks Indonesian in the C locale, the tool's default", () => {
    const run = briefing(["send"], { LANG: "C.UTF-8", LC_ALL: "C" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: opsi wajib '-p, --period <YYYY-MM>' tidak diberikan");
  });

  it("speaks English when --lang en overrides an Indonesian locale", () => {
    const run = briefing(["check", "--lang", "en", "--bogus"], indonesian);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: unknown option '--bogus'");
  });

  it("reports a bad file in Indonesian, at its file, line and column", () => {
    const file = badFile();
    const run = briefing(["check", file], indonesian);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${file}:5:3: error: meeting.datum: kolom "datum" tidak dikenal (diharapkan salah satu dari title,`,
    );
    expect(run.stderr).toContain('  petunjuk: maksud Anda "date"?');
  });

  it("reports a number's slip in Indonesian, with the hint", () => {
    const file = path.join(tempDir(), "titik.yaml");
    writeFileSync(
      file,
      "organisation: { name: X }\nperiod: { as_of: 2024-12 }\nregion: { name: R, unit_label: kecamatan }\n" +
        "units:\n  - { id: a, name: A, members: 1.000 }\n",
    );
    const run = briefing(["check", file], { LANG: "C" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${file}:5:32: error: units[0].members: 1.000 terbaca sebagai bilangan 1, bukan 1000`,
    );
    expect(run.stderr).toContain("petunjuk: tulis 1000");
  });

  it("reports the same bad file in English with --lang en", () => {
    const file = badFile();
    const run = briefing(["check", "--lang=en", file], indonesian);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${file}:5:3: error: meeting.datum: unknown field "datum"`);
    expect(run.stderr).toContain('  hint: did you mean "date"?');
  });

  it("reports a content section's mistake in Indonesian (zod's message made when checked)", () => {
    const file = path.join(tempDir(), "konten.yaml");
    writeFileSync(
      file,
      "organisation: { name: X }\nperiod: { as_of: 2024-12 }\nregion: { name: R, unit_label: kecamatan }\n" +
        "units:\n  - { id: a, name: A, members: 10 }\n" +
        "content:\n  - id: tindak\n    title: Tindak Lanjut\n    table:\n      columns: [Langkah, Pelaksana]\n      rows:\n        - [Surat edaran]\n",
    );
    const run = briefing(["check", file], indonesian);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${file}:12:11: error: content[0].table.rows[0]: nilai tidak sesuai (diharapkan baris berisi 2 sel, satu untuk setiap kolom`,
    );
  });

  it("refuses a template set's file reference in Indonesian, with the hint", () => {
    const templates = tempDir();
    mkdirSync(path.join(templates, "partials"));
    writeFileSync(
      path.join(templates, "partials", "cover.hbs"),
      '<header class="cover">\n  <img src="logo.png" alt="Logo">\n</header>\n',
    );
    const file = path.join(ROOT, "test/fixtures/ok/content.yaml");
    const run = briefing(
      ["build", file, "-o", tempDir(), "--format", "html", "--templates", templates],
      indonesian,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "error: <img src=…> merujuk ke berkas: briefing tidak memuat apa pun yang tidak disisipkan",
    );
    expect(run.stderr).toContain("petunjuk: Letakkan berkas dalam folder assets/ set templat");
  });

  it("translates --help: its headings, descriptions and defaults", () => {
    const run = briefing(["build", "--help"], indonesian);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Penggunaan: briefing build/);
    expect(run.stdout).toContain("Opsi:");
    expect(run.stdout).toMatch(/-o, --out <dir> +folder keluaran \(bawaan: "output"\)/);
  });
});

describe("figures in messages", () => {
  it("are written the messages' language's way: 2.916.275 and 36,6707 in Indonesian, 2,916,275 in English", () => {
    const example = path.join(ROOT, "data/sumbagsel/2020-10.yaml");
    const id = briefing(["check", example], indonesian);
    expect(id.status).toBe(0);
    expect(id.stderr).toContain(
      "tercantum 36 %, tetapi hasil hitungan adalah 36,6707 % (2.916.275 dari 7.952.597 peserta",
    );
    const en = briefing(["check", example, "--lang", "en"], indonesian);
    expect(en.stderr).toContain(
      "stated 36 %, but the counts give 36.6707 % (2,916,275 of 7,952,597",
    );
  });
});

describe("a briefing in two languages (--lang id,en)", () => {
  it("writes <name>.* in the first and <name>.en.* in the second, and speaks the first", () => {
    const out = tempDir();
    const run = briefing([
      "build",
      path.join(ROOT, "data/sumbagsel/2020-10.yaml"),
      "-o",
      out,
      "-f",
      "html",
      "--lang",
      "id,en",
    ]);
    expect(run.status).toBe(0);
    const written = run.stdout
      .trim()
      .split("\n")
      .map((line) => path.basename(line));
    expect(written).toEqual(["sumbagsel-2020-10.html", "sumbagsel-2020-10.en.html"]);
    const html = (name: string) => readFileSync(path.join(out, name), "utf8");
    expect(html("sumbagsel-2020-10.html")).toContain('<html lang="id"');
    expect(html("sumbagsel-2020-10.en.html")).toContain('<html lang="en"');
    expect(html("sumbagsel-2020-10.en.html")).toContain(
      "Audience with the Governor of South Sumatra",
    );
    // The messages are in the first language: the file's warning in Indonesian.
    expect(run.stderr).toContain("tercantum");
  });
});
