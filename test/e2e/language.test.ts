/**
 * The language of briefing's own messages, as a user meets it: `--lang` when given, else the
 * environment's locale (LC_ALL, LC_MESSAGES, LANG), else Indonesian. The severity (`error:`)
 * stays English for editors and CI; the rest is in the language chosen.
 */
import { describe, expect, it } from "vitest";
import { briefing } from "../support/cli.js";

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

  it("translates --help: its headings, descriptions and defaults", () => {
    const run = briefing(["build", "--help"], indonesian);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Penggunaan: briefing build/);
    expect(run.stdout).toContain("Opsi:");
    expect(run.stdout).toMatch(/-o, --out <dir> +folder keluaran \(bawaan: "output"\)/);
  });
});
