/**
 * Chart text as text. cairo draws a chart's words as glyph outlines: nothing a reader can
 * select, search or have read aloud. While chart.js lays a chart out, this plugin takes every
 * `fillText` call off the canvas and keeps what it would have written, where, and how; the
 * chart's shapes are drawn without it, and `chartSvg` (svg.ts) sets the words back on top as
 * SVG `<text>` in the same font, so the page's PDF holds them as text.
 */
import type { Chart, Plugin } from "chart.js";

/** One piece of text a chart draws, in CSS pixels of the chart. */
export interface ChartText {
  text: string;
  /** The start, middle or end of the text's alphabetic baseline, after `matrix`. */
  x: number;
  y: number;
  anchor: "start" | "middle" | "end";
  /** Font size in CSS pixels; with a `matrix`, before it. */
  size: number;
  weight: number;
  italic: boolean;
  fill: string;
  opacity: number;
  /** A rotation, skew or scale around (x, y), when the text is not level: [a, b, c, d]. */
  matrix?: [number, number, number, number];
}

const WEIGHTS: Record<string, number> = { normal: 400, bold: 700, bolder: 700, lighter: 300 };

/** Reads a canvas font string ("italic bold 12px Family") into its size, weight and style. */
export function parseFont(font: string): { size: number; weight: number; italic: boolean } {
  const size = /([\d.]+)px/.exec(font);
  const before = size ? font.slice(0, size.index) : "";
  let weight = 400;
  let italic = false;
  for (const word of before.trim().split(/\s+/)) {
    if (word === "italic" || word === "oblique") italic = true;
    else if (/^\d{3}$/.test(word)) weight = Number(word);
    else if (Object.hasOwn(WEIGHTS, word) && word !== "normal") weight = WEIGHTS[word] as number;
  }
  return { size: size ? Number(size[1]) : 12, weight, italic };
}

const ANCHORS: Record<string, ChartText["anchor"]> = {
  left: "start",
  start: "start",
  center: "middle",
  right: "end",
  end: "end",
};

/** The distance from each font and text baseline to the alphabetic baseline, in pixels. */
const shifts = new Map<string, number>();

/**
 * What measuring a text returned, by font, baseline, alignment and text. chart.js and its
 * label plugins measure every label several times a chart, and a batch draws the same labels
 * in chart after chart; each measure is a layout by pango (a third of a chart's time).
 * The measures depend on nothing else. Bounded: the oldest are dropped first.
 */
const measured = new Map<string, ReturnType<Chart<"bar">["ctx"]["measureText"]>>();
const MEASURES_KEPT = 8192;

/** Only colours written the ways chart.js and our theme write them reach the markup. */
const COLOUR = /^(#[0-9a-fA-F]{3,8}|rgba?\([\d.,\s%]+\))$/;

/**
 * A chart.js plugin that records each text the chart would draw into `texts` instead of
 * drawing it. `dpr`: the chart's device pixel ratio, so positions come out in CSS pixels.
 */
export function textRecorder(texts: ChartText[], fallback: string, dpr = 1): Plugin<"bar"> {
  return {
    id: "briefingTextRecorder",
    beforeInit(chart: Chart<"bar">) {
      const ctx = chart.ctx;
      const measure = ctx.measureText.bind(ctx);
      ctx.measureText = (value: string) => {
        const key = `${ctx.font}|${ctx.textBaseline}|${ctx.textAlign}|${ctx.direction}|${value}`;
        let metrics = measured.get(key);
        if (metrics === undefined) {
          metrics = measure(value);
          measured.set(key, metrics);
          if (measured.size > MEASURES_KEPT) {
            const oldest = measured.keys().next().value;
            if (oldest !== undefined) measured.delete(oldest);
          }
        }
        return metrics;
      };
      ctx.fillText = (value: unknown, x: number, y: number) => {
        const text = String(value ?? "");
        if (text.trim() === "") return;
        // Where the alphabetic baseline lies, whatever baseline chart.js asked for: a glyph's
        // top is `ascent` above the asked line and `alphabetic` above the baseline. The
        // distance is the font's, the same for every text: measured once per font and line.
        const baseline = ctx.textBaseline;
        const key = `${ctx.font}|${baseline}`;
        let shift = shifts.get(key);
        if (shift === undefined) {
          const ascent = ctx.measureText("H").actualBoundingBoxAscent;
          ctx.textBaseline = "alphabetic";
          shift = ctx.measureText("H").actualBoundingBoxAscent - ascent;
          ctx.textBaseline = baseline;
          shifts.set(key, shift);
        }
        const baselineY = y + shift;
        const m = ctx.getTransform();
        const { size, weight, italic } = parseFont(ctx.font);
        const fill = typeof ctx.fillStyle === "string" ? ctx.fillStyle : fallback;
        const level = m.b === 0 && m.c === 0 && m.a === m.d && m.a > 0;
        texts.push({
          text,
          x: (m.a * x + m.c * baselineY + m.e) / dpr,
          y: (m.b * x + m.d * baselineY + m.f) / dpr,
          anchor: ANCHORS[ctx.textAlign] ?? "start",
          size: level ? (size * m.a) / dpr : size,
          weight,
          italic,
          fill: COLOUR.test(fill) ? fill : fallback,
          opacity: ctx.globalAlpha,
          ...(level ? {} : { matrix: [m.a / dpr, m.b / dpr, m.c / dpr, m.d / dpr] }),
        });
      };
    },
  };
}
