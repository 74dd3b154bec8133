/**
 * An archive whose layout says two things at once: `Sumsel/` beside `sumsel/`, `2020-10.yaml`
 * beside `2020-10.yml`, a hidden folder, a briefing outside any series. Nothing is built from
 * the clashing files, and every file skipped or failed gets a line that says why.
 */
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { briefing as run60 } from "../support/cli.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";

afterAll(removeTempDirs);

/** briefing, with this suite's 60 s guard against a hang. */
const briefing = (args: string[]) => run60(args, {}, 60_000);

describe("an archive with clashing and hidden files", () => {
  it("names every clashing file with its reason, and notes what it leaves out", () => {
    const data = tempDir();
    const fixture = path.join(ROOT, "test/fixtures/archive");
    cpSync(path.join(fixture, "alpha"), path.join(data, "alpha"), { recursive: true });
    cpSync(path.join(fixture, "alpha"), path.join(data, "Alpha"), { recursive: true });
    mkdirSync(path.join(data, "beta"));
    cpSync(path.join(fixture, "beta/2024-02.yaml"), path.join(data, "beta/2024-02.yaml"));
    cpSync(path.join(fixture, "beta/2024-02.yaml"), path.join(data, "beta/2024-02.yml"));
    cpSync(path.join(fixture, "beta"), path.join(data, ".old"), { recursive: true });
    writeFileSync(path.join(data, "2024-04.yaml"), "organisation: { name: X }\n");
    const run = briefing(["build", data, "-o", tempDir(), "-f", "html"]);
    expect(run.status).toBe(1);
    // Before, "0 briefings found … 4 failed" and no reason anywhere.
    expect(run.stdout).toContain("8 briefings found, 8 to build");
    expect(run.stdout).toContain("0 built, 0 skipped, 8 failed");
    const clashes: [file: string, key: string, like: string][] = [
      ["alpha/2024-01.yaml", "2024-01/alpha", "Alpha/2024-01.yaml"],
      ["Alpha/2024-03.yaml", "2024-03/alpha", "alpha/2024-03.yaml"],
      ["beta/2024-02.yaml", "2024-02/beta", "beta/2024-02.yml"],
      ["beta/2024-02.yml", "2024-02/beta", "beta/2024-02.yaml"],
    ];
    for (const [file, key, like] of clashes) {
      expect(run.stderr).toContain(
        `${path.join(data, file)}: error: would be archived as ${key}, like ${path.join(data, like)}`,
      );
    }
    expect(run.stderr).toContain(
      `${path.join(data, ".old")}: note: a hidden folder (its name starts with a dot): not part of the archive`,
    );
    expect(run.stderr).toContain(
      `${path.join(data, "2024-04.yaml")}: note: not in a series folder, so not part of the archive`,
    );
  });
});

describe("an output folder with a symbolic link in it", () => {
  it("writes nothing through the link: those briefings fail with a clear error, exit 3", () => {
    const out = tempDir();
    const elsewhere = tempDir();
    symlinkSync(elsewhere, path.join(out, "2024-02"));
    const run = briefing([
      "build",
      path.join(ROOT, "test/fixtures/archive"),
      "-o",
      out,
      "-f",
      "html",
    ]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(
      `refusing to write through a symbolic link: ${path.join(out, "2024-02")} → ${elsewhere}`,
    );
    expect(readdirSync(elsewhere)).toEqual([]);
    // The other months are built.
    expect(readdirSync(path.join(out, "2024-01"))).toEqual(["alpha.html"]);
  });
});

describe("briefings failing in different ways in one run", () => {
  it("give the most serious exit status, whichever finished first (3 before 1)", () => {
    // A run's status was that of whichever failure came first: 3 in one run, 1 in another.
    const data = tempDir();
    cpSync(path.join(ROOT, "test/fixtures/archive"), data, { recursive: true });
    writeFileSync(path.join(data, "alpha/2024-01.yaml"), "organisation: { name: X }\n");
    const out = tempDir();
    symlinkSync(tempDir(), path.join(out, "2024-02"));
    for (let run = 0; run < 2; run++) {
      const result = briefing(["build", data, "-o", out, "-f", "html", "--force"]);
      expect(result.stdout).toContain("failed");
      expect(result.stderr).toContain("is not valid");
      expect(result.stderr).toContain("refusing to write through a symbolic link");
      expect(result.status).toBe(3);
    }
  });
});
