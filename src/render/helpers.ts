/**
 * Template helpers. Figures reach templates as numbers; these helpers are the only way a
 * template formats them, so every number on the page is written the language's way.
 * Only `chart` and `styles` emit markup, and neither puts data into it unescaped.
 */
import type Handlebars from "handlebars";
import {
  capitalize,
  type DateStyle,
  formatDate,
  formatNumber,
  formatPercent,
  formatPoints,
  formatSigned,
  plural,
} from "../locale/format.js";
import type { Locale } from "../locale/locale.js";

/** What every render passes as `@data` beside the model. */
export interface RenderData {
  locale: Locale;
  decimals: number;
  /** The complete stylesheet, fonts included. */
  css: string;
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
    throw new Error(`{{${helper}}} needs a number, got ${value === null ? "null" : typeof value}`);
  }
  return value;
}

export function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper("t", (...args: unknown[]) => {
    const { options, params } = ctx(args);
    const key = String(params[0]);
    // Own labels only: {{t "constructor"}} must not print Object's constructor.
    const labels = options.data.locale.labels;
    const label = Object.hasOwn(labels, key) ? labels[key] : undefined;
    if (label === undefined)
      throw new Error(`no label "${key}" in locales/${options.data.locale.lang}.yaml`);
    return label;
  });

  hb.registerHelper("number", (...args: unknown[]) => {
    const { options, params } = ctx(args);
    const decimals = typeof params[1] === "number" ? params[1] : 0;
    if (params[0] === null) return NO_FIGURE;
    return formatNumber(options.data.locale, num(params[0], "number"), decimals);
  });

  hb.registerHelper("percent", (...args: unknown[]) => {
    const { options, params } = ctx(args);
    const trim = options.hash.trim === true;
    if (params[0] === null) return NO_FIGURE;
    return formatPercent(
      options.data.locale,
      num(params[0], "percent"),
      options.data.decimals,
      trim,
    );
  });

  hb.registerHelper("signed", (...args: unknown[]) => {
    const { options, params } = ctx(args);
    if (params[0] === null) return NO_FIGURE;
    return formatSigned(options.data.locale, num(params[0], "signed"));
  });

  hb.registerHelper("points", (...args: unknown[]) => {
    const { options, params } = ctx(args);
    return formatPoints(options.data.locale, num(params[0], "points"), options.data.decimals);
  });

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
    if (!forms || typeof forms === "string") throw new Error(`{{plural}} has no forms "${form}"`);
    return plural(options.data.locale, forms, count, formatNumber(options.data.locale, count));
  });

  hb.registerHelper("capitalize", (text: unknown) => capitalize(String(text)));

  hb.registerHelper("chart", (...args: unknown[]) => {
    const { params } = ctx(args);
    const chart = params[0] as {
      image: { src: string; width: number; height: number };
      alt: string;
    };
    const alt = hb.escapeExpression(chart.alt);
    // src is a data: URL the chart renderer made from a base64 image; nothing else goes in.
    if (!/^data:image\/(svg\+xml|png);base64,[A-Za-z0-9+/=]+$/.test(chart.image.src)) {
      throw new Error("chart image is not an inline image");
    }
    return new hb.SafeString(
      `<img class="chart-image" src="${chart.image.src}" width="${chart.image.width}" height="${chart.image.height}" alt="${alt}">`,
    );
  });

  hb.registerHelper("styles", (...args: unknown[]) => {
    const { options } = ctx(args);
    return new hb.SafeString(`<style>\n${options.data.css.replaceAll("</", "<\\/")}\n</style>`);
  });
}
