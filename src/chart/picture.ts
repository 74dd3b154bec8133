/**
 * A chart as a picture of its own, for a chat message or a slide someone else makes: its
 * finding, its unit, the chart, what its marks mean, its source and who made it, all inside
 * the picture, since a picture travels without the page around it. Laid out once (lines broken
 * with the font's own widths) and then written as SVG (text as text, the font embedded) or
 * drawn as PNG at twice its size.
 */
import { type CanvasRenderingContext2D, createCanvas, loadImage } from "canvas";
import { FONT_FAMILY } from "../assets/fonts.js";
import { CANVAS_FAMILY, type ChartImage, registerFonts } from "./canvas.js";
import { escapeXml, textElement } from "./svg.js";
import type { ChartText } from "./text.js";

/** What a picture says around its chart. */
export interface PictureWords {
  title: string;
  subtitle: string;
  /** The chart's caption and its marks' meanings, each a paragraph. */
  notes: string[];
  /** "Sumber: Liputan6.com, 16 November 2020". */
  source: string | null;
  /** Who made it: the organisation and office. */
  credit: string;
}

export interface Picture {
  width: number;
  height: number;
  chart: ChartImage;
  /** Where the chart sits in the picture. */
  chartX: number;
  chartY: number;
  /** The words around the chart, in the picture's coordinates. */
  texts: ChartText[];
}

const PAD = 16;
const INK = "#1f2933";
const MUTED = "#52606d";

/** A context to measure text with, made once: a picture measures every word of its notes. */
let measuring: CanvasRenderingContext2D | undefined;

/** Breaks `text` into lines no wider than `width` at this font, between words. */
function lines(text: string, font: string, width: number): string[] {
  registerFonts();
  measuring ??= createCanvas(1, 1).getContext("2d");
  const ctx = measuring;
  ctx.font = font;
  const out: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = out[out.length - 1];
    if (last !== undefined && ctx.measureText(`${last} ${word}`).width <= width) {
      out[out.length - 1] = `${last} ${word}`;
    } else {
      out.push(word);
    }
  }
  return out;
}

/** Lays a chart out with its words. */
export function picture(chart: ChartImage, words: PictureWords): Picture {
  const width = chart.width + 2 * PAD;
  const texts: ChartText[] = [];
  let y = PAD;
  const block = (text: string, size: number, weight: number, fill: string, leading: number) => {
    const font = `${weight === 400 ? "normal" : "bold"} ${size}px ${CANVAS_FAMILY}`;
    for (const line of lines(text, font, chart.width)) {
      // The baseline sits about four fifths of the font's size below the line's top.
      texts.push({
        text: line,
        x: PAD,
        y: y + (leading - size) / 2 + size * 0.8,
        anchor: "start",
        size,
        weight,
        italic: false,
        fill,
        opacity: 1,
      });
      y += leading;
    }
  };
  block(words.title, 17, 700, INK, 22);
  block(words.subtitle, 13, 400, MUTED, 18);
  y += 8;
  const chartY = y;
  y += chart.height + 8;
  for (const note of words.notes) block(note, 11.5, 400, MUTED, 15);
  if (words.source) block(words.source, 11.5, 400, MUTED, 15);
  block(words.credit, 11.5, 700, MUTED, 15);
  return { width, height: Math.ceil(y + PAD), chart, chartX: PAD, chartY, texts };
}

/**
 * The picture as an SVG file: the chart's shapes as the image they are, every word as text in
 * Source Sans 3, embedded (`fontCss`, cut to the picture's characters) so that it looks the
 * same where the font is not installed.
 */
export function pictureSvg(p: Picture, alt: string, fontCss: string): string {
  const n = (value: number) => String(Math.round(value * 100) / 100);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(p.width)}" height="${n(p.height)}" viewBox="0 0 ${n(p.width)} ${n(p.height)}" role="img" aria-label="${escapeXml(alt)}">`,
    `<style>${fontCss}</style>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<g font-family="'${FONT_FAMILY}', sans-serif">`,
    ...p.texts.map(textElement),
    `<g transform="translate(${n(p.chartX)} ${n(p.chartY)})">`,
    `<image href="${p.chart.src}" width="${n(p.chart.width)}" height="${n(p.chart.height)}"/>`,
    ...p.chart.texts.map(textElement),
    "</g></g></svg>",
  ].join("\n");
}

/** Draws one text as canvas draws it: the same font, size, colour and anchor. */
function draw(ctx: ReturnType<ReturnType<typeof createCanvas>["getContext"]>, text: ChartText) {
  ctx.save();
  ctx.font = `${text.italic ? "italic " : ""}${text.weight} ${text.size}px ${CANVAS_FAMILY}`;
  ctx.fillStyle = text.fill;
  ctx.globalAlpha = text.opacity;
  ctx.textBaseline = "alphabetic";
  ctx.textAlign = text.anchor === "middle" ? "center" : text.anchor === "end" ? "right" : "left";
  ctx.translate(text.x, text.y);
  if (text.matrix) ctx.transform(...text.matrix, 0, 0);
  ctx.fillText(text.text, 0, 0);
  ctx.restore();
}

/** The picture as a PNG, drawn at `scale` times its size (2: sharp on a phone's screen). */
export async function picturePng(p: Picture, scale = 2): Promise<Buffer> {
  registerFonts();
  const canvas = createCanvas(Math.ceil(p.width * scale), Math.ceil(p.height * scale));
  const ctx = canvas.getContext("2d");
  ctx.scale(scale, scale);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, p.width, p.height);
  for (const text of p.texts) draw(ctx, text);
  ctx.save();
  ctx.translate(p.chartX, p.chartY);
  const shapes = await loadImage(
    Buffer.from(p.chart.src.slice(p.chart.src.indexOf(",") + 1), "base64"),
  );
  ctx.drawImage(shapes, 0, 0, p.chart.width, p.chart.height);
  for (const text of p.chart.texts) draw(ctx, text);
  ctx.restore();
  return canvas.toBuffer("image/png");
}
