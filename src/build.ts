/**
 * The orchestrator: the one place that knows the order of the stages.
 *
 *   load → check → derive → chart → render → print → write
 *
 * The CLI parses flags and calls `build` or `check`; tests call the same functions.
 */
import path from "node:path";
import { embeddedFontCss } from "./assets/fonts.js";
import { ChartRenderer } from "./chart/canvas.js";
import { chartSpecs } from "./chart/specs.js";
import { checkReferences } from "./check/references.js";
import { checkStated } from "./check/stated.js";
import { type Derived, derive } from "./derive/derive.js";
import { type Issue, invalidInput } from "./errors.js";
import { type Loaded, loadBriefing } from "./load/load.js";
import type { Briefing } from "./load/schema.js";
import { loadLocale } from "./locale/locale.js";
import { resolveText } from "./locale/text.js";
import { slugFor } from "./output/slug.js";
import { writeAll } from "./output/write.js";
import { type BrowserOptions, withBrowser } from "./print/browser/manager.js";
import { setMetadata } from "./print/metadata.js";
import { printPdf } from "./print/pdf.js";
import { type PageModel, pageCss, pageModel } from "./render/model.js";
import { narrative } from "./render/narrative.js";
import { loadTemplates, type TemplateSet } from "./render/templates.js";
import { GENERATOR } from "./version.js";

export interface CheckOptions {
  /** Stated figures that disagree with the counts are errors, not warnings. */
  strict?: boolean;
}

export interface Checked extends Loaded {
  derived: Derived;
  /** Warnings and notes; errors are thrown. */
  issues: Issue[];
}

/** Load, check and derive one file. Throws a BriefingError listing every error found. */
export async function checkFile(file: string, options: CheckOptions = {}): Promise<Checked> {
  const loaded = await loadBriefing(file);
  const referenceIssues = checkReferences(loaded.briefing, loaded.source);
  if (referenceIssues.some((issue) => issue.severity === "error"))
    throw invalidInput(referenceIssues);
  const derived = derive(loaded.briefing);
  let issues = [...referenceIssues, ...checkStated(loaded.briefing, derived, loaded.source)];
  if (options.strict) {
    issues = issues.map((issue) =>
      issue.severity === "warning"
        ? { ...issue, severity: "error", hint: issue.hint ?? "--strict makes disagreements errors" }
        : issue,
    );
    if (issues.some((issue) => issue.severity === "error")) throw invalidInput(issues);
  }
  return { ...loaded, derived, issues };
}

export type OutputFormat = "html" | "pdf";

export interface BuildOptions extends CheckOptions {
  files: string[];
  /** Folder the outputs go to; `output` by default. */
  outDir?: string;
  /** Output language; the briefing's own `language` by default. */
  lang?: string;
  /** A template set overriding the default one, file by file. */
  templates?: string;
  formats?: OutputFormat[];
  browser?: BrowserOptions;
  /** Told of each warning or note as it is found. */
  onIssue?: (issue: Issue) => void;
}

export interface BuiltBriefing {
  input: string;
  slug: string;
  html?: string;
  pdf?: string;
  issues: Issue[];
  /** Requests the printed page tried to make and was refused. */
  blocked: string[];
}

export interface Rendered {
  checked: Checked;
  slug: string;
  lang: string;
  model: PageModel;
  html: string;
}

/** Load → check → derive → chart → render: everything but the browser and the disk. */
export async function renderFile(
  file: string,
  options: Omit<BuildOptions, "files">,
  shared: { templates: TemplateSet; charts: ChartRenderer },
): Promise<Rendered> {
  const checked = await checkFile(file, options);
  for (const issue of checked.issues) options.onIssue?.(issue);
  const { briefing, derived } = checked;
  const lang = options.lang ?? briefing.language;
  const locale = await loadLocale(shared.templates.dirs, lang);
  const specs = chartSpecs(briefing, derived, locale);
  const charts = specs.map((spec) => ({ spec, image: shared.charts.render(spec, locale) }));
  const model = pageModel({
    briefing,
    derived,
    locale,
    narrative: narrative(briefing, derived, locale),
    charts,
    generator: GENERATOR,
  });
  const css = [embeddedFontCss(), shared.templates.css, pageCss(model, locale)].join("\n");
  const html = shared.templates.render(model, { locale, decimals: briefing.decimals, css });
  return { checked, slug: slugFor(file, briefing.slug), lang, model, html };
}

function pdfMetadata(briefing: Briefing, model: PageModel, lang: string) {
  const text = (value: Parameters<typeof resolveText>[0]) =>
    resolveText(value, lang, briefing.language);
  return {
    title: model.title,
    author: [model.presenter.map((p) => p.name).join(", "), model.organisation]
      .filter(Boolean)
      .join(" · "),
    subject: [model.subtitle, `${model.region}, ${model.asOf}`].filter(Boolean).join(" · "),
    keywords: [
      model.organisation,
      model.region,
      ...briefing.units.map((unit) => text(unit.name)),
      ...briefing.segments.map((segment) => text(segment.name)),
      briefing.period.as_of,
    ],
    creator: GENERATOR,
    date: briefing.meeting.date,
    lang,
  };
}

/** A path as the user would type it: relative below the working folder, absolute elsewhere. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

export async function build(options: BuildOptions): Promise<BuiltBriefing[]> {
  const outDir = options.outDir ?? "output";
  const formats = options.formats ?? ["html", "pdf"];
  const templates = loadTemplates(options.templates);
  const charts = new ChartRenderer();

  // Every input is checked and rendered before anything is printed or written: one bad file
  // stops the build with nothing changed on disk.
  const rendered: Rendered[] = [];
  for (const file of options.files)
    rendered.push(await renderFile(file, options, { templates, charts }));

  const slugs = new Map<string, string>();
  for (const r of rendered) {
    const other = slugs.get(r.slug);
    if (other) {
      throw invalidInput([
        {
          severity: "error",
          file: r.checked.source.file,
          path: "slug",
          message: `same output name "${r.slug}" as ${other}`,
        },
      ]);
    }
    slugs.set(r.slug, r.checked.source.file);
  }

  const print = async (
    print: (r: Rendered, blocked: string[]) => Promise<Uint8Array | undefined>,
  ) => {
    const results: BuiltBriefing[] = [];
    for (const r of rendered) {
      const blocked: string[] = [];
      const pdf = await print(r, blocked);
      const files = [
        ...(formats.includes("html") ? [{ name: `${r.slug}.html`, data: r.html }] : []),
        ...(pdf ? [{ name: `${r.slug}.pdf`, data: pdf }] : []),
      ];
      const written = await writeAll(outDir, files);
      const html = written.find((f) => f.endsWith(".html"));
      const pdfPath = written.find((f) => f.endsWith(".pdf"));
      results.push({
        input: r.checked.source.file,
        slug: r.slug,
        ...(html ? { html: shown(html) } : {}),
        ...(pdfPath ? { pdf: shown(pdfPath) } : {}),
        issues: r.checked.issues,
        blocked,
      });
    }
    return results;
  };

  if (!formats.includes("pdf")) return print(async () => undefined);
  return withBrowser(options.browser ?? {}, async (manager) => {
    const browser = await manager.browser();
    return print(async (r, blocked) => {
      const raw = await printPdf(browser, r.html, {
        onBlocked: (url) => {
          blocked.push(url);
          options.onIssue?.({
            severity: "warning",
            file: r.checked.source.file,
            message: `the page tried to load ${url.length > 100 ? `${url.slice(0, 97)}…` : url}; refused`,
          });
        },
      });
      return setMetadata(raw, pdfMetadata(r.checked.briefing, r.model, r.lang));
    });
  });
}
