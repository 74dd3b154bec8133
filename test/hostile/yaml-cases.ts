/**
 * The hostile YAML files: each tries to make loading slow, big, confusing or dangerous. The
 * suite (yaml.test.ts) checks that each is refused with a clear, located error; the benchmark
 * (bench/hostile.ts) times how long refusing each takes.
 */
import { randomBytes } from "node:crypto";
import { laughs, smallYaml } from "./support.js";

/** small.yaml with `extra` inserted after its first line of data (`language: id`). */
const small = (extra: string, replace = "language: id\n") =>
  smallYaml().replace(replace, `${replace}${extra}`);

export interface Case {
  /** What the file tries. */
  name: string;
  /** File name and contents (made in beforeAll: some are large). */
  file: () => [string, string | Uint8Array];
  /** Every issue is placed at a line and column: false where the whole file is the problem. */
  located: boolean;
  /** Something one issue's message (at least) must say. */
  says: RegExp;
  /** Where one of those issues must point, when fixed by the input. */
  at?: { line: number; column?: number };
}

export const cases: Case[] = [
  {
    name: "an alias bomb (billion laughs: 9 levels of 9 aliases) is refused at the 51st alias",
    file: () => ["laughs.yaml", laughs(10, 9)],
    located: true,
    says: /too many aliases/,
    // l1 and l2 hold 18 aliases, l3…l5 27 more: the 51st is the 6th of l6, on line 7.
    at: { line: 7 },
  },
  {
    name: "an alias bomb under the alias limit (45 aliases expanding to 9^6 strings) is refused",
    file: () => ["laughs-45.yaml", laughs(6, 9)],
    located: false,
    says: /could not be read|alias/,
  },
  {
    name: "5,000 nested [ are refused at the 65th",
    file: () => ["nested.yaml", `notes: ${"[".repeat(5000)}${"]".repeat(5000)}\n`],
    located: true,
    says: /nesting is too deep/,
    at: { line: 1, column: 72 },
  },
  {
    name: "5,000 nested flow mappings {a: {a: …}}",
    file: () => ["nested-maps.yaml", `checks: ${"{a: ".repeat(5000)}1${"}".repeat(5000)}\n`],
    located: true,
    says: /nesting is too deep/,
    at: { line: 1 },
  },
  {
    name: "a duplicate key (organisation written twice) points at the second",
    file: () => ["duplicate.yaml", small("organisation:\n  name: Evil Twin\n")],
    located: true,
    says: /duplicate key "organisation"/,
    at: { line: 6, column: 1 },
  },
  {
    name: "a __proto__ key at the top, in a unit and in a flow map is an unknown field",
    file: () => [
      "proto.yaml",
      small("__proto__:\n  polluted: yes\n").replace(
        "  - id: lampung\n",
        "  - id: lampung\n    __proto__: { polluted: yes, toString: 1 }\n",
      ),
    ],
    located: true,
    says: /unknown field "__proto__"/,
    at: { line: 4, column: 1 },
  },
  {
    name: "a constructor.prototype key at the top and in a unit is an unknown field",
    file: () => [
      "constructor.yaml",
      small("constructor:\n  prototype:\n    polluted: yes\n").replace(
        "  - id: lampung\n",
        "  - id: lampung\n    constructor: { prototype: { polluted: yes } }\n",
      ),
    ],
    located: true,
    says: /unknown field "constructor"/,
    at: { line: 4, column: 1 },
  },
  {
    name: "an unknown local tag !foo is named at the tag",
    file: () => ["tag-foo.yaml", smallYaml().replace("name: Lampung", "name: !foo Lampung")],
    located: true,
    says: /unknown tag: !foo/,
  },
  {
    name: "the YAML 1.1 tag !!set is refused",
    file: () => [
      "tag-set.yaml",
      smallYaml().replace("notes:\n  - Catatan pertama.\n", "notes: !!set\n  ? Catatan pertama.\n"),
    ],
    located: true,
    says: /unknown tag|!!set/,
  },
  {
    name: "language-specific tags (!!js/function, !!python/object/apply) are refused",
    file: () => [
      "tag-code.yaml",
      smallYaml().replace(
        "notes:\n  - Catatan pertama.\n",
        'notes:\n  - !!js/function "function () { process.exit(9) }"\n  - !!python/object/apply:os.system ["true"]\n',
      ),
    ],
    located: true,
    says: /unknown tag/,
  },
  {
    name: "a merge key (<<: *base) is not merged but refused as an unknown field",
    file: () => [
      "merge.yaml",
      smallYaml().replace(
        "  - id: lampung\n    name: Lampung\n",
        "  - &base\n    id: lampung\n    name: Lampung\n    members: 1\n  - <<: *base\n    id: lampung2\n",
      ),
    ],
    located: true,
    says: /unknown field "<<"|<</,
  },
  {
    name: "a %YAML 1.1 header is refused at the header",
    file: () => ["yaml11.yaml", `%YAML 1.1\n---\n${smallYaml()}`],
    located: true,
    says: /%YAML 1\.1 documents are not accepted/,
    at: { line: 1, column: 1 },
  },
  {
    name: "a 50 MB file is refused by its size, unread",
    file: () => ["big.yaml", Buffer.alloc(50 * 1024 * 1024, "notes: [a, b]\n")],
    located: false,
    says: /too large/,
  },
  {
    name: "a binary file (random bytes with NULs) is refused as binary",
    file: () => ["binary.yaml", Buffer.concat([randomBytes(4096), Buffer.from([0])])],
    located: false,
    says: /binary/,
  },
  {
    name: "a binary file without NULs (not UTF-8) is refused as not UTF-8",
    file: () => [
      "latin.yaml",
      Uint8Array.from({ length: 4096 }, (_, i) => 0x80 + ((i * 37) % 0x7f)),
    ],
    located: false,
    says: /not valid UTF-8/,
  },
  {
    name: "an empty file is refused as empty",
    file: () => ["empty.yaml", ""],
    located: false,
    says: /empty/,
  },
  {
    name: "a file of only comments is not a briefing",
    file: () => ["comments.yaml", "# nothing here\n# at all\n"],
    located: true,
    says: /not a briefing/,
  },
  {
    name: "a valid YAML list is not a briefing",
    file: () => ["list.yaml", "- organisation\n- meeting\n"],
    located: true,
    says: /not a briefing/,
    at: { line: 1, column: 1 },
  },
  {
    name: "a valid YAML mapping of something else (a package.json) is not a briefing",
    file: () => [
      "package.yaml",
      '{"name": "x", "version": "1.0.0", "scripts": {"test": "rm -rf /"}}\n',
    ],
    located: true,
    says: /unknown field "name"|missing field/,
  },
  {
    name: "two YAML documents in one file are refused",
    file: () => ["two-docs.yaml", `${smallYaml()}---\n${smallYaml()}`],
    located: true,
    says: /multiple documents|document/i,
  },
];

/**
 * Files the limits let through that cost far more than a second (known bugs).
 *
 * Nesting the depth check in src/load/yaml.ts (checkDepth) does not see: it counts only flow
 * brackets, and a lone ' or " inside a plain scalar (`title: the governor 'visit`) makes it
 * skip the rest of the file as "quoted". What is not caught there overflows the YAML parser's
 * stack: refused, but as "Maximum call stack size exceeded", and in time and memory that grow
 * with the depth (200,000 levels: 1–2 s; 2,000,000 levels in a 4 MB file, under the 5 MB
 * limit: 10–25 s and 1.2 GB of memory).
 *
 * Many small nodes: the 5 MB limit is far above what parsing and validating can do in a
 * second (about 0.25 MB/s for a list of numbers, with one issue per number). A 200 KB flow list
 * of 100,000 numbers takes seconds; a 4.8 MB one (`notes: [1,1,1,…]`, 2.4 million numbers)
 * made `briefing check` run for 4 minutes, grow to 4.4 GB and die of a V8 heap
 * out-of-memory abort (exit 134, a native stack trace on stderr).
 */
export const deepCases: Case[] = [
  {
    name: "a 200 KB flow list of 100,000 numbers where texts belong",
    file: () => ["many-numbers.yaml", `notes: [${"1,".repeat(100_000)}1]\n`],
    located: true,
    says: /too many values/,
  },
  {
    name: "5,000 nested [ after a plain scalar with a lone quote",
    file: () => [
      "nested-after-quote.yaml",
      `title: the governor 'visit\nnotes: ${"[".repeat(5000)}${"]".repeat(5000)}\n`,
    ],
    located: true,
    says: /nesting is too deep/,
  },
  {
    name: "5,000 nested block sequences (- - - …) on one line",
    file: () => ["nested-block.yaml", `notes:\n  ${"- ".repeat(5000)}x\n`],
    located: true,
    says: /nesting is too deep/,
  },
  {
    name: "200,000 nested [ after a plain scalar with a lone quote (400 KB)",
    file: () => [
      "nested-after-quote-400k.yaml",
      `title: the governor 'visit\nnotes: ${"[".repeat(200_000)}${"]".repeat(200_000)}\n`,
    ],
    located: true,
    says: /nesting is too deep/,
  },
  {
    name: "200,000 nested block sequences (400 KB)",
    file: () => ["nested-block-400k.yaml", `notes:\n  ${"- ".repeat(200_000)}x\n`],
    located: true,
    says: /nesting is too deep/,
  },
  {
    name: "1,000 nested block mappings, one column of indentation a level",
    // Only flow brackets and block indicators were counted: this overflowed the parser's stack
    // ("Maximum call stack size exceeded").
    file: () => [
      "nested-block-maps.yaml",
      `${Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n")} 1\n`,
    ],
    located: true,
    says: /nesting is too deep/,
    at: { line: 130 },
  },
  {
    name: "1,000 nested block mappings, two columns of indentation a level",
    file: () => [
      "nested-block-maps-2.yaml",
      `${Array.from({ length: 1000 }, (_, i) => `${"  ".repeat(i)}k:`).join("\n")} 1\n`,
    ],
    located: true,
    says: /nesting is too deep/,
    at: { line: 66 },
  },
  {
    name: "25 aliases, each repeating the one before twice, are refused at the first alias",
    // Under the alias limit, they expand exponentially; the error had no line and column.
    file: () => [
      "laughs-25.yaml",
      `a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 24 },
        (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}]`,
      ).join("\n")}\n`,
    ],
    located: true,
    says: /aliases repeat each other into too much data/,
    at: { line: 2, column: 10 },
  },
  {
    name: "a merge key inside a map of counts is named as a merge key",
    // It said "expected Invalid key in record".
    file: () => [
      "merge-in-counts.yaml",
      smallYaml()
        .replace(
          "members: { pu: 1652310, bpu: 418907 }",
          "members: &m { pu: 1652310, bpu: 418907 }",
        )
        .replace("members: { pu: 1402116, bpu: 356880 }", "members:\n      <<: *m"),
    ],
    located: true,
    says: /merge keys \(<<\) are not accepted/,
  },
];
