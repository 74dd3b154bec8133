/**
 * What an archive names besides its briefings, so that `send` mails what the archive was built
 * for and never a file of whatever folder it is run from: the template set (its email wording
 * and locale) and the recipients file.
 *
 *   build: <data>/recipients.yaml, or build --recipients <file>, checked → manifest
 *   send:  --recipients / --templates if given, else the manifest's; none named → refuse
 *
 * Paths are kept from the output folder, as the manifest's inputs are: data, templates and
 * archive moved together still find each other, from whatever folder send is run.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { loadRecipients } from "../deliver/recipients.js";
import { type Issue, usageError } from "../errors.js";
import { t } from "../locale/messages.js";
import type { TemplateSet } from "../render/templates.js";
import { type Manifest, type NamedFile, sha256, templateHash } from "./manifest.js";

/** The recipients files a data folder may hold beside its series, as discover leaves them. */
const BESIDE = ["recipients.yaml", "recipients.yml"];

/**
 * The recipients file of an archive built from `dataDir`: the one given, else the one beside
 * the series, else none. Checked now, so that a broken file stops the build, not the sending.
 */
export async function recipientsOfBuild(
  dataDir: string,
  outDir: string,
  given?: string,
): Promise<NamedFile | null> {
  const file = given ?? BESIDE.map((name) => path.join(dataDir, name)).find(isFile);
  if (file === undefined) return null;
  // Comments only (as `briefing init` writes it, everyone commented out): nobody to send to yet.
  if (given === undefined && commentsOnly(file)) return null;
  await loadRecipients(file);
  return { path: path.relative(outDir, path.resolve(file)), sha256: sha256(readFileSync(file)) };
}

/**
 * The template set an archive is built with: its custom folder (null: the default one) and its
 * hash (templateHash), which also decides what is rebuilt.
 */
export function templatesOfBuild(
  hash: string,
  outDir: string,
  given?: string,
): NonNullable<Manifest["templates"]> {
  return {
    path: given === undefined ? null : path.relative(outDir, path.resolve(given)),
    sha256: hash,
  };
}

function commentsOnly(file: string): boolean {
  return readFileSync(file, "utf8")
    .split("\n")
    .every((line) => /^\s*(#.*)?$/.test(line));
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A file send uses, and whether it was given on the command line instead of the archive's. */
export interface Chosen<T> {
  /** What is used: an absolute path (for templates, undefined means the default set). */
  used: T;
  given: boolean;
  /** What the archive names, when it names something else than what is given. */
  instead?: string;
}

/** Made when it is shown, in the messages' language. */
const howToName = (): string =>
  t`Pass --recipients <file>, or build the archive with a recipients file: <data>/recipients.yaml or briefing build <data> --recipients <file> (nothing unchanged is rebuilt).`;

/**
 * The recipients file to send to: the one given, else the one the archive names, as long as it
 * is still there. One that changed since the build is used (it is the office's list as it is
 * now) and said so; none named and none given is refused, whatever the current folder holds.
 */
export function recipientsToSend(
  outDir: string,
  manifest: Manifest,
  given: string | undefined,
  onIssue: (issue: Issue) => void,
): Chosen<string> {
  const named = manifest.recipients ?? undefined;
  const recorded = named ? path.resolve(outDir, named.path) : undefined;
  if (given !== undefined) {
    const used = path.resolve(given);
    return { used, given: true, ...(recorded && recorded !== used ? { instead: recorded } : {}) };
  }
  if (!named || !recorded) {
    throw usageError(
      t`the archive in ${outDir} names no recipients file${manifest.recipients === undefined ? t` (it was built before archives named one)` : ""}`,
      howToName(),
    );
  }
  if (!isFile(recorded)) {
    throw usageError(
      t`the recipients file the archive was built with is gone: ${recorded}`,
      t`Put it back, pass --recipients <file>, or build the archive again with the new one.`,
    );
  }
  if (sha256(readFileSync(recorded)) !== named.sha256) {
    onIssue({
      severity: "warning",
      file: recorded,
      message: t`changed since the archive was built; sending to the recipients it lists now`,
      hint: t`Build the archive again to record this version, or pass --recipients <file>.`,
    });
  }
  return { used: recorded, given: false };
}

/**
 * The template folder the emails are written with: the one given, else the archive's custom
 * set (undefined: the default set). A custom set that is gone is refused: its wording is not
 * silently replaced by the default one.
 */
export function templatesToSend(
  outDir: string,
  manifest: Manifest,
  given: string | undefined,
): Chosen<string | undefined> {
  const named = manifest.templates?.path;
  const recorded = named == null ? undefined : path.resolve(outDir, named);
  if (given !== undefined) {
    const used = path.resolve(given);
    const instead = manifest.templates ? (recorded ?? t`the default templates`) : undefined;
    return { used, given: true, ...(instead && instead !== used ? { instead } : {}) };
  }
  if (recorded !== undefined && !existsSync(recorded)) {
    throw usageError(
      t`the template folder the archive was built with is gone: ${recorded}`,
      t`Put it back, pass --templates <dir>, or build the archive again.`,
    );
  }
  return { used: recorded, given: false };
}

/** Says when the archive's own template set changed since it was built. */
export function templatesChanged(
  manifest: Manifest,
  templates: TemplateSet,
  chosen: Chosen<string | undefined>,
  onIssue: (issue: Issue) => void,
): void {
  const recorded = manifest.templates;
  if (chosen.given || !recorded || templateHash(templates) === recorded.sha256) return;
  onIssue({
    severity: "warning",
    file: chosen.used ?? templates.dirs[0] ?? "templates",
    message: t`the template set changed since the archive was built: the emails follow it as it is now, the attached PDFs as it was`,
    hint: t`Build the archive again (briefing build <data>) so that both agree.`,
  });
}
