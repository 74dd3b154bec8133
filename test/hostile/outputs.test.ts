/**
 * Output folders that cannot be: a file where the folder should be, a path under a file, a
 * read-only file system. Each is an environment error (exit 3) that says what is wrong, not a
 * crash with a stack (exit 70); and a briefing too large for the page limit is refused by
 * `check` as by `build`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { briefing as run60 } from "../support/cli.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { SMALL } from "./support.js";

afterAll(removeTempDirs);

/** briefing, with this suite's 60 s guard against a hang. */
const briefing = (args: string[]) => run60(args, {}, 60_000);

describe("an output folder that cannot be made", () => {
  it("-o naming a file: exit 3, 'a file is in the way'", () => {
    const file = path.join(tempDir(), "output");
    writeFileSync(file, "not a folder");
    for (const input of [SMALL, path.join(ROOT, "test/fixtures/archive")]) {
      const run = briefing(["build", input, "-o", file, "-f", "html"]);
      expect(run.status, run.stderr).toBe(3);
      expect(run.stderr).toContain(`cannot make the output folder ${file}: a file is in the way`);
      expect(run.stderr).not.toContain("internal error");
    }
  });

  it("-o under a file: exit 3, 'a part of the path is a file'", () => {
    const file = path.join(tempDir(), "output");
    writeFileSync(file, "not a folder");
    const run = briefing(["build", SMALL, "-o", path.join(file, "sub"), "-f", "html"]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("a part of the path is a file, not a folder");
  });

  it("-o on a read-only file system: exit 3, 'the file system is read-only'", (context) => {
    const mount = path.join(tempDir(), "ro");
    mkdirSync(mount);
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", mount]);
    if (mounted.status !== 0) context.skip(); // needs root and mount
    try {
      const run = briefing(["build", SMALL, "-o", path.join(mount, "out"), "-f", "html"]);
      expect(run.status).toBe(3);
      expect(run.stderr).toContain("the file system is read-only");
    } finally {
      spawnSync("umount", [mount]);
    }
  });
});

describe("a briefing of 1,000 units", () => {
  it("is refused by check, with its place, as build refuses it: at most 500 units", () => {
    const file = path.join(tempDir(), "units-1000.yaml");
    const units = Array.from(
      { length: 1000 },
      (_, i) => `  - { id: u${i}, name: Kabupaten ${i}, members: ${1000 + i} }`,
    );
    writeFileSync(
      file,
      `organisation: { name: T }\ntitle: Seribu\nperiod: { as_of: 2024-01 }\nregion: { name: R, unit_label: kabupaten }\nunits:\n${units.join("\n")}\n`,
    );
    for (const command of ["check", "build"]) {
      const run = briefing([command, file, "-o", tempDir()].slice(0, command === "check" ? 2 : 4));
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(
        `${file}:6:3: error: units: wrong value (expected at most 500 units`,
      );
    }
  });
});
