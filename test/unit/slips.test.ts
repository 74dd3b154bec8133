/**
 * Typing slips that change a number. Each is a valid YAML number, so the schema lets it
 * through: `briefing check` refuses pu: 1.000, which YAML reads as 1, a count written in
 * hexadecimal (0x1402116), with an exponent (1e6) or with a decimal point (1000.0), a target
 * written as a fraction (0.63 where 63 % is meant) and a percentage in hexadecimal (0x3F), each
 * with exit 1 and an error at the line and column of the number as it was typed, with a hint.
 * The same numbers written plainly (1000, the decimal form, 63) are accepted. A published
 * figure that nothing can check is printed as published, with a note at its line.
 *
 * The fixtures are in test/fixtures/bad: each a copy of test/fixtures/ok/small.yaml with one
 * slip, named after it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Checked, checkFile } from "../../src/build.js";
import { formatIssue } from "../../src/errors.js";
import { removeTempDirs, tempDir } from "../support/files.js";
import { bad, firstError } from "../support/refusal.js";

afterAll(removeTempDirs);

/** A count of a unit, whether the unit's members are one total or split by segment. */
function memberCount(checked: Checked, unit: number, segment: string): number | undefined {
  const members = checked.briefing.units[unit]?.members;
  return typeof members === "object" ? members[segment] : undefined;
}

interface Slip {
  /** The fixture in test/fixtures/bad. */
  fixture: string;
  /** What the test says, read like the README. */
  title: string;
  /** The number as typed in the fixture, and the whole line it is on. */
  typed: string;
  /** The line the slip is on, as written in the fixture. */
  lineText: string;
  path: string;
  /** 1-based, counted in the fixture. */
  line: number;
  column: number;
  message: RegExp;
  hint: string;
  /** The same number written plainly, and what it is then read as. */
  plain: string;
  readAs: (checked: Checked) => number | undefined;
  value: number;
}

const slips: Slip[] = [
  {
    fixture: "count-with-dot-thousands.yaml",
    title: "refuses pu: 1.000, which YAML reads as 1, and hints 1000",
    typed: "1.000",
    lineText: "      pu: 1.000",
    path: "units[2].members.pu",
    line: 31,
    column: 11,
    message: /^1\.000 is read as the number 1, not 1000\b/,
    hint: "write 1000",
    plain: "1000",
    readAs: (checked) => memberCount(checked, 2, "pu"),
    value: 1000,
  },
  {
    fixture: "count-in-hexadecimal.yaml",
    title: "refuses pu: 0x1402116, which YAML reads as hexadecimal, and gives its decimal value",
    typed: "0x1402116",
    lineText: "    members: { pu: 0x1402116, bpu: 356880 }",
    path: "units[1].members.pu",
    line: 27,
    column: 20,
    message: /^0x1402116 is hexadecimal, read as 20979990$/,
    hint: "write 20979990 if that is meant",
    plain: "20979990",
    readAs: (checked) => memberCount(checked, 1, "pu"),
    value: 20979990,
  },
  {
    fixture: "count-with-exponent.yaml",
    title: "refuses bpu: 1e6, a count with an exponent, and gives its value in digits",
    typed: "1e6",
    lineText: "    members: { pu: 1652310, bpu: 1e6 }",
    path: "units[0].members.bpu",
    line: 24,
    column: 34,
    message: /^1e6 has an exponent, read as 1000000$/,
    hint: "write 1000000 if that is meant",
    plain: "1000000",
    readAs: (checked) => memberCount(checked, 0, "bpu"),
    value: 1000000,
  },
  {
    fixture: "count-with-decimal-point.yaml",
    title: "refuses bpu: 1000.0, a count with a decimal point, and hints 1000",
    typed: "1000.0",
    lineText: "      bpu: 1000.0",
    path: "units[2].members.bpu",
    line: 32,
    column: 12,
    message: /^1000\.0 is written with a decimal point$/,
    hint: "write 1000",
    plain: "1000",
    readAs: (checked) => memberCount(checked, 2, "bpu"),
    value: 1000,
  },
  {
    fixture: "target-as-fraction.yaml",
    title: "refuses a target of 0.63, a fraction where 63 % is meant, and asks: did you mean 63?",
    typed: "0.63",
    lineText: "    value: 0.63",
    path: "targets[0].value",
    line: 36,
    column: 12,
    message: /^a target of 0\.63 % looks like a fraction$/,
    hint: "did you mean 63?",
    plain: "63",
    readAs: (checked) => checked.briefing.targets[0]?.value,
    value: 63,
  },
  {
    fixture: "percentage-in-hexadecimal.yaml",
    title: "refuses a target of 0x3F, a percentage in hexadecimal, and gives its decimal value",
    typed: "0x3F",
    lineText: "    value: 0x3F",
    path: "targets[0].value",
    line: 36,
    column: 12,
    message: /^0x3F is hexadecimal, read as 63$/,
    hint: "write 63 if that is meant",
    plain: "63",
    readAs: (checked) => checked.briefing.targets[0]?.value,
    value: 63,
  },
];

describe("briefing check refuses slips that change a number", () => {
  for (const slip of slips) {
    it(slip.title, async () => {
      const file = bad(slip.fixture);
      // The fixture is what the test counts in: the slip is where the test says it is.
      const lines = readFileSync(file, "utf8").split("\n");
      expect(lines[slip.line - 1]).toBe(slip.lineText);
      expect(slip.lineText.indexOf(slip.typed) + 1).toBe(slip.column);

      const issue = await firstError(file);
      expect(issue.path).toBe(slip.path);
      expect(issue.line).toBe(slip.line);
      expect(issue.column).toBe(slip.column);
      expect(issue.message).toMatch(slip.message);
      expect(issue.found).toBe(slip.typed);
      expect(issue.hint).toBe(slip.hint);

      const printed = formatIssue(issue);
      expect(printed).toContain(`${file}:${slip.line}:${slip.column}: error: ${slip.path}: `);
      expect(printed).toContain(`\n  hint: ${slip.hint}`);
    });
  }
});

describe("the same numbers written plainly are accepted", () => {
  for (const slip of slips) {
    it(`accepts ${slip.path}: ${slip.plain} where ${slip.fixture} has ${slip.typed}`, async () => {
      const text = readFileSync(bad(slip.fixture), "utf8");
      const plainLine = slip.lineText.replace(slip.typed, slip.plain);
      const fixed = text.replace(`${slip.lineText}\n`, `${plainLine}\n`);
      expect(fixed).not.toBe(text);
      const file = path.join(tempDir(), slip.fixture);
      writeFileSync(file, fixed);

      const checked = await checkFile(file);
      expect(slip.readAs(checked)).toBe(slip.value);
      // Nothing is said about the number itself. (A count that differs from small.yaml's makes
      // the region's stated total disagree: a warning about region.stated.members, not a refusal.)
      expect(checked.issues.filter((i) => i.path === slip.path)).toEqual([]);
      expect(checked.issues.filter((i) => i.severity === "error")).toEqual([]);
    });
  }
});

describe("a stated figure that cannot be checked", () => {
  // test/fixtures/ok/small.yaml, with a coverage published for sumsel, which has no potential.
  const yaml = `language: id
organisation:
  name: BPJS Ketenagakerjaan
meeting:
  title: Audiensi dengan Gubernur
  date: 2020-11-16
period:
  as_of: 2020-10
region:
  name: Sumbagsel
  unit_label: provinsi
  focus: sumsel
  stated:
    members: 4667930
segments:
  - id: pu
    name: Penerima Upah
  - id: bpu
    name: Bukan Penerima Upah
units:
  - id: sumsel
    name: Sumatera Selatan
    members: { pu: 1652310, bpu: 418907 }
    stated: { coverage: 41.84 }
  - id: lampung
    name: Lampung
    members: { pu: 1402116, bpu: 356880 }
  - id: jambi
    name: Jambi
    members:
      pu: 690514
      bpu: 147203
targets:
  - unit: sumsel
    metric: share
    value: 63
notes:
  - Catatan pertama.
`;

  it("accepts stated: { coverage: 41.84 } without a potential, printed as published, with a note at its line", async () => {
    const file = path.join(tempDir(), "coverage-without-potential.yaml");
    writeFileSync(file, yaml);
    expect(yaml.split("\n")[23]).toBe("    stated: { coverage: 41.84 }");

    // Resolving is `briefing check` exiting 0; --strict does not make a note an error.
    for (const strict of [false, true]) {
      const checked = await checkFile(file, { strict });
      expect(checked.issues).toHaveLength(1);
      const [note] = checked.issues;
      expect(note).toMatchObject({
        severity: "note",
        file,
        path: "units[0].stated.coverage",
        line: 24,
        column: 25,
      });
      expect(note?.message).toMatch(
        /^stated coverage 41\.84 % cannot be checked \(.+\); printed as published$/,
      );
      expect(note?.hint).toBeUndefined();
      if (note)
        expect(formatIssue(note)).toBe(
          `${file}:24:25: note: units[0].stated.coverage: stated coverage 41.84 % cannot be checked (no potential); printed as published`,
        );
      expect(checked.briefing.units[0]?.stated?.coverage).toBe(41.84);
    }
  });
});
