/**
 * The command as a user runs it: `npx briefing …`, its output, and its exit status
 * (0 success, 1 invalid input, 2 usage error, 3 environment problem).
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { briefing } from "../support/cli.js";
import { example2018, example2020, ROOT, removeTempDirs, tempDir } from "../support/files.js";

afterAll(removeTempDirs);

describe("briefing build", () => {
  it("writes the HTML and PDF, prints their paths and exits 0", () => {
    const out = tempDir();
    const run = briefing(["build", example2020, "--out", out]);
    expect(run.stderr).toContain("units[0].stated.share");
    expect(run.status).toBe(0);
    const printed = run.stdout.trim().split("\n");
    expect(printed).toHaveLength(2);
    for (const file of printed) expect(existsSync(path.resolve(ROOT, file))).toBe(true);
    expect(printed[0]).toMatch(/sumbagsel-2020-10\.html$/);
    expect(printed[1]).toMatch(/sumbagsel-2020-10\.pdf$/);
  });

  it("exits 1 with file, line, column and field for invalid input", () => {
    const bad = path.join(tempDir(), "typo.yaml");
    writeFileSync(
      bad,
      "organisation:\n  name: X\nmeeting:\n  title: T\n  date: 2020-11-16\n  datum: 1\n",
    );
    const run = briefing(["build", bad, "--out", tempDir()]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${bad}:6:3: error: meeting.datum: unknown field "datum"`);
    expect(run.stderr).toMatch(/missing field/);
  });

  it("turns disagreeing stated figures into errors with --strict", () => {
    const run = briefing(["build", example2020, "--strict", "--out", tempDir()]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /sumbagsel\/2020-10\.yaml:\d+:\d+: error: units\[0\]\.stated\.share: stated 36 %/,
    );
  });

  it("exits 2 for a usage error", () => {
    expect(briefing(["build"]).status).toBe(2);
    expect(briefing(["build", example2020, "--format", "docx"]).status).toBe(2);
    expect(briefing(["frobnicate"]).status).toBe(2);
  });

  it("exits 2 for a language no template speaks", () => {
    const run = briefing(["build", example2020, "--lang", "fr", "--out", tempDir()]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no locale for language "fr"');
    expect(run.stderr).toContain("en, id");
  });

  it("exits 3, and says how to get a browser, when the one given does not exist", () => {
    const out = tempDir();
    const run = briefing(["build", example2020, "--browser", "/nonexistent/chrome", "--out", out]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("/nonexistent/chrome");
    expect(run.stderr).toContain("apt-get install chromium");
    expect(existsSync(path.join(out, "sumbagsel-2020-10.pdf"))).toBe(false);
  });

  it("has --help on every command", () => {
    for (const args of [["--help"], ["build", "--help"], ["check", "--help"]]) {
      const run = briefing(args);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("Usage: briefing");
    }
    expect(briefing(["build", "--help"]).stdout).toContain("--lang");
  });

  it("writes nothing to its error stream when nothing is wrong, whichever Node runs it", () => {
    // The launcher sets V8 flags before the CLI loads: one this Node's V8 does not know would
    // print "Error: unrecognized flag" on every run.
    for (const args of [["--version"], ["--help"]]) {
      const run = briefing(args);
      expect(run.stderr, args.join(" ")).toBe("");
      expect(run.status).toBe(0);
    }
  });
});

describe("briefing check", () => {
  it("validates without writing anything and reports warnings", () => {
    const run = briefing(["check", example2020, example2018]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("sumbagsel/2020-10.yaml: ok (1 warning)");
    expect(run.stdout).toContain("sumsel/2018-10.yaml: ok");
    expect(run.stderr).toContain("coverage of sumsel, segment jakon is 201.69");
  });

  it("exits 1 when any file is invalid, after checking them all", () => {
    const bad = path.join(tempDir(), "bad.yaml");
    writeFileSync(bad, "- just\n- a list\n");
    const run = briefing(["check", bad, example2018]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${bad}:1:1: error: is not a briefing`);
    expect(run.stdout).toContain("sumsel/2018-10.yaml: ok");
  });
});

describe("briefing check refuses slips that change a number", () => {
  it("exits 1 for pu: 1.000 and a target of 0.63, each located and with a hint", () => {
    const dotThousands = path.join(ROOT, "test/fixtures/bad/count-with-dot-thousands.yaml");
    const fraction = path.join(ROOT, "test/fixtures/bad/target-as-fraction.yaml");
    const run = briefing(["check", dotThousands, fraction]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${dotThousands}:31:11: error: units[2].members.pu: 1.000 is read as the number 1, not 1000`,
    );
    expect(run.stderr).toContain("\n  hint: write 1000\n");
    expect(run.stderr).toContain(
      `${fraction}:36:12: error: targets[0].value: a target of 0.63 % looks like a fraction`,
    );
    expect(run.stderr).toContain("\n  hint: did you mean 63?");
    expect(run.stdout).not.toContain(": ok");
  });
});
