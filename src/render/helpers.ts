/**
 * Template helpers. Figures reach templates as numbers; these helpers are the only way a
 * template formats them, so every number on the page is written the language's way.
 * Only `chart` and `styles` emit markup, and neither puts data into it unescaped.
 */
import type Handlebars from "handlebars";
import type { ChartImage } from "../chart/canvas.js";
import { chartSvg } from "../chart/svg.js";
import type { Figure } from "../derive/figure.js";
import { type FigureKind, type FigureText, figureText } from "../locale/figure-text.js";
import { capitalize, type DateStyle, formatDate, formatNumber, plural } from "../locale/format.js";
import type { Locale } from "../locale/locale.js";
import { t } from "../locale/messages.js";

/** What every render passes as `@data` beside the model. */
export interface RenderData {
  locale: Locale;
  decimals: number;
  /** The one place figures become text, for this briefing's language and decimals. */
  fmt?: FigureText;
  /** The complete stylesheet, fonts included. */
  css: string;
  /** The output is plain text (an email's text part): marks as characters, no markup. */
  plain?: boolean;
}

type HelperOptions = Handlebars.HelperOptions & { data: { root: unknown } & RenderData };

function ctx(args: unknown[]): { options: HelperOptions; params: unknown[] } {
  const options = args[args.length - 1] as HelperOptions;
  return { options, params: args.slice(0, -1) };
}

/** Printed where a figure does not exist (a unit without a potential has no coverage). */
export const NO_FIGURE = "–";

function num(value: unknown, helper: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(t`{{${helper}}} needs a number, got ${value === null ? "null" : typeof value}`);
  }
  return value;
}

export const isFigure = (value: unknown): value is Figure =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Figure).value === "number" &&
  typeof (value as Figure).provenance === "string";

export function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper("t", (...args: unknown[]) => {
    const { options, params } = ctx(args);
    const key = String(params[0]);
    // Own labels only: {{t "constructor"}} must not print Object's constructor.
    const labels = options.data.locale.labels;
    const label = Object.hasOwn(labels, key) ? labels[key] : undefined;
    if (label === undefined)
      throw new Error(t`no label "${key}" in locales/${options.data.locale.lang}.yaml`);
    return label;
  });

  /**
   * A figure written by the briefing's FigureText, with its mark as a span that names it; a
   * plain number written as before; null as a dash.
   */
  const figureHelper = (
    name: string,
    kind: FigureKind,
    write: (fmt: FigureText, figure: Figure | number, options: HelperOptions) => string,
  ) =>
    hb.registerHelper(name, (...args: unknown[]) => {
      const { options, params } = ctx(args);
      const value = params[0];
      if (value === null) return NO_FIGURE;
      const fmt = options.data.fmt;
      if (isFigure(value)) {
        if (!fmt) throw new Error(t`{{${name}}} has no figure writer here`);
        const text = write(fmt, value, options);
        const mark = fmt.markOf(value, kind);
        if (!mark) return text;
        const symbol = options.data.locale.marks[mark];
        if (options.data.plain) return `${text}${symbol}`;
        const title = options.data.locale.labels[`${mark}_mark`] ?? mark;
        return new hb.SafeString(
          `${hb.escapeExpression(text)}<span class="mark mark-${mark}" title="${hb.escapeExpression(title)}">${hb.escapeExpression(symbol)}</span>`,
        );
      }
      const n = num(value, name);
      return write(fmt ?? figureText(options.data.locale, options.data.decimals), n, options);
    });

  figureHelper("number", "count", (fmt, value) => fmt.count(value));
  figureHelper("percent", "percent", (fmt, value, options) =>
    fmt.percent(value, { trim: options.hash.trim === true }),
  );
  figureHelper("signed", "count", (fmt, value) => fmt.signed(value));
  figureHelper("points", "points", (fmt, value) => fmt.points(value));
  figureHelper("rank", "rank", (fmt, value) => fmt.count(value));

  hb.registerHelper("formatDate", (...args: unknown[]) => {
    const { options, params } = ctx(args);
    const style = (typeof params[1] === "string" ? params[1] : "long") as DateStyle;
    return formatDate(options.data.locale, String(params[0]), style);
  });

  hb.registerHelper("plural", (...args: unknown[]) => {
    const { options, params } = ctx(args);
    const count = num(params[0], "plural");
    const form = String(params[1]) as "people" | "members" | "points";
    const forms = options.data.locale.formats[form];
    if (!forms || typeof forms === "string") throw new Error(t`{{plural}} has no forms "${form}"`);
    return plural(options.data.locale, forms, count, formatNumber(options.data.locale, count));
  });

  hb.registerHelper("capitalize", (text: unknown) => capitalize(String(text)));

  hb.registerHelper("chart", (...args: unknown[]) => {
    const { params } = ctx(args);
    const chart = params[0] as { image: ChartImage; narrow?: ChartImage | null; alt: string };
    if (!chart.narrow) return new hb.SafeString(chartSvg(chart.image, chart.alt));
    // A phone shows the chart drawn for its width: the page's one scaled to 360 px would set its
    // text at 6 px. Screens only (page-css.ts): print keeps the page's chart.
    return new hb.SafeString(
      `${chartSvg(chart.image, chart.alt, "chart-image chart-wide")}${chartSvg(chart.narrow, chart.alt, "chart-image chart-narrow")}`,
    );
  });

  hb.registerHelper("styles", (...args: unknown[]) => {
    const { options } = ctx(args);
    return new hb.SafeString(`<style>\n${options.data.css.replaceAll("</", "<\\/")}\n</style>`);
  });
}
