/**
 * `output/manifest.json`: for every briefing in the archive, the inputs it was built from with
 * their sha256, the template set's and the tool's version, and each output's sha256. A briefing
 * whose inputs, templates and tool are unchanged, and whose outputs are still the files the
 * manifest describes, is not built again.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { MeasureWords } from "../locale/locale.js";
import { t } from "../locale/messages.js";
import type { TemplateSet } from "../render/templates.js";

export const MANIFEST = "manifest.json";

const FileRecord = z.object({
  path: z.string(),
  sha256: z.string(),
  /** For the quick check of an unchanged output: size and mtime, then sha256 only if they differ. */
  size: z.number().optional(),
  mtimeMs: z.number().optional(),
  /** An input that is an earlier period compared with: the latest before, or a year before. */
  role: z.enum(["latest", "year"]).optional(),
  /** An output's format (formats/ids.ts): the index links each. Absent in older manifests. */
  format: z.string().optional(),
  /** That earlier input's period (YYYY-MM). */
  period: z.string().optional(),
});

/** A figure as the index and the email show it: its value and where it comes from. */
const FigureRecord = z.object({
  value: z.number(),
  provenance: z.enum(["published", "derived", "illustrative"]),
  sources: z.array(z.string()),
  decimals: z.number().optional(),
});

/** What the index shows of a briefing, kept so unchanged briefings need not be read again. */
const Summary = z.object({
  /**
   * What the briefing counts, in its words (peserta, anak…): the index and the email speak of
   * each briefing in its own. Absent in manifests written before measures were data.
   */
  measure: z.object({ ...MeasureWords.shape, format: z.string().optional() }).optional(),
  title: z.string(),
  region: z.string(),
  asOf: z.string(),
  lang: z.string(),
  /** The briefing's `decimals`: its percentages are written with these in the index too. */
  decimals: z.number(),
  /** The day it is dated: its meeting's, or its period's last (YYYY-MM-DD). */
  date: z.string(),
  /** Its meeting's day (YYYY-MM-DD), null for a report (no audience); absent in older manifests. */
  meetingDate: z.string().nullable().optional(),
  /** The region's members; null when neither counts nor source give them. */
  members: FigureRecord.nullable(),
  focus: z
    .object({
      name: z.string(),
      /** The unit's id: a recipient may receive only the briefings about their units. */
      id: z.string().optional(),
      members: FigureRecord.nullable(),
      share: FigureRecord.nullable(),
      /** members / potential, when the unit has a potential. */
      coverage: FigureRecord.nullable(),
    })
    .nullable(),
  target: z
    .object({
      unit: z.string(),
      metric: z.enum(["share", "coverage"]),
      actual: FigureRecord,
      target: FigureRecord,
      met: z.boolean(),
    })
    .nullable(),
  /** Members gained since the latest earlier period, and that period (YYYY-MM). */
  change: z.object({ members: FigureRecord, since: z.string() }).nullable(),
  illustrative: z.boolean(),
});

const ManifestEntry = z.object({
  period: z.string(),
  series: z.string(),
  /**
   * A copy in another of the archive's languages (`--lang id,en`): its language, its files
   * named <series>.<lang>.*. Absent for the briefing in the first (or its own) language.
   */
  translation: z.string().optional(),
  /** sha256 of everything below that decides the outputs' bytes. */
  key: z.string(),
  inputs: z.array(FileRecord),
  template: z.string(),
  tool: z.string(),
  options: z.object({
    lang: z.string().nullable(),
    strict: z.boolean(),
    formats: z.array(z.string()),
    /** Written as PDF/A-3b (absent when not: the keys of older builds stay as they were). */
    pdfa: z.literal(true).optional(),
  }),
  outputs: z.array(FileRecord),
  /** sha256 of what the briefing says: its figures and words, not how they were printed. */
  content: z.string().optional(),
  summary: Summary,
  /**
   * What planning reads of the briefing's own file (its first input), kept so that a file whose
   * sha256 is unchanged is not parsed again to plan the next build. Absent in older manifests.
   */
  plan: z
    .object({
      language: z.string(),
      ids: z.array(z.string()),
      templates: z.string().optional(),
      seriesBreak: z.boolean().optional(),
      /** The sheet its units are read from, as it names it: from the file's own folder. */
      sheet: z.string().optional(),
    })
    .optional(),
});

/**
 * A file or folder the archive was built with, for `send` to use without being told: where it
 * is from the output folder (as the inputs are, so that moving data and archive together keeps
 * it), and its sha256 then, to say when it changed since.
 */
const Named = z.object({ path: z.string(), sha256: z.string() });

const ManifestFile = z.object({
  tool: z.string(),
  /**
   * The template set of the last build: its custom folder (null for the default set) and
   * `templateHash`. Absent in manifests written before it was recorded.
   */
  templates: z.object({ path: z.string().nullable(), sha256: z.string() }).optional(),
  /**
   * The archive's PDFs are PDF/A-3b: set by a build with --pdfa, kept by the builds after it
   * until one says --no-pdfa. Absent: plain PDFs.
   */
  pdfa: z.boolean().optional(),
  /**
   * The languages each briefing is built in, when several: set by a build with --lang id,en,
   * kept by the builds after it until one names a single language. Absent: one each.
   */
  languages: z.array(z.string()).optional(),
  /**
   * The formats the archive is built in, when not HTML and PDF: set by a build with --format,
   * kept by the builds after it until one says another. Absent: HTML and PDF.
   */
  formats: z.array(z.string()).optional(),
  /** The recipients file the archive names; null when it names none, absent in older ones. */
  recipients: Named.nullable().optional(),
  briefings: z.array(ManifestEntry),
});

export type NamedFile = z.infer<typeof Named>;
export type FileRecordValue = z.infer<typeof FileRecord>;
export type Summary = z.infer<typeof Summary>;
export type FigureRecordValue = z.infer<typeof FigureRecord>;
export type ManifestEntry = z.infer<typeof ManifestEntry>;
export type Manifest = z.infer<typeof ManifestFile>;

export const sha256 = (data: Uint8Array | string): string =>
  createHash("sha256").update(data).digest("hex");

/** Reads the manifest; a missing or unreadable one is an empty archive (everything rebuilds). */
export function readManifest(outDir: string): { manifest: Manifest; problem?: string } {
  const file = path.join(outDir, MANIFEST);
  const empty: Manifest = { tool: "", briefings: [] };
  if (!existsSync(file)) return { manifest: empty };
  try {
    return { manifest: ManifestFile.parse(JSON.parse(readFileSync(file, "utf8"))) };
  } catch (error) {
    return {
      manifest: empty,
      problem: t`${file} is not a manifest this version reads (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); every briefing is rebuilt`,
    };
  }
}

/** sha256 of every file that shapes a page or an email: templates, styles, template.yaml, locales. */
export function templateHash(templates: TemplateSet): string {
  const parts = templates.files.map((f) => `${f.name}\n${f.text}`);
  for (const dir of templates.dirs) {
    const locales = path.join(dir, "locales");
    if (!existsSync(locales)) continue;
    for (const name of readdirSync(locales).sort()) {
      parts.push(`locales/${name}\n${readFileSync(path.join(locales, name), "utf8")}`);
    }
  }
  return sha256(parts.join("\n\u0000\n"));
}

/** Stable JSON: entries ordered by period (newest first), then series. */
export function serializeManifest(manifest: Manifest): string {
  const briefings = [...manifest.briefings].sort(
    (a, b) => b.period.localeCompare(a.period) || a.series.localeCompare(b.series),
  );
  return `${JSON.stringify({ ...manifest, briefings }, null, 2)}\n`;
}

/** The key of a build: changes whenever anything that shapes the outputs changes. */
export function buildKey(
  parts: Pick<ManifestEntry, "inputs" | "template" | "tool" | "options">,
  /**
   * The palette slots the archive gives the briefing's ids, when they are not the ones its file
   * alone gives them (0, 1, 2… in its order): a briefing is rebuilt when its colours move, and
   * only then.
   */
  slots?: Readonly<Record<string, number>>,
): string {
  return sha256(
    JSON.stringify([
      parts.inputs.map((input) => [input.path, input.sha256]),
      parts.template,
      parts.tool,
      parts.options,
      ...(slots ? [slots] : []),
    ]),
  );
}

/**
 * The outputs on disk are still the ones the manifest describes: their records, with size and
 * mtime brought up to date when a file had to be hashed (an archive copied without its
 * timestamps is hashed once, not on every run); undefined when one is missing or changed.
 */
export function intactOutputs(
  outDir: string,
  outputs: readonly FileRecordValue[],
): FileRecordValue[] | undefined {
  if (outputs.length === 0) return undefined;
  const records: FileRecordValue[] = [];
  for (const output of outputs) {
    const file = path.join(outDir, output.path);
    let info: ReturnType<typeof statSync>;
    try {
      info = statSync(file);
    } catch {
      return undefined;
    }
    if (info.size !== output.size || info.mtimeMs !== output.mtimeMs) {
      if (sha256(readFileSync(file)) !== output.sha256) return undefined;
    }
    records.push({ ...output, size: info.size, mtimeMs: info.mtimeMs });
  }
  return records;
}

export function fileRecord(
  outDir: string,
  relative: string,
  data: Uint8Array | string,
): FileRecordValue {
  const info = statSync(path.join(outDir, relative));
  return { path: relative, sha256: sha256(data), size: info.size, mtimeMs: info.mtimeMs };
}

/**
 * An output's format: recorded, or told by its extension in manifests written before formats
 * were (when only HTML and PDF were made).
 */
export const formatOf = (output: FileRecordValue): string | undefined =>
  output.format ?? /\.(html|pdf)$/.exec(output.path)?.[1];
