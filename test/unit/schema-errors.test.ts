/**
 * Every kind of bad input is rejected with exit code 1 and an issue that points at the
 * file, line, column and field concerned. Each file in test/fixtures/bad is a copy of
 * test/fixtures/ok/small.yaml with exactly one thing wrong, named after what is wrong.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkFile } from "../../src/build.js";
import { BriefingError, ExitCode, formatIssue } from "../../src/errors.js";
import { loadBriefing } from "../../src/load/load.js";
import { defaultYamlLimits } from "../../src/load/yaml.js";
import { bad, firstError, rejection } from "../support/refusal.js";

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const dataFile = (name: string): string =>
  fileURLToPath(new URL(`../../data/${name}`, import.meta.url));

describe("the base of the bad fixtures", () => {
  it("test/fixtures/ok/small.yaml is a valid briefing with nothing to warn about", async () => {
    const checked = await checkFile(fixture("ok/small.yaml"), { strict: true });
    expect(checked.issues).toEqual([]);
    expect(checked.derived.region.members?.value).toBe(4667930);
  });
});

describe("files that are not YAML text", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "briefing-unit-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a binary file (with a NUL byte) is refused as binary, for the whole file", async () => {
    const file = path.join(dir, "binary.yaml");
    await writeFile(file, Uint8Array.from([0x75, 0x6e, 0x69, 0x74, 0x73, 0x3a, 0x00, 0x01, 0xff]));
    const issue = await firstError(file);
    expect(issue.message).toBe("is a binary file, not YAML text");
    expect(issue.expected).toBe("UTF-8 text");
    expect(issue.line).toBeUndefined();
    expect(issue.column).toBeUndefined();
  });

  it("a file that is not UTF-8 is refused", async () => {
    const file = path.join(dir, "latin1.yaml");
    // "name: é" written in Latin-1: 0xe9 alone is not UTF-8.
    await writeFile(file, Uint8Array.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    const issue = await firstError(file);
    expect(issue.message).toBe("is not valid UTF-8 text");
  });

  it("a file that does not exist is reported as not found", async () => {
    const issue = await firstError(path.join(dir, "missing.yaml"));
    expect(issue.message).toBe("file not found");
  });

  it("a folder is reported as not a file", async () => {
    const issue = await firstError(dir);
    expect(issue.message).toBe("is not a file");
    expect(issue.expected).toBe("a YAML file");
  });

  it("a file larger than the limit is refused before it is parsed", async () => {
    const file = fixture("ok/small.yaml");
    const outcome = await loadBriefing(file, { ...defaultYamlLimits, maxBytes: 100 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(BriefingError);
    if (!(outcome instanceof BriefingError)) return;
    expect(outcome.code).toBe(ExitCode.INVALID_INPUT);
    expect(outcome.issues[0]?.message).toBe("file is too large to be a briefing");
    expect(outcome.issues[0]?.expected).toBe("at most 100 bytes");
    expect(outcome.issues[0]?.found).toMatch(/^\d+ bytes$/);
  });
});

describe("YAML that briefing does not accept", () => {
  it("empty.yaml: an empty file is refused as empty", async () => {
    const issue = await firstError(bad("empty.yaml"));
    expect(issue.message).toBe("file is empty");
    expect(issue.expected).toBe("a briefing in YAML");
    expect(issue.line).toBeUndefined();
  });

  it("not-a-mapping.yaml: a YAML list is not a briefing", async () => {
    const issue = await firstError(bad("not-a-mapping.yaml"));
    expect(issue).toMatchObject({
      line: 1,
      column: 1,
      message: "is not a briefing",
      found: "a list of 3",
    });
    expect(issue.expected).toContain("a mapping of fields");
  });

  it("duplicate-key.yaml: a key written twice points at the second one (24:5)", async () => {
    const issue = await firstError(bad("duplicate-key.yaml"));
    expect(issue).toMatchObject({ line: 24, column: 5 });
    expect(issue.message).toBe('duplicate key "name": each key may appear once in a mapping');
    // Found by the YAML parser, before there are fields: no field path.
    expect(issue.path).toBeUndefined();
  });

  it("unknown-tag.yaml: an unknown tag !foo is named, at the tag (23:11)", async () => {
    const issue = await firstError(bad("unknown-tag.yaml"));
    expect(issue).toMatchObject({ line: 23, column: 11 });
    expect(issue.message).toMatch(/^unknown tag: /);
    expect(issue.message).toContain("!foo");
  });

  // YAML 1.1's !!set, !!omap, !!pairs, !!binary and !!timestamp are not read: briefings are
  // YAML 1.2, and the tag itself is what is reported.
  it("set-tag.yaml: the !!set tag itself is reported as a tag briefings do not accept (37:8)", async () => {
    const issue = await firstError(bad("set-tag.yaml"));
    expect(issue).toMatchObject({ line: 37, column: 8 });
    expect(issue.message).toMatch(/tag/);
  });

  it("set-tag-on-checks.yaml: an empty !!set where an empty mapping is valid is still refused", async () => {
    await rejection(bad("set-tag-on-checks.yaml"));
  });

  it("binary-tag.yaml: a !!binary value is refused as an unknown tag, at the tag (37:9)", async () => {
    const issue = await firstError(bad("binary-tag.yaml"));
    expect(issue).toMatchObject({ line: 37, column: 9 });
    expect(issue.message).toMatch(/^unknown tag: /);
    expect(issue.message).toContain("!!binary");
  });

  // Were !!binary read, it would become a Node Buffer and every method of Buffer an unknown
  // field of `checks` (95 issues: checks.readBigUInt64LE…).
  it("binary-tag.yaml: a !!binary value gives one issue, not one per Buffer method", async () => {
    const error = await rejection(bad("binary-tag.yaml"));
    expect(error.issues).toHaveLength(1);
  });

  it("too-many-aliases.yaml: the 51st alias is refused where it is written (89:5)", async () => {
    const error = await rejection(bad("too-many-aliases.yaml"));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({
      line: 89,
      column: 5,
      message: "too many aliases",
      expected: "at most 50 aliases (*name)",
    });
    expect(error.issues[0]?.hint).toContain("Write the values out");
  });

  it("yaml-1-1-header.yaml: a %YAML 1.1 document is refused, with the reason", async () => {
    const issue = await firstError(bad("yaml-1-1-header.yaml"));
    expect(issue.message).toBe("%YAML 1.1 documents are not accepted");
    expect(issue.expected).toBe("YAML 1.2 (leave out the %YAML line)");
    expect(issue.hint).toContain("yes/no/on/off");
  });

  // A comment comes first: the %YAML line is line 2.
  it("yaml-1-1-header.yaml: the issue points at the %YAML line (2:1)", async () => {
    const issue = await firstError(bad("yaml-1-1-header.yaml"));
    expect(issue).toMatchObject({ line: 2, column: 1 });
  });

  it("deep-nesting.yaml: 200 nested [ are refused at the 65th (38:69)", async () => {
    const issue = await firstError(bad("deep-nesting.yaml"));
    expect(issue).toMatchObject({
      line: 38,
      column: 69,
      message: "nesting is too deep",
      expected: "at most 64 levels",
    });
  });
});

describe("fields the schema refuses", () => {
  it("missing-field.yaml: no organisation is a missing field, placed at the top of the document", async () => {
    const error = await rejection(bad("missing-field.yaml"));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({
      path: "organisation",
      line: 2,
      column: 1,
      message: "missing field",
    });
    expect(error.issues[0]?.found).toBeUndefined();
    expect(error.message).toContain("is not valid");
  });

  it("missing-field.yaml: the missing organisation is described as a mapping, not 'a object'", async () => {
    const issue = await firstError(bad("missing-field.yaml"));
    expect(issue.expected).toBe("a mapping");
  });

  it("unknown-field.yaml: the typo memebrs is an unknown field with a did-you-mean hint (27:5)", async () => {
    const error = await rejection(bad("unknown-field.yaml"));
    const typo = error.issues.find((i) => i.path === "units[1].memebrs");
    expect(typo).toMatchObject({
      severity: "error",
      line: 27,
      column: 5,
      message: 'unknown field "memebrs"',
      hint: 'did you mean "members"?',
    });
    expect(typo?.expected).toContain("members");
    // The typo is the one thing wrong: members may be left out (a unit published only as a
    // percentage), so the schema says nothing more about the unit.
    expect(error.issues).toHaveLength(1);
  });

  it("wrong-type-count.yaml: the article's 7.952/597 is refused, with a hint to write 7952597", async () => {
    const issue = await firstError(bad("wrong-type-count.yaml"));
    expect(issue).toMatchObject({
      path: "region.stated.members",
      line: 15,
      column: 14,
      message: "wrong value",
      expected: "a whole number",
      found: 'the text "7.952/597"',
      hint: "write counts as plain digits, without thousands separators: 7952597",
    });
  });

  it("negative-count.yaml: a negative count points at the count inside the segment map (32:12)", async () => {
    const issue = await firstError(bad("negative-count.yaml"));
    expect(issue).toMatchObject({
      path: "units[2].members.bpu",
      line: 32,
      column: 12,
      message: "wrong value",
      expected: "a count ≥ 0",
      found: "-147203",
    });
  });

  it("bad-date.yaml: 2020-02-30 is refused as a date that does not exist (7:9)", async () => {
    const issue = await firstError(bad("bad-date.yaml"));
    expect(issue).toMatchObject({
      path: "meeting.date",
      line: 7,
      column: 9,
      message: "wrong value",
      expected: "a calendar date that exists",
      found: 'the text "2020-02-30"',
    });
  });
});

describe("references the checks refuse", () => {
  it("unknown-segment.yaml: a count for a segment not in `segments` points at its key (27:42)", async () => {
    const issue = await firstError(bad("unknown-segment.yaml"));
    expect(issue).toMatchObject({
      path: "units[1].members.jakon",
      line: 27,
      column: 42,
      message: 'unknown segment "jakon"',
      expected: "one of pu, bpu",
    });
  });

  it("missing-segment-count.yaml: a unit without a count for bpu points at its members (31:7)", async () => {
    const issue = await firstError(bad("missing-segment-count.yaml"));
    expect(issue).toMatchObject({
      path: "units[2].members",
      line: 31,
      column: 7,
      message: 'no count for segment "bpu"',
      expected: "a count for each of pu, bpu",
      hint: "write 0 where a segment has no members",
    });
  });

  it("unknown-focus-unit.yaml: a focus on a unit not in `units` lists the units (13:10)", async () => {
    const issue = await firstError(bad("unknown-focus-unit.yaml"));
    expect(issue).toMatchObject({
      path: "region.focus",
      line: 13,
      column: 10,
      message: 'unknown unit "sumbar"',
      expected: "one of sumsel, lampung, jambi",
    });
  });

  it("duplicate-unit-id.yaml: the second use of an id points back at the first (28:9)", async () => {
    const issue = await firstError(bad("duplicate-unit-id.yaml"));
    expect(issue).toMatchObject({
      path: "units[2].id",
      line: 28,
      column: 9,
      message: 'duplicate unit id "lampung"',
      hint: "also used at units[1].id",
    });
  });

  it("duplicate-content-id.yaml: a content section's id is used once (44:9)", async () => {
    const issue = await firstError(bad("duplicate-content-id.yaml"));
    expect(issue).toMatchObject({
      path: "content[1].id",
      line: 44,
      column: 9,
      message: 'duplicate content section id "rekomendasi"',
      hint: "also used at content[0].id",
    });
  });

  it("content-row-missing-a-cell.yaml: a table row has a cell per column, the row named (47:11)", async () => {
    const issue = await firstError(bad("content-row-missing-a-cell.yaml"));
    expect(issue).toMatchObject({
      path: "content[0].table.rows[1]",
      line: 47,
      column: 11,
      expected: 'a row of 3 cells, one per column (an empty cell is "")',
      found: "a list of 2",
    });
  });

  it("content-section-without-text.yaml: a section has text, items or a table (41:5)", async () => {
    const issue = await firstError(bad("content-section-without-text.yaml"));
    expect(issue).toMatchObject({ path: "content[0]", line: 41, column: 5 });
    expect(issue.expected).toBe("a section with text, items or a table (at least one of them)");
  });

  it("share-target-on-region.yaml: a share target needs a unit (34:13)", async () => {
    const issue = await firstError(bad("share-target-on-region.yaml"));
    expect(issue).toMatchObject({
      path: "targets[0].metric",
      line: 34,
      column: 13,
      expected: "unit: <id>, or metric: coverage",
    });
    expect(issue.message).toContain("a share target needs a unit");
  });

  it("coverage-target-without-potential.yaml: a coverage target needs the unit's potential (35:13)", async () => {
    const issue = await firstError(bad("coverage-target-without-potential.yaml"));
    expect(issue).toMatchObject({
      path: "targets[0].metric",
      line: 35,
      column: 13,
      message:
        "a coverage target needs the potential (the coverage denominator), or a published coverage",
      expected: "units[0].potential, or units[0].stated.coverage",
    });
  });
});

describe("stated figures in the example data", () => {
  it("data/sumbagsel/2020-10.yaml gives one warning: the article's 36 % against 36.67 % (111:14)", async () => {
    const file = dataFile("sumbagsel/2020-10.yaml");
    const checked = await checkFile(file);
    expect(checked.issues).toHaveLength(1);
    const [warning] = checked.issues;
    expect(warning).toMatchObject({
      severity: "warning",
      file,
      path: "units[0].stated.share",
      line: 111,
      column: 14,
    });
    expect(warning?.message).toContain("stated 36 %");
    expect(warning?.message).toContain("36.6707 %");
    expect(warning?.message).toContain("2,916,275 of 7,952,597 members");
    if (warning) {
      expect(formatIssue(warning)).toMatch(
        /sumbagsel\/2020-10\.yaml:111:14: warning: units\[0\]\.stated\.share: stated 36 %/,
      );
    }
  });

  it("data/sumbagsel/2020-10.yaml is refused with --strict, the warning made an error", async () => {
    const file = dataFile("sumbagsel/2020-10.yaml");
    const outcome = await checkFile(file, { strict: true }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(BriefingError);
    if (!(outcome instanceof BriefingError)) return;
    expect(outcome.code).toBe(ExitCode.INVALID_INPUT);
    expect(outcome.issues).toHaveLength(1);
    expect(outcome.issues[0]).toMatchObject({
      severity: "error",
      path: "units[0].stated.share",
      line: 111,
      column: 14,
      hint: "--strict makes disagreements errors",
    });
  });

  it("data/sumsel/2018-10.yaml gives no warning, only a note about jakon above 100 % (58:25)", async () => {
    const file = dataFile("sumsel/2018-10.yaml");
    const checked = await checkFile(file);
    expect(checked.issues.filter((i) => i.severity !== "note")).toEqual([]);
    expect(checked.issues).toHaveLength(1);
    expect(checked.issues[0]).toMatchObject({
      severity: "note",
      file,
      path: "units[0].potential.jakon",
      line: 58,
      column: 25,
    });
    expect(checked.issues[0]?.message).toContain("201.6903 %");
    expect(checked.issues[0]?.message).toContain("more members than potential");
  });

  it("data/sumsel/2018-10.yaml passes --strict: a note is not a disagreement", async () => {
    const checked = await checkFile(dataFile("sumsel/2018-10.yaml"), { strict: true });
    expect(checked.issues.map((i) => i.severity)).toEqual(["note"]);
  });
});
