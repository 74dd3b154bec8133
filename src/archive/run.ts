/**
 * The archive build: every briefing under a data folder, into `output/<YYYY-MM>/<series>.*`,
 * with `output/manifest.json` and `output/index.html`.
 *
 *   discover → plan (skip what is unchanged) → for each briefing, in parallel:
 *   check → derive (with the previous period) → chart → render → print → write
 *   → manifest → index
 *
 * A briefing that fails is reported with its file and error and leaves its earlier archive
 * copy as it was; the others are built.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
// Types only: the stages themselves (chart.js, puppeteer, pdf-lib) load when there is
// something to build, so that an unchanged archive is checked in well under a second.
import type { Checked, Earlier, Rendered, RenderOptions } from "../build.js";
import { colouredIds, runSlots, slotsOf } from "../chart/theme.js";
import { type ChangeKind, yearBefore } from "../derive/change.js";
import type { Derived } from "../derive/derive.js";
import type { Figure } from "../derive/figure.js";
import { BriefingError, ExitCode, invalidInput } from "../errors.js";
import {
  DEFAULT_FORMATS,
  isFormatId,
  needsBrowser,
  type OutputFormat,
  printsOf,
} from "../formats/ids.js";
import { sheetFileOf } from "../load/sheet/named.js";
import { defaultYamlLimits, parseYaml, type YamlSource } from "../load/yaml.js";
import { loadLocale } from "../locale/locale.js";
import { t } from "../locale/messages.js";
import { makeDir, writeAll } from "../output/write.js";
import type { PrintService } from "../print/printer.js";
import { RemotePrinter } from "../print/remote.js";
import { renderLimits } from "../render/bounds.js";
import { dateOf } from "../render/model.js";
import { loadTemplates, namedTemplates, type TemplateSet } from "../render/templates.js";
import { GENERATOR } from "../version.js";
import { discover, type Entry, entryKey } from "./discover.js";
import { indexHtml } from "./index-page.js";
import { lockDir } from "./lock.js";
import {
  buildKey,
  type FigureRecordValue,
  fileRecord,
  intactOutputs,
  MANIFEST,
  type ManifestEntry,
  readManifest,
  type Summary,
  serializeManifest,
  sha256,
  templateHash,
} from "./manifest.js";
import { recipientsOfBuild, templatesOfBuild } from "./named.js";

export const INDEX = "index.html";

export interface ArchiveOptions extends RenderOptions {
  dataDir: string;
  outDir?: string;
  /**
   * PDF/A-3b PDFs (true) or plain ones (false); undefined: as the archive was last built
   * (its manifest's `pdfa`), plain for a new one.
   */
  pdfa?: boolean;
  /** Rebuild every briefing, changed or not. */
  force?: boolean;
  /** Seconds to wait for another build of the same output folder. */
  wait?: number;
  /** The recipients file `send` is to use; else <data>/recipients.yaml if there is one. */
  recipients?: string;
  onEvent?: (event: ArchiveEvent) => void;
}

export type ArchiveEvent =
  | { type: "waiting"; outDir: string }
  | { type: "planned"; total: number; toBuild: number }
  | {
      type: "done";
      key: string;
      file: string;
      status: "built" | "skipped" | "failed";
      ms: number;
      error?: BriefingError;
    };

export interface ArchiveResult {
  built: string[];
  skipped: string[];
  failed: { key: string; file: string; error: BriefingError }[];
  ms: number;
}

/** A briefing of the archive: a file, in one of the run's languages. */
interface Copy extends Entry {
  /** Its output language; undefined: the file's own. */
  lang: string | undefined;
  /** Set for a copy in another than the first of several languages: that language. */
  translation?: string;
}

interface Job {
  entry: Copy;
  key: string;
  inputs: ManifestEntry["inputs"];
  earlier: { file: string; period: string; role: ChangeKind }[];
  /** The hash of the template set it is made with. */
  template: string;
}

/** A briefing's language when its file names none (the schema's default). */
const DEFAULT_LANGUAGE = "id";

/** What planning needs of a briefing file, read from one parse of it. */
interface Planned {
  /** The language it is written in (`language:`). */
  language: string;
  /** The ids it draws in palette colours (colouredIds). */
  ids: string[];
  /** The template folder it names (`templates:`), as written. */
  templates: string | undefined;
  /** It marks a break in its series. */
  seriesBreak: boolean;
  /** The sheet its units are read from (`units: { from: … }`), an input like the file itself. */
  sheet: string | undefined;
}

/** The plan of a file that does not parse: its own build reports why. */
const UNPLANNED: Planned = {
  language: DEFAULT_LANGUAGE,
  ids: [],
  templates: undefined,
  seriesBreak: false,
  sheet: undefined,
};

/**
 * A briefing file's plan, and the file parsed (its build checks that parse rather than parsing
 * the file again). A file too large to be a briefing is not parsed: its build refuses it.
 */
function plannedOf(file: string, bytes: Buffer): { planned: Planned; source?: YamlSource } {
  if (bytes.length > defaultYamlLimits.maxBytes) return { planned: UNPLANNED };
  try {
    const source = parseYaml(file, bytes, defaultYamlLimits);
    const data = source.data as {
      templates?: unknown;
      language?: unknown;
      period?: { series_break?: unknown };
    } | null;
    const planned = {
      language: typeof data?.language === "string" ? data.language : DEFAULT_LANGUAGE,
      ids: colouredIds(data),
      templates: typeof data?.templates === "string" ? data.templates : undefined,
      seriesBreak: data?.period?.series_break === true,
      sheet: sheetFileOf(file, data),
    };
    return { planned, source };
  } catch {
    return { planned: UNPLANNED };
  }
}

/**
 * The plan a manifest entry kept of its file, if the file is still what it was (`hash`) and this
 * is the tool that read it (another version may read other ids).
 */
function keptPlan(file: string, hash: string, old: ManifestEntry | undefined): Planned | undefined {
  const kept = old?.plan;
  if (!kept || old.inputs[0]?.sha256 !== hash || old.tool !== GENERATOR) return undefined;
  return {
    language: kept.language,
    ids: kept.ids,
    templates: kept.templates,
    seriesBreak: kept.seriesBreak === true,
    sheet: kept.sheet === undefined ? undefined : path.join(path.dirname(file), kept.sheet),
  };
}

/** A file's plan as the manifest keeps it: the sheet as the file names it, from its folder. */
function planRecord(file: string, planned: Planned | undefined): ManifestEntry["plan"] {
  if (!planned) return undefined;
  return {
    language: planned.language,
    ids: planned.ids,
    ...(planned.templates === undefined ? {} : { templates: planned.templates }),
    ...(planned.seriesBreak ? { seriesBreak: true } : {}),
    ...(planned.sheet === undefined
      ? {}
      : { sheet: path.relative(path.dirname(file), planned.sheet) }),
  };
}

/** A sheet's sha256, or a mark that it is missing (its build then says why). */
function hashOfSheet(file: string): string {
  try {
    return sha256(readFileSync(file));
  } catch {
    return "unreadable";
  }
}

function toError(error: unknown): BriefingError {
  if (error instanceof BriefingError) return error;
  return new BriefingError(
    error instanceof Error ? error.message : String(error),
    ExitCode.INTERNAL,
    { cause: error },
  );
}

/** A figure as the manifest keeps it. */
const record = (figure: Figure | undefined): FigureRecordValue | null =>
  figure === undefined
    ? null
    : {
        value: figure.value,
        provenance: figure.provenance,
        sources: [...figure.sources],
        ...(figure.decimals === undefined ? {} : { decimals: figure.decimals }),
      };

/**
 * What a briefing says, as a hash: its page model (every figure, mark and word) without what
 * only shapes the printing (the tool's name and version, the drawn chart images, the link back
 * to the index; the charts' figures and words are kept).
 */
function contentOf(rendered: Rendered): string {
  const { generator: _generator, archiveIndex: _index, charts, ...rest } = rendered.model;
  return sha256(
    JSON.stringify(
      {
        ...rest,
        charts: charts.map(({ image: _image, narrow: _narrow, ...chart }) => chart),
        specs: rendered.specs,
      },
      // The tables' colour keys follow the theme: a recoloured briefing says the same.
      (key, value: unknown) => (key === "colour" ? undefined : value),
    ),
  );
}

function summary(rendered: Rendered): Summary {
  const { model, checked, lang, view } = rendered;
  const { derived, briefing } = checked;
  const focus = derived.focus;
  const target = derived.targets.find((t) => t.actual);
  const latest = view.changes.find((c) => c.kind === "latest");
  const format = briefing.measure?.format;
  return {
    measure: { ...view.locale.measure, ...(format ? { format: view.text(format) } : {}) },
    title: model.title,
    region: model.region,
    asOf: model.asOf,
    lang,
    decimals: briefing.decimals,
    date: dateOf(briefing),
    // A report may carry a date without a meeting: only an audience makes it one.
    meetingDate: model.kind === "meeting" ? (briefing.meeting?.date ?? null) : null,
    members: record(derived.region.members),
    focus: focus
      ? {
          name: view.nameOf(focus.id),
          id: focus.id,
          members: record(focus.members),
          share: record(focus.share),
          coverage: record(focus.coverage),
        }
      : null,
    target:
      target?.actual !== undefined
        ? {
            unit: view.nameOf(target.unitId),
            metric: target.metric,
            actual: record(target.actual) as FigureRecordValue,
            target: record(target.target) as FigureRecordValue,
            met: target.met,
          }
        : null,
    change:
      latest?.region.members !== undefined
        ? {
            members: record(latest.region.members) as FigureRecordValue,
            since: latest.period.slice(0, 7),
          }
        : null,
    illustrative: model.illustrative.any,
  };
}

/**
 * The earlier files a period is compared with: the latest before it, and a year before; none
 * across a break in the series (a period whose file says `series_break: true`).
 */
export function earlierFiles(
  entry: Entry,
  periods: ReadonlyMap<string, string>,
  breaks: ReadonlySet<string> = new Set(),
): { file: string; period: string; role: ChangeKind }[] {
  if (breaks.has(entry.period)) return [];
  const lastBreak =
    [...breaks]
      .filter((p) => p < entry.period)
      .sort()
      .pop() ?? "";
  const before = [...periods.keys()].filter((p) => p < entry.period && p >= lastBreak).sort();
  const latest = before[before.length - 1];
  const year = yearBefore(entry.period);
  const out: { file: string; period: string; role: ChangeKind }[] = [];
  if (latest) out.push({ file: periods.get(latest) as string, period: latest, role: "latest" });
  if (periods.has(year) && year !== latest && year >= lastBreak)
    out.push({ file: periods.get(year) as string, period: year, role: "year" });
  return out;
}

export async function buildArchive(options: ArchiveOptions): Promise<ArchiveResult> {
  const started = performance.now();
  const outDir = options.outDir ?? "output";
  const emit = options.onEvent ?? (() => undefined);
  const { entries, skipped: notBriefings, clashes } = discover(options.dataDir);
  for (const issue of notBriefings) options.onIssue?.(issue);
  // A broken recipients file is found now, not when the month's emails are due.
  const recipients = await recipientsOfBuild(options.dataDir, outDir, options.recipients);

  await makeDir(outDir);
  // The lock is kept fresh while the run lasts; if it is lost (removed, or taken over after
  // the run stalled), no further briefing is started and the run ends with an error.
  let lockLost: BriefingError | undefined;
  const lock = await lockDir(outDir, {
    wait: options.wait,
    onWait: () => emit({ type: "waiting", outDir }),
    onLost: (error) => {
      lockLost = error;
    },
  });
  // The run's printer, once started: closed (or killed, unused) on every way out.
  const printing: { started?: RemotePrinter; used?: boolean } = {};
  try {
    const limits = renderLimits(options.printer?.pageTimeout);
    const templates = loadTemplates(options.templates, limits);
    const template = templateHash(templates);
    // A briefing may name its own template set: its identity is that set's.
    const namedSets = new Map<string, { set: TemplateSet; hash: string }>();
    const setFor = (file: string, named: string | undefined) => {
      const dir = namedTemplates(file, named, options);
      if (dir === undefined) return { set: templates, hash: template };
      let found = namedSets.get(dir);
      if (!found) {
        const set = loadTemplates(dir, limits);
        found = { set, hash: templateHash(set) };
        namedSets.set(dir, found);
      }
      return found;
    };
    const { manifest, problem } = readManifest(outDir);
    // The formats asked, else the ones the archive was last built in (kept, as its languages
    // and PDF/A are), else HTML and PDF.
    const formats: readonly OutputFormat[] =
      options.formats ?? manifest.formats?.filter(isFormatId) ?? DEFAULT_FORMATS;
    if (problem)
      options.onIssue?.({
        severity: "warning",
        file: path.join(outDir, MANIFEST),
        message: problem,
      });
    const previous = new Map(manifest.briefings.map((b) => [entryKey(b), b]));
    // A run that is sure to print (every briefing forced, or one the archive has never built)
    // starts its browser now, while it plans: Chromium takes most of a second to be ready,
    // about as long as planning and loading the stages. Any other run starts it once the plan
    // says something is to be built, and an unchanged archive never starts one.
    const startPrinter = (pages: number): RemotePrinter | undefined => {
      if (!needsBrowser(formats)) return undefined;
      if (!printing.started) {
        printing.started = new RemotePrinter({
          ...options.printer,
          browser: options.browser ?? {},
        });
        // Whether there is a browser is asked now and awaited before the first print.
        printing.started.check().catch(() => undefined);
      }
      printing.started.warm(pages);
      return printing.started;
    };
    const sure = options.force ? entries : entries.filter((e) => !previous.has(entryKey(e)));
    if (sure.length > 0) startPrinter(sure.length);
    // Each series' periods, so that a briefing is compared with its latest earlier period
    // whatever the gap (a yearly series, a missed month), and with the same month a year before.
    const seriesPeriods = new Map<string, Map<string, string>>();
    for (const e of entries) {
      const periods = seriesPeriods.get(e.series) ?? new Map<string, string>();
      periods.set(e.period, e.file);
      seriesPeriods.set(e.series, periods);
    }

    // Plan: what changed is built, the rest is skipped, read no further than its bytes and its
    // ids (for their colours).
    const jobs: Job[] = [];
    const result: ArchiveResult = { built: [], skipped: [], failed: [], ms: 0 };
    for (const clash of clashes) {
      for (const file of clash.files) {
        const others = clash.files.filter((f) => f !== file).join(", ");
        result.failed.push({
          key: clash.key,
          file,
          error: invalidInput([
            {
              severity: "error",
              file,
              message: t`would be archived as ${clash.key}, like ${others}`,
              hint: t`Rename one series folder (folder names are made into file names: lower case, - for anything else) or remove the duplicate file.`,
            },
          ]),
        });
      }
    }
    const pdfa = options.pdfa ?? manifest.pdfa ?? false;
    // PDF/A is part of the key only when on: plain archives built before it keep their keys.
    const settingsOf = (lang: string | undefined) => ({
      lang: lang ?? null,
      strict: options.strict ?? false,
      formats: [...formats],
      ...(pdfa ? { pdfa: true as const } : {}),
    });
    // Each file is read and hashed once, though it is an input of up to three briefings.
    const hashOf = new Map<string, string>();
    // Breaks in series, the template set each file names, and each id's palette slot (once for
    // the whole archive: the same colour in every briefing), from one parse of each file.
    const breaks = new Map<string, Set<string>>();
    const templateOf = new Map<string, string>();
    const idsOf = new Map<string, string[]>();
    const languageOf = new Map<string, string>();
    const sheetOf = new Map<string, string>();
    // A file planned before and unchanged since (its sha256) is not parsed again: its plan is
    // in the manifest. For an unchanged archive that parse was most of the time.
    // A file parsed to plan it is checked from that parse, not parsed again: kept for the first
    // few files only (the first built), so that a long batch does not hold every file parsed.
    // A parse holds ~30 times its file's size (measured: 4.5 MiB for 64 files of 2.2 kB): by
    // count and by bytes, so that a few large files are not all kept either.
    const parsedOf = new Map<string, YamlSource>();
    const KEEP_PARSED = 64;
    const KEEP_PARSED_BYTES = 512 * 1024;
    let parsedBytes = 0;
    const planOf = new Map<string, Planned>();
    for (const e of entries) {
      const bytes = readFileSync(e.file);
      const hash = sha256(bytes);
      hashOf.set(e.file, hash);
      let planned = keptPlan(e.file, hash, previous.get(entryKey(e)));
      if (!planned) {
        const plan = plannedOf(e.file, bytes);
        planned = plan.planned;
        if (
          plan.source &&
          parsedOf.size < KEEP_PARSED &&
          parsedBytes + bytes.length <= KEEP_PARSED_BYTES
        ) {
          parsedOf.set(e.file, plan.source);
          parsedBytes += bytes.length;
        }
      }
      planOf.set(e.file, planned);
      if (planned.sheet !== undefined) {
        sheetOf.set(e.file, planned.sheet);
        // A sheet that cannot be read fails the briefing when it is built, with its reason.
        if (!hashOf.has(planned.sheet)) hashOf.set(planned.sheet, hashOfSheet(planned.sheet));
      }
      idsOf.set(e.file, planned.ids);
      languageOf.set(e.file, planned.language);
      try {
        templateOf.set(e.file, setFor(e.file, planned.templates).hash);
      } catch {
        // A set that does not load fails the briefing when it is built, with its reason.
        templateOf.set(e.file, "unloadable");
      }
      if (planned.seriesBreak) {
        breaks.set(e.series, (breaks.get(e.series) ?? new Set()).add(e.period));
      }
    }
    // Several languages are kept, as PDF/A is, until a build names one.
    const languages: (string | undefined)[] =
      options.languages ?? (options.lang ? [options.lang] : (manifest.languages ?? [undefined]));
    // Each file in each language: the first under the series' name, the others as translations.
    // A language that is the file's own is said as none: the same briefing, the same key.
    const copies: Copy[] = entries.flatMap((entry) =>
      languages.map((lang, i) => ({
        ...entry,
        lang: lang === languageOf.get(entry.file) ? undefined : lang,
        ...(i > 0 && lang ? { translation: lang } : {}),
      })),
    );
    const size = templates.theme.series.length;
    const slots = runSlots(
      entries.map((e) => ({ asOf: e.period, ids: idsOf.get(e.file) ?? [] })),
      size,
    );
    for (const entry of copies) {
      const earlier = earlierFiles(
        entry,
        seriesPeriods.get(entry.series) ?? new Map(),
        breaks.get(entry.series),
      );
      // The sheets units are read from come last: the briefing stays first, and an earlier
      // period's file keeps its role (send and verify read them so).
      const sheets = [entry.file, ...earlier.map((e) => e.file)]
        .map((file) => sheetOf.get(file))
        .filter((file): file is string => file !== undefined);
      const files = [
        { file: entry.file },
        ...earlier.map((e) => ({ file: e.file, role: e.role, period: e.period })),
        ...[...new Set(sheets)].map((file) => ({ file })),
      ];
      const hashes = files.map(({ file }) => hashOf.get(file) as string);
      // The manifest records where the inputs are from the output folder; the key names them
      // from the data folder, so that moving both together rebuilds nothing.
      const inputs = files.map(({ file, ...rest }, i) => ({
        path: path.relative(outDir, file),
        sha256: hashes[i] as string,
        ...rest,
      }));
      const named = files.map(({ file, ...rest }, i) => ({
        path: path.relative(options.dataDir, file),
        sha256: hashes[i] as string,
        ...rest,
      }));
      const own = templateOf.get(entry.file) ?? template;
      // The archive's slots are part of the key only where they are not the file's own.
      const ids = idsOf.get(entry.file) ?? [];
      const given = slotsOf(ids, slots, size);
      const moved = JSON.stringify(given) !== JSON.stringify(slotsOf(ids, undefined, size));
      const key = buildKey(
        { inputs: named, template: own, tool: GENERATOR, options: settingsOf(entry.lang) },
        moved ? given : undefined,
      );
      const old = previous.get(entryKey(entry));
      const intact =
        !options.force && old?.key === key ? intactOutputs(outDir, old.outputs) : undefined;
      if (old && intact) {
        previous.set(entryKey(entry), {
          ...old,
          inputs,
          outputs: intact,
          plan: planRecord(entry.file, planOf.get(entry.file)),
        });
        result.skipped.push(entryKey(entry));
      } else {
        jobs.push({ entry, key, inputs, earlier, template: own });
      }
    }
    const clashing = result.failed.length;
    emit({ type: "planned", total: copies.length + clashing, toBuild: jobs.length + clashing });
    // Files that clash are failures with a reason, reported like any other.
    for (const failure of result.failed) {
      emit({ type: "done", ...failure, status: "failed", ms: 0 });
    }
    for (const entry of copies) {
      const key = entryKey(entry);
      if (result.skipped.includes(key))
        emit({ type: "done", key, file: entry.file, status: "skipped", ms: 0 });
    }

    const stages = jobs.length > 0 ? await import("../build.js") : undefined;
    const run = stages && {
      ...stages.shared(options, templates),
      slots,
      templatesFor: ({
        file,
        templates: named,
      }: {
        file: string;
        templates?: string | undefined;
      }) => setFor(file, named).set,
    };
    // A month's figures are derived once, for its own briefing, and kept (not the parsed file,
    // only what it derived) for the next month's and the next year's to compare with; the
    // latest few only, so that a long batch keeps no more than a series' year of them.
    const derivedOf = new Map<string, Promise<Derived>>();
    const KEEP_DERIVED = 64;
    const keep = (file: string, derived: Promise<Derived>) => {
      derivedOf.delete(file);
      derivedOf.set(file, derived);
      derived.catch(() => undefined);
      if (derivedOf.size > KEEP_DERIVED) {
        const oldest = derivedOf.keys().next().value;
        if (oldest !== undefined) derivedOf.delete(oldest);
      }
    };
    const checked = (file: string): Promise<Checked> => {
      if (!stages) throw new Error("checking without the build stages loaded");
      const parsed = parsedOf.get(file);
      parsedOf.delete(file);
      const done = stages.checkFile(file, options, parsed);
      keep(
        file,
        done.then((c) => c.derived),
      );
      return done;
    };
    const derived = (file: string): Promise<Derived> =>
      derivedOf.get(file) ?? checked(file).then((c) => c.derived);

    // One briefing is checked and rendered at a time. That work is Node's own, on one thread:
    // briefings rendered side by side all finish late, where one rendered alone goes to the
    // printer at once (measured: the first three of a batch reached it together at 1.4 s).
    let renderTurn: Promise<unknown> = Promise.resolve();
    const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
      const turn = renderTurn.then(fn, fn);
      renderTurn = turn.catch(() => undefined);
      return turn;
    };

    const buildOne = async (
      job: Job,
      printer: PrintService | undefined,
    ): Promise<ManifestEntry> => {
      const { entry } = job;
      if (!stages || !run) throw new Error("building without the build stages loaded");
      const { before, rendered } = await inTurn(async () => {
        const current = await checked(entry.file);
        if (!current.briefing.period.as_of.startsWith(entry.period)) {
          throw invalidInput([
            {
              severity: "error",
              file: entry.file,
              path: "period.as_of",
              ...current.source.locate(["period", "as_of"]),
              message: t`the file is named after ${entry.period}, but its data is as of ${current.briefing.period.as_of}`,
              expected: t`a date in ${entry.period}, or a file named after the period`,
            },
          ]);
        }
        for (const issue of current.issues) options.onIssue?.(issue);
        const before: Earlier[] = [];
        for (const e of job.earlier) {
          try {
            before.push({ period: e.period, kind: e.role, derived: await derived(e.file) });
          } catch {
            options.onIssue?.({
              severity: "warning",
              file: entry.file,
              message: t`the earlier period's file ${e.file} is not valid: no change since ${e.period} is shown`,
            });
          }
        }
        // The page links back to the index from <period>/: "../index.html".
        const rendered = await stages.renderChecked(
          current,
          { ...options, lang: entry.lang, formats },
          run,
          before,
          { archiveIndex: path.posix.relative(entry.period, INDEX) },
        );
        return { before, rendered };
      });
      // The earlier files that were read: one that failed its check is not compared with.
      const compared = job.earlier.filter((e) => before.some((b) => b.kind === e.role));
      const files = await stages.outputsOf(
        {
          rendered,
          name: entry.translation
            ? stages.translated(entry.series, entry.translation)
            : entry.series,
          printer,
          print: {
            maxPages: options.maxPages,
            onBlocked: (url) => options.onIssue?.(stages.blockedWarning(entry.file, url)),
          },
          archival: pdfa ? compared : undefined,
        },
        formats,
      );
      await writeAll(path.join(outDir, entry.period), files, {
        root: outDir,
        guard: lock.assertHeld,
      });
      return {
        period: entry.period,
        series: entry.series,
        ...(entry.translation ? { translation: entry.translation } : {}),
        key: job.key,
        inputs: job.inputs,
        template: job.template,
        tool: GENERATOR,
        options: settingsOf(entry.lang),
        outputs: files.map((f) => ({
          ...fileRecord(outDir, `${entry.period}/${f.name}`, f.data),
          format: f.format,
        })),
        content: contentOf(rendered),
        summary: summary(rendered),
        plan: planRecord(entry.file, planOf.get(entry.file)),
      };
    };

    const runJobs = async (printer: PrintService | undefined) => {
      const queue = [...jobs];
      const workers = (printer?.concurrency ?? 1) + 1;
      const worker = async () => {
        for (let job = queue.shift(); job && !lockLost; job = queue.shift()) {
          const t0 = performance.now();
          const key = entryKey(job.entry);
          try {
            previous.set(key, await buildOne(job, printer));
            result.built.push(key);
            emit({
              type: "done",
              key,
              file: job.entry.file,
              status: "built",
              ms: performance.now() - t0,
            });
          } catch (error) {
            const failure = toError(error);
            result.failed.push({ key, file: job.entry.file, error: failure });
            emit({
              type: "done",
              key,
              file: job.entry.file,
              status: "failed",
              ms: performance.now() - t0,
              error: failure,
            });
          }
        }
      };
      await Promise.all(
        Array.from({ length: Math.min(workers, Math.max(1, jobs.length)) }, worker),
      );
    };

    const printer = jobs.length > 0 ? startPrinter(jobs.length) : undefined;
    if (printer) {
      printing.used = true;
      await printer.check();
      // The browser closes once the last page is printed, while its PDF is finished; a
      // briefing that fails before it prints leaves it to close below.
      printer.expect(jobs.length * printsOf(formats));
      await runJobs(printer);
      // The browser is closed now, before the manifest and the index are written.
      await printer.close();
    } else if (jobs.length > 0) {
      await runJobs(undefined);
    }

    if (lockLost) throw lockLost;
    // The manifest and index describe everything archived, built now or before.
    // A copy in a language the archive no longer builds leaves the index (its files stay).
    const archived = [...previous.values()].filter(
      (b) =>
        (b.translation === undefined || languages.slice(1).includes(b.translation)) &&
        intactOutputs(outDir, b.outputs),
    );
    const locale = await loadLocale(templates.dirs, languages[0] ?? "id");
    const files = [
      {
        name: MANIFEST,
        data: serializeManifest({
          tool: GENERATOR,
          templates: templatesOfBuild(template, outDir, options.templates),
          ...(pdfa ? { pdfa } : {}),
          ...(languages.length > 1 ? { languages: languages as string[] } : {}),
          ...(formats.join() !== DEFAULT_FORMATS.join() ? { formats: [...formats] } : {}),
          recipients,
          briefings: archived,
        }),
      },
      { name: INDEX, data: await indexHtml(archived, templates, locale) },
    ].filter((f) => {
      const file = path.join(outDir, f.name);
      return !existsSync(file) || readFileSync(file, "utf8") !== f.data;
    });
    if (files.length > 0) await writeAll(outDir, files, { guard: lock.assertHeld });
    result.ms = performance.now() - started;
    return result;
  } finally {
    // A printer started for a run that then found nothing to build is killed, unused.
    if (!printing.used) printing.started?.kill();
    await printing.started?.close();
    await lock.release();
  }
}
