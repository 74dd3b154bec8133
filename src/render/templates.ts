/**
 * Template sets: a folder with `layout.hbs`, `partials/*.hbs`, `style.css` and
 * `locales/<lang>.yaml`. A custom set (`--templates dir`) overrides the default set file by
 * file; its style.css is added after the default one, so it only needs to say what differs.
 *
 * Data is always escaped: a template that uses `{{{ }}}` or `{{& }}` is refused at load.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { theme as defaultTheme, type Theme } from "../chart/theme.js";
import { BriefingError, ExitCode, type Issue, invalidInput } from "../errors.js";
import { validate } from "../load/load.js";
import { parseYaml } from "../load/yaml.js";
import { t } from "../locale/messages.js";
import {
  type AssetUse,
  assetUses,
  inlineCssAssets,
  loadAssets,
  registerAssetHelper,
} from "./assets.js";
import { cachedAst } from "./ast-cache.js";
import {
  bounded,
  boundedPartial,
  boundLoops,
  defaultRenderLimits,
  type RenderLimits,
} from "./bounds.js";
import { cssReferences, fileUrls, templateReferences } from "./file-refs.js";
import Handlebars from "./handlebars.js";
import { registerHelpers } from "./helpers.js";
import { explainStrict, type PathsAt, strictParams } from "./strict.js";

/** A colour as the charts and the page both take it; an unquoted # starts a YAML comment. */
const Colour = z
  .string({
    error: () => t`a colour written "#rrggbb" in quotes (YAML reads an unquoted # as a comment)`,
  })
  .regex(/^#[0-9a-fA-F]{6}$/, { error: () => t`a colour written "#rrggbb", such as "#0f4c81"` })
  .transform((hex) => hex.toLowerCase());

const TemplateSettings = z.strictObject({
  /** The set's pages need their scripts run when printed. */
  javascript: z.boolean().optional(),
  /** The colours of segments (and indicators) without their own, by position. */
  palette: z
    .array(Colour)
    .min(1, { error: () => t`at least one colour` })
    .optional(),
  /** A segment's or indicator's own colour, by its id. */
  colours: z.record(z.string().min(1), Colour).optional(),
  /** The focus bar, the progress bar, and the page's and index's accent. */
  accent: Colour.optional(),
});

export const DEFAULT_TEMPLATES = fileURLToPath(new URL("../../templates/default", import.meta.url));

/**
 * The template folder a briefing file names (`templates: ../../templates/dinkes`), from the
 * file's folder; undefined when it names none or the run's `--templates` overrides it.
 */
export function namedTemplates(
  file: string,
  named: string | undefined,
  options: { templates?: string | undefined },
): string | undefined {
  if (options.templates !== undefined || named === undefined) return undefined;
  return path.resolve(path.dirname(file), named);
}

export interface TemplateSet {
  /** The default set first, then the custom one if any. */
  dirs: string[];
  render(model: object, data: object): string;
  /** The archive's index page (`index.hbs`). */
  renderIndex(model: object, data: object): string;
  /** The briefing as 16:9 slides (`slides.hbs`, its `slide-*` partials and `slides.css`). */
  renderSlides(model: object, data: object): string;
  /** The slides' stylesheet: each set's slides.css, the default's first. */
  slidesCss: string;
  /** The email sent with a period's briefings: its subject, plain text and HTML. */
  renderEmail(model: object, data: object): { subject: string; text: string; html: string };
  css: string;
  /** The pages run their scripts: declared by `javascript: true` in a set's template.yaml. */
  javascript: boolean;
  /** The charts' and colour keys' colours: the default theme with template.yaml's changes. */
  theme: Theme;
  /** sha256-able identity: every file that shapes the output, concatenated by name. */
  files: { name: string; text: string }[];
}

function lintNoRawOutput(file: string, text: string): Issue[] {
  const issues: Issue[] = [];
  const pattern = /\{\{~?\s*(\{|&)/g;
  for (const match of text.matchAll(pattern)) {
    const before = text.slice(0, match.index);
    const line = before.split("\n").length;
    const column = match.index - before.lastIndexOf("\n");
    issues.push({
      severity: "error",
      file,
      line,
      column,
      message: t`unescaped output ({{{ }}} or {{& }}) is not allowed in briefing templates`,
      expected: t`{{ value }}, which escapes data`,
      hint: t`Charts, fonts and styles come from helpers ({{chart this}}, {{styles}}) that are safe without it.`,
    });
  }
  return issues;
}

/** The default set's syntax trees, parsed when briefing was built (ast-cache.ts). */
const AST_CACHE = fileURLToPath(new URL("../templates/default.json.gz", import.meta.url));

/** A template parsed, once: its syntax tree, or the error that stops it. */
function parsed(file: string, text: string): { ast: hbs.AST.Program } | { issue: Issue } {
  const inDefault = path.relative(DEFAULT_TEMPLATES, file);
  if (!inDefault.startsWith("..") && !path.isAbsolute(inDefault)) {
    const name = inDefault.split(path.sep).join("/");
    const ast = cachedAst(AST_CACHE, name, text, file, Handlebars);
    if (ast) return { ast };
  }
  try {
    return { ast: Handlebars.parse(text, { srcName: file }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /line (\d+)/.exec(message)?.[1];
    return {
      issue: {
        severity: "error",
        file,
        ...(line ? { line: Number(line) } : {}),
        message: t`template syntax: ${message.split("\n")[0]}`,
      },
    };
  }
}

/** Adds the template's file to an error thrown while it renders ("x" not defined - 12:4). */
function located(file: string, fn: Handlebars.TemplateDelegate): Handlebars.TemplateDelegate {
  return (context, runtimeOptions) => {
    try {
      return fn(context, runtimeOptions);
    } catch (error) {
      if (error instanceof BriefingError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const loc = / - (\d+):(\d+)$/.exec(message);
      throw new BriefingError(t`template ${file} failed`, ExitCode.INVALID_INPUT, {
        issues: [
          {
            severity: "error",
            file,
            ...(loc ? { line: Number(loc[1]), column: Number(loc[2]) + 1 } : {}),
            message: message.replace(/ - \d+:\d+$/, ""),
            hint: t`Templates may only use fields the briefing model provides; see templates/default.`,
          },
        ],
      });
    }
  };
}

const options = { strict: true, preventIndent: true };

export interface LoadOptions {
  /**
   * Refuse references to files and servers in the set's templates and style.css (file-refs.ts).
   * Only the tests of the page's own guards (its policy, the printer's refusals) turn it off,
   * to hand those guards what this check would have stopped.
   */
  references?: boolean;
}

export function loadTemplates(
  customDir?: string,
  limits: RenderLimits = defaultRenderLimits,
  { references = true }: LoadOptions = {},
): TemplateSet {
  const dirs = [DEFAULT_TEMPLATES, ...(customDir ? [path.resolve(customDir)] : [])];
  if (customDir && !existsSync(customDir)) {
    throw new BriefingError(t`template folder not found: ${customDir}`, ExitCode.USAGE);
  }
  const pick = (name: string): string | undefined => {
    for (const dir of [...dirs].reverse()) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
    return undefined;
  };

  const files: { name: string; text: string }[] = [];
  const issues: Issue[] = [];
  /** Each template parsed (once it parses), and the assets templates and styles name. */
  const asts = new Map<string, hbs.AST.Program>();
  const assetsNamed: AssetUse[] = [];
  const read = (file: string, name: string): string => {
    const text = readFileSync(file, "utf8");
    files.push({ name, text });
    if (file.endsWith(".hbs")) {
      const syntax = parsed(file, text);
      issues.push(...lintNoRawOutput(file, text), ...("issue" in syntax ? [syntax.issue] : []));
      if (references) issues.push(...templateReferences(file, text));
      if ("ast" in syntax) {
        const { ast } = syntax;
        asts.set(file, ast);
        const named = assetUses(file, ast);
        issues.push(...named.issues);
        assetsNamed.push(...named.uses);
      }
    }
    if (file.endsWith(".css")) {
      const found = cssReferences(file, text, text, new Map(), (asset, line, column) =>
        assetsNamed.push({ name: asset, file, line, column }),
      );
      if (references) issues.push(...found, ...fileUrls(file, text, found));
    }
    return text;
  };

  const hb = Handlebars.create();
  registerHelpers(hb);
  boundLoops(hb);
  const strictPaths: PathsAt = new Map();
  explainStrict(hb, strictPaths);
  /** Compiled with every named field looked up strictly, params included (see strict.ts). */
  const compile = (file: string, noEscape = false) => {
    const ast = asts.get(file) as hbs.AST.Program;
    strictParams(ast, strictPaths);
    return located(file, hb.compile(ast, { ...options, noEscape }));
  };

  const partialNames = new Set<string>();
  for (const dir of dirs) {
    const partialDir = path.join(dir, "partials");
    if (!existsSync(partialDir)) continue;
    for (const name of readdirSync(partialDir)) if (name.endsWith(".hbs")) partialNames.add(name);
  }
  const partialSources: [string, string][] = [];
  for (const name of [...partialNames].sort()) {
    const file = pick(path.join("partials", name));
    if (file) {
      read(file, `partials/${name}`);
      partialSources.push([name.replace(/\.hbs$/, ""), file]);
    }
  }
  const layoutFile = pick("layout.hbs");
  if (!layoutFile)
    throw new BriefingError(t`no layout.hbs in the template folders`, ExitCode.USAGE);
  read(layoutFile, "layout.hbs");
  const indexFile = pick("index.hbs");
  if (!indexFile) throw new BriefingError(t`no index.hbs in the template folders`, ExitCode.USAGE);
  read(indexFile, "index.hbs");
  const slidesFile = pick("slides.hbs");
  if (!slidesFile)
    throw new BriefingError(t`no slides.hbs in the template folders`, ExitCode.USAGE);
  read(slidesFile, "slides.hbs");
  const emailParts = ["subject.hbs", "body.txt.hbs", "body.html.hbs"].map((name) => {
    const file = pick(path.join("email", name));
    if (!file) throw new BriefingError(t`no email/${name} in the template folders`, ExitCode.USAGE);
    read(file, `email/${name}`);
    return file;
  });

  // template.yaml: what a set declares about itself: `javascript`, off unless a set says its
  // pages need scripts (the printed page then runs them, still loading nothing); its colours.
  let javascript = false;
  let theme: Theme = defaultTheme;
  const settingsFile = pick("template.yaml");
  if (settingsFile) {
    const text = read(settingsFile, "template.yaml");
    const source = parseYaml(settingsFile, Buffer.from(text));
    const settings = validate(source, TemplateSettings);
    javascript = settings.javascript ?? false;
    theme = {
      ...defaultTheme,
      ...(settings.palette ? { series: settings.palette } : {}),
      ...(settings.colours ? { colours: settings.colours } : {}),
      ...(settings.accent ? { accent: settings.accent } : {}),
    };
  }

  const styles = dirs
    .map((dir) => path.join(dir, "style.css"))
    .filter((file) => existsSync(file))
    .map((file) => read(file, `${path.basename(path.dirname(file))}/style.css`));
  // template.yaml's accent after the default style, before the set's own style.css.
  if (theme.accent !== defaultTheme.accent) {
    styles.splice(1, 0, `:root { --accent: ${theme.accent}; }`);
  }

  const slideStyles = dirs
    .map((dir) => path.join(dir, "slides.css"))
    .filter((file) => existsSync(file))
    .map((file) => read(file, `${path.basename(path.dirname(file))}/slides.css`));
  if (theme.accent !== defaultTheme.accent) {
    slideStyles.splice(1, 0, `:root { --accent: ${theme.accent}; }`);
  }

  const assets = loadAssets(dirs, assetsNamed);
  issues.push(...assets.issues);
  if (issues.length > 0) throw invalidInput(issues);
  files.push(...assets.files);
  registerAssetHelper(hb, assets.urls);
  const css = inlineCssAssets(styles.join("\n"), assets.urls);
  const slidesCss = inlineCssAssets(slideStyles.join("\n"), assets.urls);

  for (const [name, file] of partialSources) {
    hb.registerPartial(name, boundedPartial(file, compile(file)));
  }
  const layout = compile(layoutFile);
  const index = compile(indexFile);
  const slides = compile(slidesFile);
  // Subject and plain text are not HTML: data goes in as it is, unescaped; the HTML escapes.
  const [subject, text, html] = emailParts.map((file, i) => compile(file, i < 2)) as [
    Handlebars.TemplateDelegate,
    Handlebars.TemplateDelegate,
    Handlebars.TemplateDelegate,
  ];

  return {
    dirs,
    css,
    slidesCss,
    javascript,
    theme,
    files,
    render: (model, data) => bounded(limits, layoutFile, () => layout(model, { data })),
    renderIndex: (model, data) => bounded(limits, indexFile, () => index(model, { data })),
    renderSlides: (model, data) => bounded(limits, slidesFile, () => slides(model, { data })),
    renderEmail: (model, data) =>
      bounded(limits, emailParts[1] ?? "email", () => ({
        subject: subject(model, { data }).replace(/\s+/g, " ").trim(),
        text: text(model, { data }).replace(/\n{3,}/g, "\n\n"),
        html: html(model, { data }),
      })),
  };
}
