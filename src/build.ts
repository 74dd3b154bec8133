import path from "node:path";
import { FONTS_HERE, withFonts } from "./assets/fonts.js";
import { ChartRenderer, NARROW_WIDTH } from "./chart/canvas.js";
import { type ChartSpec, chartSpecs } from "./chart/specs.js";
import { colouredIds, runSlots, slotsOf, type Theme } from "./chart/theme.js";
import { type Checked, type CheckOptions, checkFile } from "./check/check-file.js";
import { changesOf, type Earlier } from "./derive/change.js";
import { type Issue, invalidInput, usageError } from "./errors.js";
import {
  DEFAULT_FORMATS,
  needsBrowser,
  type OutputFormat,
  outputsOf,
  printsOf,
} from "./formats/registry.js";
import { loadLocale } from "./locale/locale.js";
import { t } from "./locale/messages.js";
import { slugFor } from "./output/slug.js";
import { writeAll } from "./output/write.js";
import type { BrowserOptions } from "./print/browser/manager.js";
import type { PrinterOptions, PrintService } from "./print/printer.js";
import { withPrinter } from "./print/remote.js";
import { renderLimits } from "./render/bounds.js";
import { assetHint } from "./render/file-refs.js";
import { harden } from "./render/harden.js";
import { type PageModel, pageModel } from "./render/model.js";
import { narrative } from "./render/narrative.js";
import { pageCss } from "./render/page-css.js";
import { loadTemplates, namedTemplates, type TemplateSet } from "./render/templates.js";
import { type View, view } from "./render/view.js";
import { GENERATOR } from "./version.js";

export { type Checked, type CheckOptions, checkFile } from "./check/check-file.js";
export type { Earlier } from "./derive/change.js";

export type { OutputFormat } from "./formats/registry.js";

/** What every build takes, whether of a few files or of a whole archive. */
export interface RenderOptions extends CheckOptions {
  /** Output language; each briefing's own `language` by default. */
  lang?: string;
  /**
   * Several output languages (`--lang id,en`): each briefing is built in each, the first under
   * its own name, the others as `<name>.<lang>.*`. Overrides `lang`.
   */
  languages?: string[];
  /** A template set overriding the default one, file by file. */
  templates?: string;
  formats?: readonly OutputFormat[];
  browser?: BrowserOptions;
  printer?: Omit<PrinterOptions, "browser">;
  /** Most pages one briefing may print (100 by default). */
  maxPages?: number;
  /** PDFs as PDF/A-3b, carrying the files they were made from (`--pdfa`). */
  pdfa?: boolean;
  /** Told of each warning or note as it is found. */
  onIssue?: (issue: Issue) => void;
}

export interface BuildOptions extends RenderOptions {
  files: string[];
  /** Folder the outputs go to; `output` by default. */
  outDir?: string;
  /** A briefing of an earlier period to compare the one file built with. */
  compare?: string;
  /** A template set loaded already (`templates` is then not read). */
  templateSet?: TemplateSet;
  /** A printer started already (print/early.ts), to print with; its caller closes it. */
  started?: PrintService;
  /** `files`, checked already with these options (print/early.ts): reported, not checked again. */
  checked?: readonly Checked[];
}

export interface BuiltBriefing {
  input: string;
  slug: string;
  /** The page and its print, when written. */
  html?: string;
  pdf?: string;
  /** Every file written, in the formats' order. */
  files: string[];
  issues: Issue[];
  /** Requests the printed page tried to make and was refused. */
  blocked: string[];
}

export interface Rendered {
  checked: Checked;
  slug: string;
  lang: string;
  model: PageModel;
  /** The briefing in its output language, with its comparisons and its FigureText. */
  view: View;
  /** What the charts show, as data. */
  specs: ChartSpec[];
  html: string;
  /** The template set runs scripts in the page (it says so in its template.yaml). */
  javascript: boolean;
  /** The template set it was rendered with: other formats (slides) render from it too. */
  templates: TemplateSet;
  /** The set's colours with the briefing's ids in their slots, as its charts were drawn. */
  theme: Theme;
}

/** What a run shares between its briefings: loaded once, used by all. */
export interface Shared {
  /** The run's template set: `--templates`, else the default one. */
  templates: TemplateSet;
  /** The set a briefing is made with: the run's, or the one its file names (`templates:`). */
  templatesFor(briefing: { file: string; templates?: string | undefined }): TemplateSet;
  charts: ChartRenderer;
  /**
   * Each id's palette slot, the same in every briefing of the run (assignSlots over the run's
   * files by period); a briefing's ids not in it take the slots free in that briefing.
   */
  slots?: Readonly<Record<string, number>>;
}

/**
 * `charts`: a renderer kept from an earlier run (the preview keeps one warm across rebuilds,
 * with the charts it has drawn); a new one otherwise.
 */
export function shared(
  options: RenderOptions,
  templates?: TemplateSet,
  charts: ChartRenderer = new ChartRenderer(),
): Shared {
  const limits = renderLimits(options.printer?.pageTimeout);
  const own = templates ?? loadTemplates(options.templates, limits);
  const sets = new Map<string, TemplateSet>();
  return {
    templates: own,
    templatesFor: ({ file, templates: named }) => {
      const dir = namedTemplates(file, named, options);
      if (dir === undefined) return own;
      let set = sets.get(dir);
      if (!set) {
        set = loadTemplates(dir, limits);
        sets.set(dir, set);
      }
      return set;
    },
    charts,
  };
}

/** Load → check → derive → chart → render: everything but the browser and the disk. */
export async function renderFile(
  file: string,
  options: RenderOptions,
  run: Shared,
  earlier: readonly Earlier[] = [],
): Promise<Rendered> {
  return renderChecked(await checkReported(file, options), options, run, earlier);
}

/** Checks a file and tells `onIssue` of each issue the check reports. */
async function checkReported(file: string, options: RenderOptions): Promise<Checked> {
  const checked = await checkFile(file, options);
  for (const issue of checked.issues) options.onIssue?.(issue);
  return checked;
}

export async function renderChecked(
  checked: Checked,
  options: RenderOptions,
  run: Shared,
  earlier: readonly Earlier[] = [],
  /** Where the briefing sits: the archive's index relative to it, when it is in one. */
  place: { archiveIndex?: string } = {},
): Promise<Rendered> {
  const { briefing, derived } = checked;
  const changes = changesOf(derived, earlier);
  const lang = options.lang ?? briefing.language;
  const templates = run.templatesFor({
    file: checked.source.file,
    templates: briefing.templates,
  });
  const locale = await loadLocale(templates.dirs, lang);
  const v = view(briefing, derived, locale, changes);
  const specs = chartSpecs(v);
  // The set's theme with the briefing's ids in their slots: the run's, else by position.
  const theme = {
    ...templates.theme,
    slots: slotsOf(colouredIds(briefing), run.slots, templates.theme.series.length),
  };
  // A phone's copy only where a phone may open the page: the HTML (the print hides it).
  const phone = (options.formats ?? DEFAULT_FORMATS).includes("html");
  const charts = specs.map((spec) => ({
    spec,
    image: run.charts.render(spec, v.fmt, theme),
    ...(phone ? { narrow: run.charts.render(spec, v.fmt, theme, NARROW_WIDTH) } : {}),
  }));
  const model = pageModel({
    view: v,
    narrative: narrative(v),
    charts,
    generator: GENERATOR,
    javascript: templates.javascript,
    theme,
    ...place,
  });
  // Rendered once to learn which characters the page uses, then with the fonts cut to them.
  const css = [FONTS_HERE, templates.css, pageCss(model, v.locale)].join("\n");
  const page = templates.render(model, {
    locale: v.locale,
    decimals: briefing.decimals,
    fmt: v.fmt,
    css,
  });
  // The policy and the refusal of active content come from the build, whatever the template.
  const source = templates.dirs[templates.dirs.length - 1] ?? "templates";
  const { html: closed, removed } = harden(page, { javascript: templates.javascript, source });
  for (const what of removed) {
    options.onIssue?.({
      severity: "warning",
      file: source,
      message: t`removed from the page: ${what}`,
    });
  }
  const html = await withFonts(closed);
  const slug = slugFor(checked.source.file, briefing.slug);
  return {
    checked,
    slug,
    lang,
    model,
    view: v,
    specs,
    html,
    javascript: templates.javascript,
    templates,
    theme,
  };
}

export type { EarlierFile } from "./formats/pdf.js";
export { outputsOf };

/** A path as the user would type it: relative below the working folder, absolute elsewhere. */
export function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

export function blockedWarning(file: string, url: string): Issue {
  return {
    severity: "warning",
    file,
    message: t`the page tried to load ${url.length > 100 ? `${url.slice(0, 97)}…` : url}; refused`,
    hint: assetHint(),
  };
}

/** The briefing `--compare` names, checked, as the earlier period of the one file built. */
async function comparedWith(
  file: string,
  checked: readonly Checked[],
): Promise<(Earlier & { file: string })[]> {
  const [current, ...more] = checked;
  if (!current || more.length > 0) {
    throw usageError(t`--compare needs exactly one briefing file to compare with it`);
  }
  if (current.briefing.period.series_break) {
    throw usageError(
      t`${current.source.file} marks a break in its series (period.series_break): it is not compared with earlier periods`,
    );
  }
  const earlier = await checkFile(file);
  const period = earlier.briefing.period.as_of;
  const now = current.briefing.period.as_of;
  if (period.slice(0, 7) >= now.slice(0, 7)) {
    throw invalidInput([
      {
        severity: "error",
        file,
        path: "period.as_of",
        ...earlier.source.locate(["period", "as_of"]),
        message: t`is not an earlier period than ${current.source.file}`,
        expected: t`a period before ${now}`,
        found: period,
      },
    ]);
  }
  return [{ period, kind: "latest", derived: earlier.derived, file }];
}

/** The name of a briefing's copy in another of the run's languages: sumbagsel.en. */
export const translated = (name: string, lang: string): string => `${name}.${lang}`;

/** Builds the given files into `outDir/<slug>.html` and `.pdf`. */
export async function build(options: BuildOptions): Promise<BuiltBriefing[]> {
  const outDir = options.outDir ?? "output";
  const formats = options.formats ?? DEFAULT_FORMATS;
  const run = shared(options, options.templateSet);
  if (!needsBrowser(formats)) return buildWith(undefined);
  if (options.started) return buildWith(options.started);
  return withPrinter({ ...options.printer, browser: options.browser ?? {} }, async (printer) => {
    await printer.check();
    return buildWith(printer);
  });

  async function buildWith(printer: PrintService | undefined): Promise<BuiltBriefing[]> {
    // Every input is checked and rendered before anything is printed or written: one bad file
    // stops the build with nothing changed on disk.
    const checked: Checked[] = [];
    for (const [i, file] of options.files.entries()) {
      const done = options.checked?.[i];
      if (done?.source.file !== file) checked.push(await checkReported(file, options));
      else {
        for (const issue of done.issues) options.onIssue?.(issue);
        checked.push(done);
      }
    }
    const earlier = options.compare ? await comparedWith(options.compare, checked) : [];
    // The inputs are valid: the build's own printer starts its browser while they are rendered,
    // not after, and never for input that is refused (one started early, before the check,
    // is killed by it: print/early.ts).
    printer?.warm(checked.length * (options.languages?.length ?? 1) * printsOf(formats));
    // Files built together share their ids' colours, as an archive's do.
    const slots = runSlots(
      checked.map((c) => ({ asOf: c.briefing.period.as_of, ids: colouredIds(c.briefing) })),
      run.templates.theme.series.length,
    );
    const rendered: Rendered[] = [];
    for (const one of checked) {
      for (const [i, lang] of (options.languages ?? [options.lang]).entries()) {
        const r = await renderChecked(one, { ...options, lang }, { ...run, slots }, earlier);
        rendered.push(i === 0 ? r : { ...r, slug: translated(r.slug, r.lang) });
      }
    }

    // A printer started early (print/early.ts) has looked for its browser meanwhile.
    await printer?.check();

    const slugs = new Map<string, string>();
    for (const r of rendered) {
      const other = slugs.get(r.slug);
      if (other) {
        throw invalidInput([
          {
            severity: "error",
            file: r.checked.source.file,
            path: "slug",
            message: t`same output name "${r.slug}" as ${other}`,
          },
        ]);
      }
      slugs.set(r.slug, r.checked.source.file);
    }

    // The browser closes once the last page is printed, while its PDF is finished.
    printer?.expect(rendered.length * printsOf(formats));

    const one = async (r: Rendered): Promise<BuiltBriefing> => {
      const blocked: string[] = [];
      const files = await outputsOf(
        {
          rendered: r,
          name: r.slug,
          printer,
          print: {
            maxPages: options.maxPages,
            onBlocked: (url) => {
              blocked.push(url);
              options.onIssue?.(blockedWarning(r.checked.source.file, url));
            },
          },
          archival: options.pdfa
            ? earlier.map((e) => ({ file: e.file, role: e.kind, period: e.period }))
            : undefined,
        },
        formats,
      );
      const written = await writeAll(outDir, files);
      const html = written.find((f) => f === path.resolve(outDir, `${r.slug}.html`));
      const pdf = written.find((f) => f === path.resolve(outDir, `${r.slug}.pdf`));
      return {
        input: r.checked.source.file,
        slug: r.slug,
        ...(html ? { html: shown(html) } : {}),
        ...(pdf ? { pdf: shown(pdf) } : {}),
        files: written.map(shown),
        issues: r.checked.issues,
        blocked,
      };
    };

    // Every briefing finishes (or fails) before the browser closes; the first failure is thrown.
    const settled = await Promise.allSettled(rendered.map((r) => one(r)));
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
    return settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  }
}
