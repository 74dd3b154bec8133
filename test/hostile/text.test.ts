/**
 * Control characters and bidirectional overrides in data: NUL, BEL and ESC reached the PDF's
 * text and keywords (pdfinfo printed live escape sequences) and the terminal (an unknown key
 * holding ESC [2J cleared the screen); U+202E printed a name backwards. They are refused with
 * their place, and every message shows them as escapes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { chartLabel } from "../../src/chart/specs.js";
import { loadRecipients } from "../../src/deliver/recipients.js";
import { BriefingError, CONTROL } from "../../src/errors.js";
import { briefing as run60 } from "../support/cli.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { pdfText } from "../support/pdf.js";
import { smallYaml } from "./support.js";

afterAll(removeTempDirs);

/** briefing, with this suite's 60 s guard against a hang. */
const briefing = (args: string[]) => run60(args, {}, 60_000);

const check = (yaml: string) => {
  const file = path.join(tempDir(), "briefing.yaml");
  writeFileSync(file, yaml);
  return { ...briefing(["check", file]), file };
};

/** What a terminal would act on: ESC, BEL, NUL and the other C0/C1 controls but newline. */
const RAW_CONTROL = CONTROL;

describe("control characters in a briefing's text", () => {
  it.each([
    ["NUL", '"Lampung\\0"', "U+0000"],
    ["BEL", '"Lampung\\a"', "U+0007"],
    ["ESC [2J", '"Lampung\\e[2J"', "U+001B"],
    ["U+202E (right-to-left override)", '"\\u202eLampung"', "U+202E"],
    ["U+2066 (left-to-right isolate)", '"Lam\\u2066pung"', "U+2066"],
    ["U+0085 (a C1 control)", '"Lampung\\N"', "U+0085"],
  ])(
    "%s in a unit's name is refused at its place, and shown as an escape",
    (_name, written, code) => {
      const run = check(smallYaml().replace("name: Lampung", `name: ${written}`));
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`${run.file}:27:11: error: units[1].name: wrong value`);
      expect(run.stderr).toContain(`found ${code}`);
      expect(run.stderr).not.toMatch(RAW_CONTROL);
    },
  );

  it("an unknown key holding escape sequences is named without them reaching the terminal", () => {
    const run = check(`${smallYaml()}"\\e[2J\\e[31mevil": 1\n`);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('unknown field "\\u{1b}[2J\\u{1b}[31mevil"');
    expect(run.stderr).not.toMatch(RAW_CONTROL);
  });

  it("tabs and line breaks in a note are text, and accepted", () => {
    const run = check(
      smallYaml().replace(
        "notes:\n  - Catatan pertama.",
        "notes:\n  - |\n    Baris satu\n    \tbaris dua",
      ),
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});

describe("control characters in recipients", () => {
  const recipients = (email: string, name = "Kepala") => {
    const file = path.join(tempDir(), "recipients.yaml");
    writeFileSync(
      file,
      `recipients:\n  - name: ${JSON.stringify(name)}\n    email: ${JSON.stringify(email)}\n    series: ["*"]\n`,
    );
    return file;
  };

  it("refuses a@b.c\\0x, which was delivered to a@b.cx", async () => {
    const file = recipients("a@b.c\0x");
    const error = await loadRecipients(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BriefingError);
    expect((error as BriefingError).issues[0]).toMatchObject({
      path: "recipients[0].email",
      line: 3,
    });
  });

  it("refuses a display name with CR or LF (it was only encoded)", async () => {
    const error = await loadRecipients(recipients("a@b.cd", "Kepala\r\nBcc: x@y.z")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BriefingError);
    expect((error as BriefingError).issues[0]?.path).toBe("recipients[0].name");
  });
});

describe("long texts", () => {
  it("past the limits (a title of 201 characters, a name of 121) are refused at their place", () => {
    const run = check(
      smallYaml()
        .replace("title: Audiensi dengan Gubernur", `title: ${"T".repeat(201)}`)
        .replace("name: Lampung", `name: ${"L".repeat(121)}`),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${run.file}:7:10: error: meeting.title: wrong value (expected a text of at most 200 characters`,
    );
    expect(run.stderr).toContain(
      `${run.file}:27:11: error: units[1].name: wrong value (expected a text of at most 120 characters`,
    );
  });

  it("within them, wrap or are cut visibly: the header, the table and the chart stay on the page", async () => {
    const title = `Judul ${"panjang ".repeat(24)}`.trim().slice(0, 200);
    const unbroken = `Kabupaten${"X".repeat(110)}`;
    const file = path.join(tempDir(), "long.yaml");
    writeFileSync(
      file,
      smallYaml()
        .replace("title: Audiensi dengan Gubernur", `title: ${title}`)
        .replace("name: Lampung", `name: ${unbroken}`),
    );
    const out = tempDir();
    const [built] = await build({ files: [file], outDir: out });
    const text = pdfText(path.resolve(ROOT, built?.pdf ?? ""));
    const pages = text.split("\f").filter((page) => page.trim() !== "");
    // The running header is one line, cut with an ellipsis, above the page's own text (from
    // page 2: the cover says the title on page 1).
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages.slice(1))
      expect(page.split("\n")[0]).toMatch(/^Judul panjang .*…\s{2,}\S/);
    expect(pages[0]?.split("\n")[0]).not.toMatch(/…/);
    for (let n = 1; n <= pages.length; n++)
      expect(text).toContain(`Halaman ${n} dari ${pages.length}`);
    // The unbroken name wraps: the figures of its row are still printed beside it.
    expect(text).toMatch(/KabupatenX+\s+1\.402\.116\s+356\.880\s+1\.758\.996/);
    const html = readFileSync(path.resolve(ROOT, built?.html ?? ""), "utf8");
    expect(html).toContain(`aria-label="Sumatera Selatan 44,4%; ${unbroken} 37,7%`);
  });

  it("an emoji, or a script the font lacks, is refused at its place rather than printed blank", () => {
    const run = check(smallYaml().replace("name: Lampung", "name: Lampung 🙂 سومطرة"));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${run.file}:27:11: error: units[1].name: U+1F642 (character 9) cannot be printed`,
    );
  });
});

describe("chart labels", () => {
  it("cut a long name with an ellipsis, where chart.js cut it from the left without a mark", () => {
    expect(chartLabel("Kabupaten ".repeat(8).trim())).toBe(`${"Kabupaten ".repeat(4).trim()}…`);
    expect(chartLabel("Sumatera Selatan")).toBe("Sumatera Selatan");
  });
});
