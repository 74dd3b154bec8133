/**
 * A briefing's charts as native PowerPoint charts. The spec's numbers are the chart's data, and
 * PowerPoint keeps them in a workbook embedded beside the chart, so a reader can edit them; the
 * page's chart.js drawing (chart/canvas.ts) is mirrored where PowerPoint can draw the same, and
 * said in words where it cannot (a target line, the region's figure).
 */
import type pptxgen from "pptxgenjs";
import type { BarSpec, ChartSpec, ProgressSpec, StackedSpec } from "../chart/specs.js";
import { colourOf, type Theme } from "../chart/theme.js";
import type { FigureText } from "../locale/figure-text.js";

type Slide = pptxgen.default.Slide;
type ChartOpts = pptxgen.default.IChartOpts;
type Series = pptxgen.default.OptsChartData;
type Combination = pptxgen.default.IChartMulti[];

/**
 * pptxgenjs reads a combination's options from its second argument (`data || options`), which
 * its types call the data: this says what it reads.
 */
const addCombination = (slide: Slide, types: Combination, options: ChartOpts): void => {
  const add = slide.addChart as unknown as (type: Combination, options: ChartOpts) => Slide;
  add.call(slide, types, options);
};

/** What every chart of a deck shares: its colours, font and language. */
export interface ChartStyle {
  theme: Theme;
  font: string;
  /** BCP 47, for PowerPoint's proofing of the chart's words. */
  lang: string;
  fmt: FigureText;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** pptxgenjs takes colours without their "#". */
export const hex = (colour: string): string => colour.replace(/^#/, "").toUpperCase();

/**
 * The data labels' number format, from how the page writes a percentage ("36,7%", "36.7%",
 * "36,7 %"): a format code keeps the labels numbers. "%" is quoted: unquoted, PowerPoint would
 * multiply by 100 figures that are percentages already. The decimal and grouping separators
 * are the viewer's PowerPoint's: a format code cannot name them.
 */
export function percentCode(fmt: FigureText): string {
  const zero = fmt.percent(0);
  const digits = fmt.decimals > 0 ? `0.${"0".repeat(fmt.decimals)}` : "0";
  const parts = /^(\D*)0(?:\D0+)?(\D*)$/.exec(zero);
  const quoted = (text: string) => (text ? `"${text.replaceAll('"', "")}"` : "");
  return parts ? `${quoted(parts[1] ?? "")}${digits}${quoted(parts[2] ?? "")}` : `${digits}"%"`;
}

export const COUNT_CODE = "#,##0";

/** The page's axis end: a little past the longest bar (canvas.ts niceMax). */
const niceMax = (value: number): number => {
  const padded = value * 1.12;
  const step = padded > 200 ? 50 : padded > 50 ? 10 : 5;
  return Math.ceil(padded / step) * step;
};

/**
 * A category's name with the mark its figure carries on the page's chart ("Lampung*"): a data
 * label is a number in a format code, which cannot carry one mark for one bar.
 */
function marked(name: string, label: string | undefined, fmt: FigureText): string {
  const mark = Object.values(fmt.locale.marks).find((m) => m && label?.endsWith(m));
  return mark ? `${name}${mark}` : name;
}

/**
 * PowerPoint draws a bar chart's first category at the bottom; the page draws it at the top.
 * The data go in reversed, so the slide reads top to bottom as the page does.
 */
const reversed = <T>(list: readonly T[]): T[] => [...list].reverse();

function baseOptions(style: ChartStyle, box: Box, percent: boolean, alt: string): ChartOpts {
  const { theme, font } = style;
  return {
    ...box,
    barDir: "bar",
    lang: style.lang,
    altText: alt,
    barGapWidthPct: 40,
    catAxisLabelFontFace: font,
    catAxisLabelFontSize: 12,
    catAxisLabelColor: hex(theme.text),
    catAxisLineShow: false,
    valAxisLabelFontFace: font,
    valAxisLabelFontSize: 10,
    valAxisLabelColor: hex(theme.muted),
    valAxisLabelFormatCode: percent ? "0" : COUNT_CODE,
    valAxisLineShow: false,
    valAxisMinVal: 0,
    valGridLine: { color: hex(theme.grid), size: 0.75 },
    catGridLine: { style: "none" },
    showValue: true,
    dataLabelPosition: "outEnd",
    dataLabelFontFace: font,
    dataLabelFontSize: 11,
    dataLabelFontBold: true,
    dataLabelColor: hex(theme.text),
    dataLabelFormatCode: percent ? percentCode(style.fmt) : COUNT_CODE,
    legendFontFace: font,
    legendFontSize: 11,
    legendColor: hex(theme.text),
  };
}

/** Each bar's colour, as canvas.ts picks it: an id's, the focus's, met, or the base. */
function barColour(spec: BarSpec, theme: Theme, i: number): string {
  const id = spec.ids?.[i];
  if (id !== undefined) return colourOf(theme, id, spec.idIndex?.[i] ?? i);
  if (spec.highlight.includes(i)) return theme.accent;
  if (spec.above?.includes(i)) return theme.good;
  return spec.colour ? colourOf(theme, spec.colour.id, spec.colour.index) : theme.base;
}

function addBars(slide: Slide, spec: BarSpec, style: ChartStyle, box: Box): void {
  const { theme, fmt } = style;
  const percent = spec.format === "percent";
  const labels = reversed(spec.categories.map((name, i) => marked(name, spec.labels[i], fmt)));
  const current: Series = {
    name: spec.previous?.currentLabel ?? spec.subtitle,
    labels,
    values: reversed(spec.values),
  };
  const options: ChartOpts = {
    ...baseOptions(style, box, percent, spec.alt),
    valAxisMaxVal: niceMax(Math.max(...spec.values, ...spec.lines.map((l) => l.value), 1)),
  };
  if (!spec.previous) {
    // One series: a colour per bar (pptxgenjs writes them as data points of the series).
    const colours = reversed(spec.values.map((_, i) => hex(barColour(spec, theme, i))));
    slide.addChart("bar", [current], {
      ...options,
      // A single colour is the series' own; pptxgenjs colours points only from two up.
      chartColors: colours.length > 1 ? colours : [colours[0] ?? hex(theme.base)],
    });
    return;
  }
  // The earlier period beside each bar, in grey as on the page; drawn after the current
  // series, which PowerPoint stacks upwards, so it sits above it in each pair. A unit new
  // since then has no earlier bar: NaN is left blank.
  const previous: Series = {
    name: spec.previous.label,
    labels,
    values: reversed(spec.previous.values.map((value) => value ?? Number.NaN)),
  };
  slide.addChart("bar", [current, previous], {
    ...options,
    chartColors: [hex(theme.base), hex(theme.grid)],
    showLegend: true,
    legendPos: "b",
  });
}

/**
 * The segments stacked, each in its colour, and each bar's total written at its end as the
 * page writes it. PowerPoint labels one series at a time: the totals are a series of their
 * own, unfilled, over the stack on a hidden second axis of the same scale, labelled at its
 * end. Each total is its segments' sum, as the page's is (derive sums them).
 */
function addStacked(slide: Slide, spec: StackedSpec, style: ChartStyle, box: Box): void {
  const { theme, fmt } = style;
  const labels = reversed(spec.categories.map((name, i) => marked(name, spec.totals[i], fmt)));
  const totals = spec.categories.map((_, i) =>
    spec.series.reduce((sum, series) => sum + (series.values[i] ?? 0), 0),
  );
  const max = niceMax(Math.max(...totals, 1));
  const base = baseOptions(style, box, false, spec.alt);
  const axis = { valAxisMinVal: 0, valAxisMaxVal: max };
  addCombination(
    slide,
    [
      {
        type: "bar",
        data: spec.series.map((series) => ({
          name: series.label,
          labels,
          values: reversed(series.values),
        })),
        options: {
          barGrouping: "stacked",
          showValue: false,
          // PowerPoint refuses a stacked chart's labels "outside the end" (the file needs repair).
          dataLabelPosition: "ctr",
          chartColors: spec.series.map((series, s) => hex(colourOf(theme, series.id, s))),
        },
      },
      {
        type: "bar",
        data: [{ name: fmt.locale.labels.total ?? "", labels, values: reversed(totals) }],
        options: {
          secondaryValAxis: true,
          secondaryCatAxis: true,
          showValue: true,
          chartColors: ["transparent"],
        },
      },
    ],
    {
      ...base,
      ...axis,
      showLegend: true,
      legendPos: "t",
      valAxes: [
        { ...axis, valAxisLabelFormatCode: COUNT_CODE, valGridLine: base.valGridLine },
        { ...axis, valAxisHidden: true, valGridLine: { style: "none" } },
      ],
      catAxes: [{ catAxisLineShow: false }, { catAxisHidden: true }],
    },
  );
}

/** The focus target: one bar, met or not, on an axis to 100 % (or past it). */
function addProgress(slide: Slide, spec: ProgressSpec, style: ChartStyle, box: Box): void {
  const { theme, fmt } = style;
  const fill = spec.actual >= spec.target ? theme.good : theme.accent;
  slide.addChart(
    "bar",
    [
      {
        name: spec.subtitle,
        labels: [marked(spec.category, spec.actualLabel, fmt)],
        values: [spec.actual],
      },
    ],
    {
      ...baseOptions(style, box, true, spec.alt),
      valAxisMaxVal: Math.max(100, niceMax(Math.max(spec.actual, spec.target))),
      // One bar, not a slab across the slide: the page's is a band of 150 px.
      barGapWidthPct: 300,
      chartColors: [hex(fill)],
    },
  );
}

/**
 * Draws a spec's chart in `box` and returns what the page draws on it that PowerPoint cannot:
 * its reference lines, in their words ("Target Sumatera Selatan: 63%"), for the slide to say.
 * The 100 % line is said by its value alone on the page; a bar past it is labelled with its figure.
 */
export function addChart(slide: Slide, spec: ChartSpec, style: ChartStyle, box: Box): string[] {
  switch (spec.kind) {
    case "bars":
      addBars(slide, spec, style, box);
      return spec.lines.filter((line) => line.style !== "full").map((line) => line.label);
    case "stacked":
      addStacked(slide, spec, style, box);
      return [];
    case "progress":
      addProgress(slide, spec, style, box);
      return [spec.targetLabel];
  }
}
