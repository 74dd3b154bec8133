/**
 * An office's own template set, as a user builds with it: its content sections placed where it
 * wants them, in Indonesian and English, its logo inlined into the HTML and printed in the PDF,
 * and the mistakes it may make (a field the file lacks, a logo named as a file) refused with
 * the template's file, line and column.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { briefing } from "../support/cli.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { png } from "../support/images.js";
import { pdfText } from "../support/pdf.js";

afterAll(removeTempDirs);

const CONTENT = path.join(ROOT, "test/fixtures/ok/content.yaml");

function set(files: Record<string, string | Buffer>): string {
  const dir = tempDir("briefing-office-set-");
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  return dir;
}

/** Builds content.yaml with `templates` in `lang`; the HTML, the PDF's text and its path. */
function build(templates: string | undefined, lang: string) {
  const out = tempDir("briefing-office-out-");
  const run = briefing([
    "build",
    CONTENT,
    "-o",
    out,
    "--lang",
    lang,
    ...(templates ? ["--templates", templates] : []),
  ]);
  expect(run.status, run.stderr).toBe(0);
  const pdf = path.join(out, "content.pdf");
  return {
    html: readFileSync(path.join(out, "content.html"), "utf8"),
    text: pdfText(pdf).replace(/\s+/g, " "),
    pdf,
  };
}

describe("the office's own content", () => {
  it("the default set prints every section after the summary, in the file's order", () => {
    const { text } = build(undefined, "id");
    const at = (s: string) => text.indexOf(s);
    expect(at("Ringkasan")).toBeGreaterThanOrEqual(0);
    expect(at("Catatan Kantor Wilayah")).toBeGreaterThan(at("Ringkasan"));
    expect(at("Rekomendasi")).toBeGreaterThan(at("Catatan Kantor Wilayah"));
    expect(at("Tindak Lanjut")).toBeGreaterThan(at("Rekomendasi"));
    expect(text).toContain("Angka Oktober belum termasuk pekerja migran.");
    expect(text).toMatch(/Surat edaran gubernur\s+Biro Hukum\s+Desember 2020/);
  });

  const placed = () =>
    set({
      // Only the recommendations, on the cover: the other sections are left out.
      "partials/sections.hbs": "",
      "partials/cover.hbs":
        '<header class="cover">\n  <h1>{{title}}</h1>\n  {{> section content.rekomendasi}}\n</header>\n',
    });

  it.each([
    [
      "id",
      [
        "Rekomendasi",
        "Perluas sosialisasi kepada pekerja bukan penerima upah.",
        "Wajibkan kepesertaan dalam perizinan usaha daerah.",
      ],
      "Catatan Kantor Wilayah",
    ],
    [
      "en",
      [
        "Recommendations",
        "Widen outreach to non-wage workers.",
        "Require membership for regional business licences.",
      ],
      "Regional office note",
    ],
  ])(
    "a set placing {{> section content.rekomendasi}} prints its items (--lang %s)",
    (lang, items, other) => {
      const { html, text } = build(placed(), lang);
      for (const item of items) {
        expect(html).toContain(item);
        expect(text).toContain(item);
      }
      expect(html).toContain('<section class="content-section" id="section-rekomendasi">');
      expect(text).not.toContain(other);
    },
  );

  it("a set naming a section the file lacks, {{#each content.missing}}, exits 1 naming the template and line", () => {
    const templates = set({
      "partials/notes.hbs": "<ul>\n{{#each content.missing}}<li>{{this}}</li>{{/each}}\n</ul>\n",
    });
    const run = briefing(["build", CONTENT, "-o", tempDir(), "--templates", templates]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${path.join(templates, "partials", "notes.hbs")}:2:9: error:`);
    expect(run.stderr).toContain('"content.missing" is not provided');
    expect(run.stderr).toContain("ringkasan, rekomendasi, tindak-lanjut");
  });
});

describe("a logo", () => {
  it('{{asset "logo.png"}} is a data: URL in the HTML and an image in the PDF', () => {
    const logo = png(64, 24, [15, 76, 129]);
    const templates = set({
      "assets/logo.png": logo,
      "partials/cover.hbs":
        '<header class="cover">\n  <img class="logo" src="{{asset "logo.png"}}" alt="{{organisation}}" width="64" height="24">\n  <h1>{{title}}</h1>\n</header>\n',
    });
    const { html, pdf } = build(templates, "id");
    expect(html).toContain(
      `<img class="logo" src="data:image/png;base64,${logo.toString("base64")}" alt="BPJS Ketenagakerjaan"`,
    );
    // The page's policy lets its own data: images show.
    expect(html).toMatch(/Content-Security-Policy" content="[^"]*img-src data:/);
    const images = execFileSync("pdfimages", ["-list", pdf], { encoding: "utf8" })
      .split("\n")
      .slice(2)
      .filter((line) => line.trim() !== "")
      .map((line) => line.trim().split(/\s+/));
    // page, num, type, width, height: the logo, at its own size, on page 1.
    expect(
      images.some((c) => c[0] === "1" && c[2] === "image" && c[3] === "64" && c[4] === "24"),
    ).toBe(true);
  });

  it('<img src="logo.png"> exits 1 at its line and column, saying to put it in assets/ and use {{asset}}', () => {
    const templates = set({
      "partials/cover.hbs":
        '<header class="cover">\n  <img src="logo.png" alt="Logo">\n</header>\n',
    });
    const run = briefing(["build", CONTENT, "-o", tempDir(), "--templates", templates]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${path.join(templates, "partials", "cover.hbs")}:2:13: error:`);
    expect(run.stderr).toContain('{{asset "logo.svg"}}');
    expect(run.stderr).toContain("assets/");
  });
});
