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
import Handlebars from "handlebars";
import { z } from "zod";
import { theme as defaultTheme, type Theme } from "../chart/theme.js";
import { BriefingError, ExitCode, type Issue, invalidInput } from "../errors.js";
import { validate } from "../load/load.js";
import { parseYaml } from "../load/yaml.js";
import {
  bounded,
  boundedPartial,
  boundLoops,
  defaultRenderLimits,
  type RenderLimits,
} from "./bounds.js";
import { registerHelpers } from "./helpers.js";

/** A colour as the charts and the page both take it; an unquoted # starts a YAML comment. */
const Colour = z
  .string({ error: 'a colour written "#rrggbb" in quotes (YAML reads an unquoted # as a comment)' })
  .regex(/^#[0-9a-fA-F]{6}$/, { error: 'a colour written "#rrggbb", such as "#0f4c81"' })
  .transform((hex) => hex.toLowerCase());

const TemplateSettings = z.strictObject({
  /** The set's pages need their scripts run when printed. */
  javascript: z.boolean().optional(),
  /** The colours of segments (and indicators) without their own, by position. */
  palette: z.array(Colour).min(1, { error: "at least one colour" }).optional(),
  /** A segment's or indicator's own colour, by its id. */
  colours: z.record(z.string().min(1), Colour).optional(),
  /** The focus bar, the progress bar, and the page's and index's accent. */
  accent: Colour.optional(),
});

export const DEFAULT_TEMPLATES = fileURLToPath(new URL("../../templates/default", import.meta.url));

export interface TemplateSet {
  /** The default set first, then the custom one if any. */
  dirs: string[];
  render(model: object, data: object): string;
  /** The archive's index page (`index.hbs`). */
  renderIndex(model: object, data: object): string;
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
      message: "unescaped output ({{{ }}} or {{& }}) is not allowed in briefing templates",
      expected: "{{ value }}, which escapes data",
      hint: "Charts, fonts and styles come from helpers ({{chart this}}, {{styles}}) that are safe without it.",
    });
  }
  return issues;
}

function parseCheck(file: string, text: string): Issue[] {
  try {
    Handlebars.parse(text);
    return [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /line (\d+)/.exec(message)?.[1];
    return [
      {
        severity: "error",
        file,
        ...(line ? { line: Number(line) } : {}),
        message: `template syntax: ${message.split("\n")[0]}`,
      },
    ];
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
      throw new BriefingError(`template ${file} failed`, ExitCode.INVALID_INPUT, {
        issues: [
          {
            severity: "error",
            file,
            ...(loc ? { line: Number(loc[1]), column: Number(loc[2]) + 1 } : {}),
            message: message.replace(/ - \d+:\d+$/, ""),
            hint: "Templates may only use fields the briefing model provides; see templates/default.",
          },
        ],
      });
    }
  };
}

export function loadTemplates(
  customDir?: string,
  limits: RenderLimits = defaultRenderLimits,
): TemplateSet {
  const dirs = [DEFAULT_TEMPLATES, ...(customDir ? [path.resolve(customDir)] : [])];
  if (customDir && !existsSync(customDir)) {
    throw new BriefingError(`template folder not found: ${customDir}`, ExitCode.USAGE);
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
  const read = (file: string, name: string): string => {
    const text = readFileSync(file, "utf8");
    files.push({ name, text });
    if (file.endsWith(".hbs"))
      issues.push(...lintNoRawOutput(file, text), ...parseCheck(file, text));
    return text;
  };

  const hb = Handlebars.create();
  registerHelpers(hb);
  boundLoops(hb);

  const partialNames = new Set<string>();
  for (const dir of dirs) {
    const partialDir = path.join(dir, "partials");
    if (!existsSync(partialDir)) continue;
    for (const name of readdirSync(partialDir)) if (name.endsWith(".hbs")) partialNames.add(name);
  }
  const partialSources: [string, string, string][] = [];
  for (const name of [...partialNames].sort()) {
    const file = pick(path.join("partials", name));
    if (file)
      partialSources.push([name.replace(/\.hbs$/, ""), file, read(file, `partials/${name}`)]);
  }
  const layoutFile = pick("layout.hbs");
  if (!layoutFile) throw new BriefingError("no layout.hbs in the template folders", ExitCode.USAGE);
  const layoutText = read(layoutFile, "layout.hbs");
  const indexFile = pick("index.hbs");
  if (!indexFile) throw new BriefingError("no index.hbs in the template folders", ExitCode.USAGE);
  const indexText = read(indexFile, "index.hbs");
  const emailParts = ["subject.hbs", "body.txt.hbs", "body.html.hbs"].map((name) => {
    const file = pick(path.join("email", name));
    if (!file) throw new BriefingError(`no email/${name} in the template folders`, ExitCode.USAGE);
    return { file, text: read(file, `email/${name}`) };
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
  const css = styles.join("\n");

  if (issues.length > 0) throw invalidInput(issues);

  const options = { strict: true, preventIndent: true };
  for (const [name, file, text] of partialSources) {
    hb.registerPartial(name, boundedPartial(file, located(file, hb.compile(text, options))));
  }
  const layout = located(layoutFile, hb.compile(layoutText, options));
  const index = located(indexFile, hb.compile(indexText, options));
  // Subject and plain text are not HTML: data goes in as it is, unescaped; the HTML escapes.
  const [subject, text, html] = emailParts.map(({ file, text: source }, i) =>
    located(file, hb.compile(source, { ...options, noEscape: i < 2 })),
  ) as [Handlebars.TemplateDelegate, Handlebars.TemplateDelegate, Handlebars.TemplateDelegate];

  return {
    dirs,
    css,
    javascript,
    theme,
    files,
    render: (model, data) => bounded(limits, layoutFile, () => layout(model, { data })),
    renderIndex: (model, data) => bounded(limits, indexFile, () => index(model, { data })),
    renderEmail: (model, data) =>
      bounded(limits, emailParts[1]?.file ?? "email", () => ({
        subject: subject(model, { data }).replace(/\s+/g, " ").trim(),
        text: text(model, { data }).replace(/\n{3,}/g, "\n\n"),
        html: html(model, { data }),
      })),
  };
}
