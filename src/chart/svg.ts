/**
 * A drawn chart as one SVG: its shapes (the image cairo drew, without text) with its words set
 * on top as `<text>` in the page's font. Inline in a page, Chromium prints the words as text:
 * they can be selected, searched and read in the PDF's tag tree, under the chart's Figure.
 */
import { FONT_FAMILY } from "../assets/fonts.js";
import { t } from "../locale/messages.js";
import type { ChartImage } from "./canvas.js";
import type { ChartText } from "./text.js";

/** Escapes text for XML content and attributes; `=` and backticks too, as Handlebars does. */
export const escapeXml = (text: string): string =>
  text.replace(/[&<>"'=`]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Two decimals of a CSS pixel: finer than any printer resolves. */
const n = (value: number): string => String(Math.round(value * 100) / 100);

export function textElement(text: ChartText): string {
  const place = text.matrix
    ? ` transform="matrix(${[...text.matrix, text.x, text.y].map(n).join(" ")})"`
    : ` x="${n(text.x)}" y="${n(text.y)}"`;
  const attributes = [
    place,
    ` font-size="${n(text.size)}"`,
    text.weight === 400 ? "" : ` font-weight="${text.weight}"`,
    text.italic ? ' font-style="italic"' : "",
    text.anchor === "start" ? "" : ` text-anchor="${text.anchor}"`,
    ` fill="${escapeXml(text.fill)}"`,
    text.opacity < 1 ? ` fill-opacity="${n(text.opacity)}"` : "",
  ].join("");
  // A no-break space in SVG text ends Chromium's tagging of the chart: the words after it print
  // untagged. SVG text never wraps, so a plain space says the same.
  return `<text${attributes}>${escapeXml(text.text.replace(/[\u00a0\u202f]/g, " "))}</text>`;
}

/**
 * The chart as SVG markup inline in a page (HTML needs no namespace there). `alt` names it for
 * a reader; `className` lets a page's style size it.
 */
export function chartSvg(image: ChartImage, alt: string, className = "chart-image"): string {
  // src is a data: URL the chart renderer made from a base64 image; nothing else goes in.
  if (!/^data:image\/(svg\+xml|png);base64,[A-Za-z0-9+/=]+$/.test(image.src)) {
    throw new Error(t`chart image is not an inline image`);
  }
  const { width, height } = image;
  const texts = image.texts.map(textElement).join("");
  return (
    `<svg class="${escapeXml(className)}" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" role="img" aria-label="${escapeXml(alt)}">` +
    `<image href="${image.src}" width="${n(width)}" height="${n(height)}"/>` +
    `<g font-family="'${FONT_FAMILY}', sans-serif">${texts}</g></svg>`
  );
}
