/** Bad input as the check stage refuses it: an invalid-input error (exit 1) and its issues. */
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { checkFile } from "../../src/check/check-file.js";
import { BriefingError, ExitCode, type Issue } from "../../src/errors.js";

/** A file of test/fixtures/bad: small.yaml with one thing wrong, named after it. */
export const bad = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/bad/${name}`, import.meta.url));

/** Checks `file`, expecting it to be refused as invalid input; returns the error. */
export async function rejection(file: string): Promise<BriefingError> {
  const outcome = await checkFile(file).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome, `${file} should be rejected`).toBeInstanceOf(BriefingError);
  if (!(outcome instanceof BriefingError)) throw new Error("not a BriefingError");
  expect(outcome.code).toBe(ExitCode.INVALID_INPUT);
  expect(outcome.issues.length).toBeGreaterThan(0);
  return outcome;
}

/** The first error of the rejection of `file`, which names the file. */
export async function firstError(file: string): Promise<Issue> {
  const error = await rejection(file);
  const issue = error.issues.find((i) => i.severity === "error");
  if (!issue) throw new Error(`no error issue for ${file}`);
  expect(issue.file).toBe(file);
  return issue;
}
