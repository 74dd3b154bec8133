/**
 * Errors are values with a place. Every failure the user can act on is a BriefingError
 * carrying an exit code from one frozen table; the CLI is the only place that turns it
 * into an exit status.
 */

import { t } from "./locale/messages.js";

export const ExitCode = Object.freeze({
  OK: 0,
  INVALID_INPUT: 1,
  USAGE: 2,
  ENVIRONMENT: 3,
  /** A bug in briefing itself: nothing the user did. */
  INTERNAL: 70,
} as const);
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A note reports something allowed but worth knowing (a coverage above 100 %). */
export type Severity = "error" | "warning" | "note";

/** One finding about an input file, pointing at the place it concerns. */
export interface Issue {
  severity: Severity;
  file: string;
  /** 1-based; absent when the finding concerns the whole file. */
  line?: number;
  column?: number;
  /** The worksheet, for a finding in a workbook (`Oktober 2020`). */
  sheet?: string;
  /** The cell in A1 notation (`C7`), for a finding in a spreadsheet or a CSV file. */
  cell?: string;
  /** Field path in the data, e.g. `units[2].members.bpu`. */
  path?: string;
  message: string;
  /** What would have been valid. */
  expected?: string;
  /** What was there instead. */
  found?: string;
  hint?: string;
}

export class BriefingError extends Error {
  readonly code: ExitCode;
  readonly issues: readonly Issue[];
  readonly hint: string | undefined;

  constructor(
    message: string,
    code: ExitCode,
    options: { issues?: readonly Issue[]; hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "BriefingError";
    this.code = code;
    this.issues = options.issues ?? [];
    this.hint = options.hint;
  }
}

/** The input is wrong: one or more located issues explain how. */
export function invalidInput(issues: readonly Issue[]): BriefingError {
  const errors = issues.filter((i) => i.severity === "error");
  const first = errors[0] ?? issues[0];
  const where = first ? first.file : t`input`;
  const message =
    errors.length === 1 ? t`${where} is not valid` : t`${where}: ${errors.length} errors`;
  return new BriefingError(message, ExitCode.INVALID_INPUT, { issues });
}

export function usageError(message: string, hint?: string): BriefingError {
  return new BriefingError(message, ExitCode.USAGE, hint === undefined ? {} : { hint });
}

export function environmentError(message: string, hint?: string, cause?: unknown): BriefingError {
  return new BriefingError(message, ExitCode.ENVIRONMENT, { hint, cause });
}

/**
 * Characters no text from a file may bring to a page or a terminal: C0 and C1 controls but tab
 * and newline (NUL, BEL, ESC…), and the bidirectional embeddings, overrides and isolates
 * (U+202E printed a name backwards). The one definition: data is refused for holding them
 * (load/schema.ts), and messages show them as escapes (below).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Text from a file, made safe to print on a terminal: control characters and bidirectional
 * overrides shown as escapes (an unknown key holding ESC sequences cleared the screen).
 */
export function visible(text: string): string {
  return text.replace(
    new RegExp(CONTROL.source, "gu"),
    (ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`,
  );
}

/**
 * `file:line:column: error: path: message (expected …, found …)` — the form editors can jump
 * to; in a spreadsheet, `file [sheet] C7: error: …`, as a statistics unit names a cell. The severity stays English in every language, as editors' and CI's problem matchers read
 * it (`error`, `warning`, `note`); what follows it is in the messages' language.
 */
export function formatIssue(raw: Issue): string {
  const safe = (text: string | undefined) => (text === undefined ? undefined : visible(text));
  const issue: Issue = {
    ...raw,
    file: visible(raw.file),
    message: visible(raw.message),
    ...(raw.path === undefined ? {} : { path: visible(raw.path) }),
    ...(raw.expected === undefined ? {} : { expected: safe(raw.expected) }),
    ...(raw.found === undefined ? {} : { found: safe(raw.found) }),
    ...(raw.hint === undefined ? {} : { hint: safe(raw.hint) }),
  };
  let place = issue.file;
  if (issue.line !== undefined) {
    place += `:${issue.line}`;
    if (issue.column !== undefined) place += `:${issue.column}`;
  }
  if (raw.sheet !== undefined) place += ` [${visible(raw.sheet)}]`;
  if (raw.cell !== undefined) place += ` ${visible(raw.cell)}`;
  const parts = [`${place}: ${issue.severity}:`];
  if (issue.path) parts.push(`${issue.path}:`);
  parts.push(issue.message);
  let text = parts.join(" ");
  const detail: string[] = [];
  if (issue.expected !== undefined) detail.push(t`expected ${issue.expected}`);
  if (issue.found !== undefined) detail.push(t`found ${issue.found}`);
  if (detail.length > 0) text += ` (${detail.join(", ")})`;
  if (issue.hint) text += `\n  ${t`hint: ${issue.hint}`}`;
  return text;
}

export function formatError(error: BriefingError): string {
  const lines: string[] = [];
  if (error.issues.length > 0) {
    for (const issue of error.issues) lines.push(formatIssue(issue));
  } else {
    lines.push(`error: ${visible(error.message)}`);
  }
  if (error.hint) lines.push(visible(error.hint));
  return lines.join("\n");
}
