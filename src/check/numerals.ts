/**
 * Check stage: numbers as they were typed. YAML reads `1.000` as the number 1, `0x10` as 16 and
 * `1e6` as a million; each is a valid number, and each is a slip that changes a count. The
 * parsed value has forgotten how it was written, so every count and percentage is checked
 * against its text in the file.
 */
import type { Issue } from "../errors.js";
import type { Briefing, StatedValue } from "../load/schema.js";
import { type FieldPath, formatPath, type YamlSource } from "../load/yaml.js";
import { t } from "../locale/messages.js";

const PLAIN_COUNT = /^\d+$/;
const PLAIN_PERCENT = /^(\d+(\.\d+)?|\.\d+)$/;

const plainDigits = (kind: "count" | "percent"): string =>
  kind === "count" ? t`a count written as plain digits` : t`a percentage written as plain digits`;

/** Why a written number is not a plain count or percentage, and what to write instead. */
function problem(written: string, value: number, kind: "count" | "percent"): Issue | undefined {
  const text = written.trim();
  if (kind === "count" ? PLAIN_COUNT.test(text) : PLAIN_PERCENT.test(text)) return undefined;
  const plain = String(value);
  const base = { severity: "error" as const, file: "", found: text };
  if (kind === "count" && /^\d{1,3}(\.\d{3})+$/.test(text)) {
    const meant = text.replaceAll(".", "");
    return {
      ...base,
      message: t`${text} is read as the number ${plain}, not ${meant}: YAML takes the dot for a decimal point`,
      expected: t`a count written as plain digits`,
      hint: t`write ${meant}`,
    };
  }
  if (/^[-+]?0x/i.test(text))
    return {
      ...base,
      message: t`${text} is hexadecimal, read as ${plain}`,
      expected: plainDigits(kind),
      hint: t`write ${plain} if that is meant`,
    };
  if (/^[-+]?0o/i.test(text))
    return {
      ...base,
      message: t`${text} is octal, read as ${plain}`,
      expected: plainDigits(kind),
      hint: t`write ${plain} if that is meant`,
    };
  if (/e/i.test(text) && /^[-+]?[\d.]+e[-+]?\d+$/i.test(text))
    return {
      ...base,
      message: t`${text} has an exponent, read as ${plain}`,
      expected: plainDigits(kind),
      hint: t`write ${plain} if that is meant`,
    };
  if (kind === "count" && /^\d+\.\d*$/.test(text))
    return {
      ...base,
      message: t`${text} is written with a decimal point`,
      expected: t`a count written as plain digits`,
      hint: t`write ${plain}`,
    };
  return {
    ...base,
    message: t`${text} is not written as plain digits`,
    expected:
      kind === "count"
        ? t`a count written as plain digits (1000)`
        : t`a percentage such as 63 or 26.72`,
    hint: t`write ${plain} if that is meant`,
  };
}

export function checkNumerals(briefing: Briefing, source: YamlSource): Issue[] {
  const issues: Issue[] = [];
  const check = (path: FieldPath, value: number | undefined, kind: "count" | "percent") => {
    if (value === undefined) return;
    const written = source.written(path);
    if (written === undefined) return;
    const found = problem(written, value, kind);
    if (found)
      issues.push({ ...found, file: source.file, path: formatPath(path), ...source.locate(path) });
  };
  const counts = (path: FieldPath, value: number | Record<string, number> | undefined) => {
    if (typeof value === "number") check(path, value, "count");
    else if (value)
      for (const [id, count] of Object.entries(value)) check([...path, id], count, "count");
  };
  const stated = (path: FieldPath, value: Omit<StatedValue, "segments"> | undefined) => {
    if (!value) return;
    check([...path, "members"], value.members, "count");
    check([...path, "potential"], value.potential, "count");
    check([...path, "share"], value.share, "percent");
    check([...path, "coverage"], value.coverage, "percent");
  };
  const statedWithSegments = (path: FieldPath, value: StatedValue | undefined) => {
    stated(path, value);
    for (const [id, segment] of Object.entries(value?.segments ?? {}))
      stated([...path, "segments", id], segment);
  };

  check(["region", "unit_count"], briefing.region.unit_count, "count");
  statedWithSegments(["region", "stated"], briefing.region.stated);
  briefing.units.forEach((unit, i) => {
    counts(["units", i, "members"], unit.members);
    counts(["units", i, "potential"], unit.potential);
    statedWithSegments(["units", i, "stated"], unit.stated);
  });
  briefing.targets.forEach((target, i) => {
    check(["targets", i, "value"], target.value, "percent");
  });
  return issues;
}
