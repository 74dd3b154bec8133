/**
 * Load stage: a YAML file in, a validated Briefing out, or every problem found with its
 * file, line, column and field.
 */
import { z } from "zod";
import { BriefingError, type Issue, invalidInput } from "../errors.js";
import { t } from "../locale/messages.js";
import { type Briefing, BriefingSchema } from "./schema.js";
import { withSheetUnits } from "./sheet/from.js";
import {
  defaultYamlLimits,
  type FieldPath,
  formatPath,
  readYamlFile,
  type YamlLimits,
  type YamlSource,
} from "./yaml.js";

export interface Loaded {
  briefing: Briefing;
  source: YamlSource;
}

/**
 * `parsed`: the file as a caller has already read and parsed it (the archive's plan), so that it
 * is not parsed twice; by the same limits, and used once (a sheet's units are read into it).
 */
export async function loadBriefing(
  file: string,
  limits: YamlLimits = defaultYamlLimits,
  parsed?: YamlSource,
): Promise<Loaded> {
  // Units may come from a sheet beside the file: read into the data, their places its cells.
  const { source, issues } = await withSheetUnits(parsed ?? (await readYamlFile(file, limits)));
  if (issues.length === 0) return { briefing: validate(source, BriefingSchema), source };
  // The sheet's cells and the schema's findings at once, a cell said wrong once.
  const said = new Set(issues.map((issue) => `${issue.file}|${issue.cell}`));
  try {
    validate(source, BriefingSchema);
  } catch (error) {
    if (!(error instanceof BriefingError)) throw error;
    issues.push(...error.issues.filter((issue) => !said.has(`${issue.file}|${issue.cell}`)));
  }
  throw invalidInput(capped(issues));
}

/** Validates parsed YAML against a schema, turning every schema issue into a located Issue. */
export function validate<S extends z.ZodType>(source: YamlSource, schema: S): z.output<S> {
  if (source.data === null || typeof source.data !== "object" || Array.isArray(source.data)) {
    throw invalidInput([
      {
        severity: "error",
        file: source.file,
        line: 1,
        column: 1,
        message: t`is not a briefing`,
        expected: t`a mapping of fields (organisation, meeting, period, region, units…)`,
        found: describeValue(source.data),
      },
    ]);
  }
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues.flatMap((issue) =>
    toIssues(source, schema, issue as ZodIssue, []),
  );
  throw invalidInput(capped(dedupe(issues)));
}

/** A file that is wrong everywhere gets its first hundred issues, and a count of the rest. */
export function capped(issues: Issue[], most = 100): Issue[] {
  if (issues.length <= most) return issues;
  const first = issues[0];
  return [
    ...issues.slice(0, most),
    {
      severity: "error",
      file: first?.file ?? "",
      message: t`and ${issues.length - most} more errors like these`,
    },
  ];
}

type ZodIssue = z.core.$ZodIssue;

function toIssues(
  source: YamlSource,
  schema: z.ZodType,
  issue: ZodIssue,
  prefix: FieldPath,
): Issue[] {
  const path: FieldPath = [...prefix, ...(issue.path as (string | number)[])];
  const base = { severity: "error" as const, file: source.file, path: formatPath(path) };

  if (issue.code === "invalid_union") {
    // A union whose value had the right shape for one branch: report that branch's issues,
    // which point deeper (members.bpu), rather than the union's generic message.
    const matched = issue.errors.find(
      (branch) =>
        branch.length > 0 &&
        !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0),
    );
    if (matched) return matched.flatMap((inner) => toIssues(source, schema, inner, path));
  }

  if (issue.code === "invalid_key") {
    // A key a map does not allow: "<<" is a YAML 1.1 merge key, which briefings do not read.
    const key = String(issue.path[issue.path.length - 1] ?? "");
    const merge = key === "<<";
    return [
      {
        ...base,
        ...source.locateKey(path.slice(0, -1), key),
        message: merge ? t`merge keys (<<) are not accepted` : t`key "${key}" is not accepted here`,
        ...(merge
          ? { hint: t`Write the fields out instead of merging them in from an anchor.` }
          : {
              expected: issue.issues
                .map((inner) => inner.message)
                .filter(Boolean)
                .join("; "),
            }),
      },
    ];
  }

  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(schema, path);
    return issue.keys.map((key) => {
      const suggestion = known ? closest(key, known) : undefined;
      return {
        ...base,
        path: formatPath([...path, key]),
        ...source.locateKey(path, key),
        message: t`unknown field "${key}"`,
        ...(known ? { expected: t`one of ${known.join(", ")}` } : {}),
        ...(suggestion ? { hint: t`did you mean "${suggestion}"?` } : {}),
      };
    });
  }

  const input = "input" in issue ? issue.input : undefined;
  const missing =
    (issue.code === "invalid_type" || issue.code === "invalid_union") && input === undefined;
  const issueOut: Issue = {
    ...base,
    ...source.locate(path),
    message: missing ? t`missing field` : t`wrong value`,
    expected: expectation(issue),
  };
  const written = source.written(path);
  // A number as the user typed it (147.200), not as parsed (147.2).
  if (!missing)
    issueOut.found = typeof input === "number" && written ? written : describeValue(input);
  const hint = hintFor(input, written);
  if (hint) issueOut.hint = hint;
  return [issueOut];
}

function expectation(issue: ZodIssue): string {
  switch (issue.code) {
    case "invalid_value":
      return t`one of ${issue.values.map((v) => String(v)).join(", ")}`;
    case "invalid_type":
      return issue.message.startsWith("Invalid input")
        ? (typeNames()[issue.expected] ?? t`a ${issue.expected}`)
        : issue.message;
    // zod's own words where a schema gives none (`decimals: 7`), as a person editing YAML says it.
    case "too_small":
      if (!issue.message.startsWith("Too small")) return issue.message;
      if (issue.origin === "string") return t`a text of at least ${issue.minimum} characters`;
      if (issue.origin === "array") return t`a list of at least ${issue.minimum} items`;
      return issue.inclusive === false
        ? t`more than ${issue.minimum}`
        : t`at least ${issue.minimum}`;
    case "too_big":
      if (!issue.message.startsWith("Too big")) return issue.message;
      if (issue.origin === "string") return t`a text of at most ${issue.maximum} characters`;
      if (issue.origin === "array") return t`a list of at most ${issue.maximum} items`;
      return issue.inclusive === false
        ? t`less than ${issue.maximum}`
        : t`at most ${issue.maximum}`;
    default:
      return issue.message;
  }
}

/** zod's type names, as a person editing YAML calls them. */
const typeNames = (): Record<string, string> => ({
  object: t`a mapping`,
  record: t`a mapping`,
  array: t`a list`,
  string: t`a text`,
  number: t`a number`,
  int: t`a whole number`,
  boolean: t`true or false`,
});

/**
 * What the user probably meant, from the value and, where the file is at hand, the text it was
 * written as (`147.200` is the number 147.2 once parsed: only the text still has its zeros).
 */
function hintFor(input: unknown, written?: string): string | undefined {
  const text = written?.trim();
  if (typeof input === "number" && text !== undefined && /^\d{1,3}(\.\d{3})+$/.test(text)) {
    return t`${text} is read as a decimal number; write counts as plain digits: ${text.replaceAll(".", "")}`;
  }
  if (
    typeof input === "number" &&
    !Number.isInteger(input) &&
    /^\d{1,3}\.\d{3}$/.test(String(input))
  ) {
    return t`${input} is read as a decimal number; write counts as plain digits: ${String(input).replace(".", "")}`;
  }
  if (typeof input === "string" && /^\d{1,3}(_\d{3})+$/.test(input.trim())) {
    return t`write counts as plain digits, without separators: ${input.replace(/\D/g, "")}`;
  }
  if (typeof input === "string" && /^\d+,\d+$/.test(input.trim())) {
    return t`write a decimal with a point: ${input.trim().replace(",", ".")}`;
  }
  if (typeof input === "string" && /^\d{1,3}([.,/ ]\d{3})+$/.test(input.trim())) {
    return t`write counts as plain digits, without thousands separators: ${input.replace(/\D/g, "")}`;
  }
  if (typeof input === "string" && /^\d+([.,]\d+)?\s*%$/.test(input.trim())) {
    return t`write percentages as plain numbers: ${input.replace(/\s*%/, "").replace(",", ".")}`;
  }
  return undefined;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return t`nothing`;
  if (value === null) return t`nothing (null)`;
  if (Array.isArray(value)) return t`a list of ${value.length}`;
  if (value instanceof Date) return t`the date ${value.toISOString().slice(0, 10)}`;
  if (typeof value === "object") return t`a mapping`;
  if (typeof value === "string") {
    const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return t`the text ${JSON.stringify(shown)}`;
  }
  return String(value);
}

/** The field names a strict object at `path` accepts, for "did you mean". */
function knownKeys(schema: z.ZodType, path: FieldPath): string[] | undefined {
  let current: z.ZodType | undefined = schema;
  for (const part of path) {
    current = unwrap(current);
    if (current instanceof z.ZodObject)
      current = (current.shape as Record<string, z.ZodType>)[String(part)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return undefined;
    if (!current) return undefined;
  }
  current = unwrap(current);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : undefined;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(
        current + 1,
        (row[j - 1] ?? 0) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}|${issue.message}|${issue.expected}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
