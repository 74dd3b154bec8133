/**
 * Hostile YAML: every file here tries to make loading slow, big, confusing or dangerous. Each
 * must be refused with a clear error (a BriefingError with exit code 1 whose issues name the
 * file, and the line and column where that means something), never a stack trace (also through
 * the CLI), never a hang, and never touch Object.prototype. How long each takes to refuse is
 * measured by `npm run bench:hostile` (well under a second each), not here.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildArchive } from "../../src/archive/run.js";
import { checkFile } from "../../src/build.js";
import { ExitCode } from "../../src/errors.js";
import { parseYaml } from "../../src/load/yaml.js";
import { loadLocale } from "../../src/locale/locale.js";
import { DEFAULT_TEMPLATES } from "../../src/render/templates.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { asInvalidInput, describeThrown, failure, templateSet, writeInput } from "./support.js";
import { type Case, cases, deepCases } from "./yaml-cases.js";

afterAll(removeTempDirs);

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

const files = new Map<string, string>();
beforeAll(() => {
  for (const c of [...cases, ...deepCases]) {
    const [name, text] = c.file();
    files.set(c.name, writeInput(name, text));
  }
});

const fileOf = (c: Case): string => {
  const file = files.get(c.name);
  if (!file) throw new Error(`no file for ${c.name}`);
  return file;
};

/** Loads the case's file with checkFile and asserts it is refused as the case says. */
async function expectRefused(c: Case): Promise<void> {
  const file = fileOf(c);
  const thrown = await failure(() => checkFile(file));

  const error = asInvalidInput(thrown);
  expect(error, describeThrown(thrown)).toBeDefined();
  if (!error) return;
  expect(error.code).toBe(ExitCode.INVALID_INPUT);
  expect(error.issues.length).toBeGreaterThan(0);
  for (const issue of error.issues) {
    expect(issue.file).toBe(file);
    expect(issue.message).not.toMatch(/\n\s+at /);
    if (c.located) {
      expect(issue.line, issue.message).toBeGreaterThanOrEqual(1);
      expect(issue.column, issue.message).toBeGreaterThanOrEqual(1);
    }
  }
  const named = error.issues.filter((issue) => c.says.test(issue.message));
  expect(named.length, error.issues.map((i) => i.message).join(" | ")).toBeGreaterThan(0);
  const at = c.at;
  if (at) {
    const places = named.map((i) => `${i.line}:${i.column}`);
    expect(places).toContain(`${at.line}:${at.column ?? named[0]?.column}`);
  }
}

// Never a hang: each case has ten seconds, ten times what the benchmark allows it.
const NO_HANG = { timeout: 10_000 };

describe("hostile YAML, loaded with checkFile", NO_HANG, () => {
  it.each(cases)("$name", expectRefused);

  it("the __proto__ and constructor files leave Object.prototype untouched", async () => {
    for (const name of ["proto", "constructor"]) {
      const c = cases.find((k) => fileOf(k).endsWith(`${name}.yaml`));
      if (!c) throw new Error(`no ${name} case`);
      await failure(() => checkFile(fileOf(c)));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect(typeof {}.toString).toBe("function");
  });

  it("a __proto__ key is read as an own field, not as the object's prototype", () => {
    const source = parseYaml("proto.yaml", Buffer.from("__proto__:\n  polluted: yes\n"));
    const data = source.data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.hasOwn(data, "__proto__")).toBe(true);
    expect(data.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a template set's locale with __proto__ keys pollutes nothing when merged", async () => {
    const dir = templateSet({
      "locales/id.yaml": "__proto__:\n  polluted: yes\nlabels:\n  __proto__:\n    polluted: yes\n",
    });
    await failure(() => loadLocale([DEFAULT_TEMPLATES, dir], "id"));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
  });
});

describe("files built to cost far more than a second", NO_HANG, () => {
  // Regression: block nesting and nesting after a lone quote were not counted, and nothing
  // counted values; yaml's lexer now streams the file and stops at the first excess.
  for (const c of deepCases) it(c.name, () => expectRefused(c));
});

describe("hostile YAML, in an archive", () => {
  // The archive parses each file to plan it, and its build checks that same parse: each file is
  // refused there exactly as checkFile refuses it alone, with its own message.
  it("refuses every file with the case's own message, and builds none of them", async () => {
    const all = [...cases, ...deepCases];
    const dataDir = tempDir("briefing-hostile-archive-");
    const seriesOf = new Map<string, Case>();
    all.forEach((c, i) => {
      const series = `case-${String(i).padStart(2, "0")}`;
      mkdirSync(path.join(dataDir, series));
      copyFileSync(fileOf(c), path.join(dataDir, series, "2025-01.yaml"));
      seriesOf.set(series, c);
    });
    const result = await buildArchive({ dataDir, outDir: tempDir(), formats: ["html"] });
    expect(result.built).toEqual([]);
    expect(result.failed).toHaveLength(all.length);
    for (const { file, error } of result.failed) {
      const c = seriesOf.get(path.basename(path.dirname(file)));
      if (!c) throw new Error(`no case for ${file}`);
      expect(error.code, c.name).toBe(ExitCode.INVALID_INPUT);
      const messages = error.issues.map((issue) => issue.message);
      expect(
        messages.some((m) => c.says.test(m)),
        `${c.name}: ${messages.join(" | ")}`,
      ).toBe(true);
      for (const issue of error.issues) expect(issue.file).toBe(file);
    }
  }, 60_000);
});

describe("hostile YAML, through the CLI (briefing check <file>)", () => {
  it.each([...cases, ...deepCases.slice(1, 3)])(
    "$name: exit 1, the file named, no stack trace",
    (c) => {
      const file = fileOf(c);
      const run = spawnSync(process.execPath, [path.join(ROOT, "bin/briefing.js"), "check", file], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(run.error).toBeUndefined();
      expect(run.status, run.stderr.slice(0, 500)).toBe(1);
      expect(run.stderr).toContain(file);
      expect(run.stderr).not.toMatch(/^ {4}at /m);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.stdout).not.toContain(": ok");
    },
  );
});
