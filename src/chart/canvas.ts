/**
 * Chart stage, part two: the one owner of the chart canvas. Turns chart specs into images
 * with chart.js through chartjs-node-canvas, registers the shipped font once per process,
 * and renders each distinct chart once (keyed by a hash of its spec and language).
 */
import { createHash } from "node:crypto";
import { registerFont } from "canvas";
import type { ChartConfiguration, ChartItem } from "chart.js";
import { ChartJSNodeCanvas } from "chartjs-node-canvas";
import type {} from "chartjs-plugin-annotation";
import type {} from "chartjs-plugin-datalabels";
import { fontFaces, ttfPath } from "../assets/fonts.js";
import type { FigureText } from "../locale/figure-text.js";
import type { BarSpec, ChartSpec, ProgressSpec, StackedSpec } from "./specs.js";
import { type ChartText, textRecorder } from "./text.js";
import { colourOf, theme as defaultTheme, type Theme, textOn } from "./theme.js";

export interface ChartImage {
  id: string;
  /** `data:` URL of the chart's shapes, drawn without their text. */
  src: string;
  /** The chart's words, to set on the shapes as text (svg.ts). */
  texts: ChartText[];
  /** Size in CSS pixels. */
  width: number;
  height: number;
}

/** Content width of an A4 page with the default margins, in CSS pixels. */
const WIDTH = 680;

/**
 * The width of the variant a phone shows (320–390 px screens): drawn about the width it is shown
 * at, its smallest text (12 px) stays ≥ 11 px down to a 275 px column; a 320 px screen's is 288.
 */
export const NARROW_WIDTH = 300;

export function chartHeight(spec: ChartSpec, width: number = WIDTH): number {
  // Narrow, a long category name takes two lines: its row is that much taller.
  const extra = width < WIDTH ? 10 : 0;
  switch (spec.kind) {
    case "bars":
      return (
        56 +
        ((spec.previous ? 48 : 34) + extra) * spec.categories.length +
        (spec.lines.length > 0 ? 24 : 0) +
        (spec.previous || spec.lines.some((l) => (l.category ?? 0) > 0) ? 36 : 0)
      );
    case "stacked":
      return 96 + (34 + extra) * spec.categories.length;
    case "progress":
      return 150;
  }
}

let fontsRegistered = false;

/** Registers the shipped font with node-canvas under CANVAS_FAMILY, once per process. */
export function registerFonts(): void {
  if (fontsRegistered) return;
  // node-canvas keeps every registration: once per process, or it leaks.
  for (const face of fontFaces) {
    registerFont(ttfPath(face), {
      family: CANVAS_FAMILY,
      weight: String(face.weight),
      style: face.style,
    });
  }
  fontsRegistered = true;
}

/**
 * The name the shipped font is registered under for node-canvas. chart.js writes font
 * families into a CSS font string unquoted, and "Source Sans 3" unquoted does not parse (the
 * 3 reads as a size): canvas would quietly fall back to a system font.
 */
export const CANVAS_FAMILY = "BriefingSourceSans";

/**
 * chartjs-node-canvas draws one size per instance, and each instance loads chart.js and its
 * plugins afresh (~20 ms): a briefing's charts have as many heights as charts, at two widths.
 * This one loads them once and draws at the size it is given, through the protected members
 * the package gives subclasses, as its own renderToBufferSync does.
 */
class ChartCanvas extends ChartJSNodeCanvas {
  draw(config: Config, width: number, height: number, mime: "image/svg+xml" | "image/png"): Buffer {
    const canvas = this._createCanvas(width, height, this._type);
    config.options = {
      ...config.options,
      responsive: false,
      animation: false,
      // chart.js registers all its plugins; each one a chart keeps is asked for its options at
      // every step of every chart. A picture has no tooltips, and these charts are bars with
      // their own colours and no titles: those plugins draw nothing here, and are left out
      // (measured: 8 % less CPU a chart, the same pictures). `false` is chart.js's documented
      // way to leave a plugin out of a chart, which its types do not allow.
      plugins: {
        ...config.options?.plugins,
        tooltip: false,
        title: false,
        subtitle: false,
        filler: false,
        decimation: false,
        colors: false,
      } as unknown as NonNullable<Config["options"]>["plugins"],
    };
    // node-canvas's context is the DOM's in all chart.js uses, not in its type.
    const chart = new this._chartJs(canvas.getContext("2d") as unknown as ChartItem, config);
    try {
      return canvas.toBuffer(mime as "image/png");
    } finally {
      chart.destroy();
    }
  }
}

export class ChartRenderer {
  private drawer: ChartCanvas | undefined;
  /** The last charts drawn, by content: a batch draws each distinct chart once. Bounded, so
   * that a long batch of charts that never repeat does not keep them all. */
  private readonly cache = new Map<string, ChartImage>();
  private static readonly CACHE_SIZE = 64;
  /** How many charts were actually drawn (the rest came from the cache). */
  rendered = 0;

  constructor(
    /** SVG (vector), or PNG drawn at `scale` times the CSS size. */
    private readonly format: "svg" | "png" = "svg",
    private readonly scale = 3,
  ) {}

  private canvas(): ChartCanvas {
    if (!this.drawer) {
      registerFonts();
      this.drawer = new ChartCanvas({
        // The size of each chart is given when it is drawn.
        width: WIDTH,
        height: WIDTH,
        ...(this.format === "svg" ? { type: "svg" as const } : {}),
        plugins: { modern: ["chartjs-plugin-annotation", "chartjs-plugin-datalabels"] },
        chartCallback: (ChartJS) => {
          ChartJS.defaults.font.family = CANVAS_FAMILY;
          ChartJS.defaults.font.size = defaultTheme.fontSize;
          ChartJS.defaults.color = defaultTheme.text;
        },
      });
    }
    return this.drawer;
  }

  /**
   * Draws a spec in the template set's theme; its labels are written already, `fmt` writes only
   * the axis ticks. The same spec in another theme is another chart. `width`: the page's column
   * (A4) by default, or NARROW_WIDTH for the variant a phone shows.
   */
  render(
    spec: ChartSpec,
    fmt: FigureText,
    theme: Theme = defaultTheme,
    width: number = WIDTH,
  ): ChartImage {
    const key = createHash("sha256")
      .update(
        JSON.stringify([
          spec,
          theme,
          fmt.locale.intl,
          fmt.locale.formats,
          this.format,
          this.scale,
          width,
        ]),
      )
      .digest("hex");
    const cached = this.cache.get(key);
    if (cached) {
      // Most recently used last: the first key is the one to drop.
      this.cache.delete(key);
      this.cache.set(key, cached);
    }
    if (cached) return { ...cached, id: spec.id };
    const height = chartHeight(spec, width);
    const config = toChartJs(spec, fmt, theme, width < WIDTH);
    const dpr = this.format === "svg" ? 1 : this.scale;
    const texts: ChartText[] = [];
    config.plugins = [...(config.plugins ?? []), textRecorder(texts, theme.text, dpr)];
    let src: string;
    if (this.format === "svg") {
      const svg = canonicalSvg(
        this.canvas().draw(config, width, height, "image/svg+xml").toString("utf8"),
      );
      src = `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
    } else {
      config.options = { ...config.options, devicePixelRatio: dpr };
      const png = this.canvas().draw(config, width, height, "image/png");
      src = `data:image/png;base64,${png.toString("base64")}`;
    }
    this.rendered += 1;
    const image: ChartImage = {
      id: spec.id,
      src,
      texts,
      width,
      height,
    };
    this.cache.set(key, image);
    if (this.cache.size > ChartRenderer.CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return image;
  }
}

/**
 * cairo numbers the ids in an SVG (surface131, clip4) from counters that live as long as the
 * process, so the same chart drawn later comes out with other ids. Renumbering them in order
 * of appearance makes the bytes depend on the chart alone. Coordinates are cut to two decimals
 * of a point (7 µm): a third of the file, and of the time Chromium takes to read it.
 */
export function canonicalSvg(svg: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/\bid="([^"]+)"/g)) {
    const id = match[1] as string;
    if (!renamed.has(id)) renamed.set(id, `${id.replace(/\d+$/, "")}-${renamed.size + 1}`);
  }
  return svg
    .replace(/\b(id="|href="#|url\(#)([^")]+)/g, (all, prefix: string, id: string) => {
      const to = renamed.get(id);
      return to === undefined ? all : `${prefix}${to}`;
    })
    .replace(/(\d\.\d\d)\d+/g, "$1");
}

type Config = ChartConfiguration<"bar", number[], string>;

/** A chart of coverages with its 100 % line: a bar past it is more than the potential counts. */
export const overFull = (spec: BarSpec): boolean =>
  spec.format === "percent" && spec.lines.some((line) => line.style === "full");

function toChartJs(spec: ChartSpec, fmt: FigureText, theme: Theme, narrow = false): Config {
  switch (spec.kind) {
    case "bars":
      return fitted(barConfig(spec, fmt, theme, narrow), narrow);
    case "stacked":
      return fitted(stackedConfig(spec, fmt, theme), narrow);
    case "progress":
      return fitted(progressConfig(spec, fmt, theme, narrow), narrow);
  }
}

/** A category's name in lines of at most `max` characters, broken between words. */
export function wrapLabel(label: string, max = 16): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= max) {
      lines[lines.length - 1] = `${last} ${word}`;
    } else {
      lines.push(word);
    }
  }
  return lines.length > 0 ? lines : [label];
}

/**
 * How long a line a target's label is broken into on a phone: the plugin keeps a label inside
 * the chart area, ~150 px beside the names at 300 px, which holds 22 characters in bold.
 */
const LABEL_LINE = 22;

/**
 * A bar chart drawn for a phone: long category names on two lines rather than cut at the axis
 * ("ulauan Bangka Belitung"), and the value axis with fewer ticks, level rather than slanted.
 */
function fitted(config: Config, narrow: boolean): Config {
  if (!narrow) return config;
  const labels = config.data.labels?.map((label) =>
    // 14 characters: the names' column is at most half the chart, ~110 px beside a stacked
    // chart's totals at 300 px.
    typeof label === "string" && label.length > 14 ? wrapLabel(label, 14) : label,
  );
  const x = config.options?.scales?.x;
  const y = config.options?.scales?.y;
  return {
    ...config,
    // chart.js draws an array as a label of several lines.
    data: { ...config.data, ...(labels ? { labels: labels as unknown as string[] } : {}) },
    options: {
      ...config.options,
      scales: {
        ...config.options?.scales,
        ...(x ? { x: { ...x, ticks: { ...x.ticks, maxRotation: 0, maxTicksLimit: 4 } } } : {}),
        // Every category named, however little room its row has.
        ...(y ? { y: { ...y, ticks: { ...y.ticks, autoSkip: false } } } : {}),
      },
    },
  };
}

const niceMax = (value: number): number => {
  const padded = value * 1.12;
  const step = padded > 200 ? 50 : padded > 50 ? 10 : 5;
  return Math.ceil(padded / step) * step;
};

function barConfig(spec: BarSpec, fmt: FigureText, theme: Theme, narrow = false): Config {
  const max = niceMax(Math.max(...spec.values, ...spec.lines.map((l) => l.value), 1));
  // Narrow, a line's label is broken into lines rather than cut at the chart's edges.
  const labelLines = (line: BarSpec["lines"][number]) =>
    narrow ? wrapLabel(line.label, LABEL_LINE) : [line.label];
  const tallest = Math.max(1, ...spec.lines.map((line) => labelLines(line).length));
  // A line's label sits above it when there is room: a full-height line, or a line across the
  // top bar. Lines further down are named in the legend instead, where no bar can hide them.
  const onChart = (line: BarSpec["lines"][number]) =>
    line.category === undefined || line.category === 0;
  const inLegend = spec.lines.filter((line) => !onChart(line));
  const annotations = Object.fromEntries(
    spec.lines.map((line, i) => [
      `line${i}`,
      {
        type: "line" as const,
        xMin: line.value,
        xMax: line.value,
        ...(line.category === undefined
          ? {}
          : { yMin: line.category - 0.45, yMax: line.category + 0.45 }),
        borderColor: line.style === "target" ? theme.target : theme.muted,
        borderWidth: line.style === "target" ? 2.5 : 1.5,
        borderDash: line.style === "target" ? [] : line.style === "region" ? [2, 3] : [6, 4],
        label: {
          display: onChart(line),
          content: narrow ? labelLines(line) : line.label,
          // A line across one bar starts at its top; a full-height line starts at the bottom.
          position: line.category === undefined ? ("end" as const) : ("start" as const),
          // A label grows down from where it is set: each further line lifts it by one.
          yAdjust: (line.category === undefined ? -14 : -22) - 16 * (labelLines(line).length - 1),
          backgroundColor: "rgba(255,255,255,0.9)",
          color: line.style === "target" ? theme.target : theme.muted,
          font: { size: theme.fontSize - 1, weight: "bold" as const },
          padding: 2,
        },
      },
    ]),
  );
  return {
    type: "bar",
    data: {
      labels: spec.categories,
      datasets: [
        // The previous period first, so that it sits above the current bar in each group.
        ...(spec.previous
          ? [
              {
                label: spec.previous.label,
                data: spec.previous.values as number[],
                backgroundColor: theme.grid,
                borderWidth: 0,
                barPercentage: 0.8,
                categoryPercentage: 0.9,
                datalabels: { display: false },
              },
            ]
          : []),
        {
          label: spec.previous?.currentLabel ?? "",
          data: spec.values,
          // Bars of an id (an indicator) in its colour; otherwise the base, the focus in accent.
          backgroundColor: spec.values.map((_, i) => {
            const id = spec.ids?.[i];
            if (id !== undefined) return colourOf(theme, id, spec.idIndex?.[i] ?? i);
            if (spec.highlight.includes(i)) return theme.accent;
            if (spec.above?.includes(i)) return theme.good;
            return spec.colour ? colourOf(theme, spec.colour.id, spec.colour.index) : theme.base;
          }),
          // A coverage above 100 % (more counted than the potential) is outlined, whatever its
          // fill: the caption says what the outline means.
          borderColor: theme.text,
          borderWidth: spec.values.map((value) => (overFull(spec) && value > 100 ? 2 : 0)),
          borderSkipped: false,
          barPercentage: 0.8,
          categoryPercentage: 0.9,
        },
      ],
    },
    options: {
      indexAxis: "y",
      devicePixelRatio: 1,
      layout: {
        padding: {
          top: spec.lines.length > 0 ? 24 + 16 * (tallest - 1) : 4,
          right: 24,
          left: 4,
          bottom: 4,
        },
      },
      scales: {
        x: {
          min: 0,
          max,
          ticks: { callback: (value) => fmt.axisPercent(Number(value)), color: theme.muted },
          grid: { color: theme.grid },
          border: { display: false },
        },
        y: {
          ticks: { color: theme.text, font: { size: theme.fontSize } },
          grid: { display: false },
        },
      },
      plugins: {
        legend: {
          display: spec.previous !== undefined || inLegend.length > 0,
          position: "bottom",
          labels: {
            boxWidth: 14,
            boxHeight: 14,
            padding: 16,
            generateLabels: () => [
              ...(spec.previous
                ? [
                    {
                      text: spec.previous.label,
                      fillStyle: theme.grid,
                      strokeStyle: theme.grid,
                      lineWidth: 0,
                      hidden: false,
                      datasetIndex: 0,
                    },
                    {
                      text: spec.previous.currentLabel,
                      fillStyle: theme.base,
                      strokeStyle: theme.base,
                      lineWidth: 0,
                      hidden: false,
                      datasetIndex: 1,
                    },
                  ]
                : []),
              ...inLegend.map((line) => ({
                text: line.label,
                fillStyle: theme.target,
                strokeStyle: theme.target,
                lineWidth: 0,
                hidden: false,
                fontColor: theme.target,
              })),
            ],
          },
        },
        title: { display: false },
        annotation: { clip: false, annotations },
        datalabels: {
          anchor: "end",
          align: "end",
          offset: 4,
          color: theme.text,
          font: { weight: "bold" },
          formatter: (_value: number, context) =>
            context.datasetIndex === (spec.previous ? 1 : 0)
              ? (spec.labels[context.dataIndex] ?? "")
              : "",
        },
      },
    },
  };
}

function stackedConfig(spec: StackedSpec, fmt: FigureText, theme: Theme): Config {
  return {
    type: "bar",
    data: {
      labels: spec.categories,
      datasets: spec.series.map((series, s) => ({
        label: series.label,
        data: series.values,
        backgroundColor: colourOf(theme, series.id, s),
        borderColor: "#ffffff",
        borderWidth: { right: 1 },
        barPercentage: 0.8,
        categoryPercentage: 0.9,
      })),
    },
    options: {
      indexAxis: "y",
      devicePixelRatio: 1,
      layout: { padding: { top: 4, right: 72, left: 4, bottom: 4 } },
      scales: {
        x: {
          stacked: true,
          min: 0,
          ticks: {
            callback: (value) => fmt.axisCount(Number(value)),
            color: theme.muted,
            maxTicksLimit: 6,
          },
          grid: { color: theme.grid },
          border: { display: false },
        },
        y: { stacked: true, grid: { display: false }, ticks: { color: theme.text } },
      },
      plugins: {
        // The key above the bars, from the left, where the eye starts: read before the bars.
        legend: {
          position: "top",
          align: "start",
          labels: { boxWidth: 14, boxHeight: 14, padding: 16 },
        },
        datalabels: {
          // The total at the end of each bar, drawn once by the last series.
          display: (context) => context.datasetIndex === spec.series.length - 1,
          anchor: "end",
          align: "end",
          offset: 4,
          color: theme.text,
          font: { weight: "bold" },
          formatter: (_value: number, context) => spec.totals[context.dataIndex] ?? "",
        },
      },
    },
  };
}

function progressConfig(spec: ProgressSpec, fmt: FigureText, theme: Theme, narrow = false): Config {
  const max = Math.max(100, niceMax(Math.max(spec.actual, spec.target)));
  // Narrow, the target's label as in barConfig: in lines.
  const lines = narrow ? wrapLabel(spec.targetLabel, LABEL_LINE) : [spec.targetLabel];
  const xMax = Math.min(max, spec.actual > 100 || spec.target > 100 ? max : 100);
  const fill = spec.actual >= spec.target ? theme.good : theme.accent;
  return {
    type: "bar",
    data: {
      labels: [spec.category],
      datasets: [
        {
          data: [spec.actual],
          backgroundColor: fill,
          borderWidth: 0,
          barPercentage: 0.7,
          categoryPercentage: 1,
        },
      ],
    },
    options: {
      indexAxis: "y",
      devicePixelRatio: 1,
      layout: { padding: { top: 28 + 16 * (lines.length - 1), right: 24, left: 4, bottom: 4 } },
      scales: {
        x: {
          min: 0,
          max: xMax,
          ticks: {
            callback: (value) => fmt.axisPercent(Number(value)),
            color: theme.muted,
            stepSize: 10,
          },
          grid: { color: theme.grid },
          border: { display: false },
        },
        y: { grid: { display: false }, ticks: { color: theme.text } },
      },
      plugins: {
        legend: { display: false },
        annotation: {
          clip: false,
          annotations: {
            target: {
              type: "line",
              scaleID: "x",
              value: spec.target,
              borderColor: theme.target,
              borderWidth: 3,
              label: {
                display: true,
                content: narrow ? lines : spec.targetLabel,
                position: "start",
                yAdjust: -20 - 16 * (lines.length - 1),
                backgroundColor: "rgba(255,255,255,0.9)",
                color: theme.target,
                font: { size: theme.fontSize - 1, weight: "bold" },
                padding: 2,
              },
            },
          },
        },
        datalabels: {
          anchor: "end",
          align: "start",
          offset: 6,
          // Written inside the bar: black or white, whichever its colour lets be read.
          color: textOn(fill),
          font: { weight: "bold", size: theme.fontSize + 1 },
          formatter: () => spec.actualLabel,
        },
      },
    },
  };
}
