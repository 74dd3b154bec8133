/**
 * The one place figures become text. Charts, alt text, tables, cards, the narrative, the
 * archive index, the email and the PDF's metadata all write numbers through a FigureText made
 * for the briefing's language and its `decimals`, so a figure reads the same everywhere and
 * carries the same mark everywhere.
 *
 * Marks say where a figure comes from, against what a reader assumes of its kind: a count is
 * published and a percentage is derived from counts unless marked.
 *   *  illustrative: the figure is, or rests on, a made-up input
 *   †  a percentage printed as its source published it, without the counts behind it
 */
import type { Figure } from "../derive/figure.js";
import {
  compactNumber,
  type DateStyle,
  formatDate,
  formatNumber,
  formatPercent,
  formatPercentWords,
  formatPoints,
  formatSigned,
  formatSignedPoints,
  plural,
} from "./format.js";
import type { Locale } from "./locale.js";

export type FigureKind = "count" | "percent" | "target" | "points" | "rank";
export type MarkKind = "illustrative" | "published";
/** The marks, in the order their legend lines are given. */
export const MARK_KINDS: readonly MarkKind[] = ["illustrative", "published"];

/**
 * The legend lines for the marks used, each once, in MARK_KINDS order: "* Data ilustrasi: …".
 */
export function legendLines(locale: Locale, used: Iterable<MarkKind | undefined>): string[] {
  const marks = new Set(used);
  return MARK_KINDS.filter((mark) => marks.has(mark)).map(
    (mark) => `${locale.marks[mark]} ${locale.labels[`mark_${mark}`] ?? mark}`,
  );
}

type Value = Figure | number;

const numberOf = (figure: Value): number => (typeof figure === "number" ? figure : figure.value);

export interface FigureText {
  readonly locale: Locale;
  readonly decimals: number;
  /** The kind of mark a figure of this kind carries, if any. */
  markOf(figure: Value | undefined, kind: FigureKind): MarkKind | undefined;
  /** The mark's symbol ("*", "†"), or "". */
  mark(figure: Value | undefined, kind: FigureKind): string;
  /** A figure of a kind, without its mark: count, percent, target, points or rank. */
  text(figure: Value, kind: FigureKind): string;
  /** 7952597 → "7.952.597" */
  count(figure: Value): string;
  /** 36.6707 → "36,7%"; a published percentage with the decimals its source printed. */
  percent(figure: Value, options?: { trim?: boolean }): string;
  /** "36,7 persen", for running text. */
  percentWords(figure: Value, options?: { trim?: boolean }): string;
  /** A target: "63%", trailing zeros dropped. */
  target(figure: Value): string;
  targetWords(figure: Value): string;
  /** Percentage points: "26,3 poin". */
  points(figure: Value): string;
  /** A change in count: "+12.345", "−1.234". */
  signed(figure: Value): string;
  /** A change in points: "+0,3 poin". */
  signedPoints(figure: Value): string;
  /** "2.916.275 peserta". */
  members(figure: Value): string;
  /** "peringkat 2" */
  rank(figure: Value): string;
  date(iso: string, style?: DateStyle): string;
  /** An axis tick: whole percentages, no mark. */
  axisPercent(value: number): string;
  axisCount(value: number): string;
}

export function figureText(locale: Locale, decimals: number): FigureText {
  const decimalsOf = (figure: Value): number =>
    typeof figure !== "number" && figure.decimals !== undefined ? figure.decimals : decimals;
  const markOf = (figure: Value | undefined, kind: FigureKind): MarkKind | undefined => {
    if (figure === undefined || typeof figure === "number") return undefined;
    if (figure.provenance === "illustrative") return "illustrative";
    if (figure.provenance === "published" && kind === "percent") return "published";
    return undefined;
  };
  const fmt: FigureText = {
    locale,
    decimals,
    markOf,
    text: (figure, kind) => {
      switch (kind) {
        case "percent":
          return fmt.percent(figure);
        case "target":
          return fmt.target(figure);
        case "points":
          return fmt.points(figure);
        default:
          return fmt.count(figure);
      }
    },
    mark: (figure, kind) => {
      const which = markOf(figure, kind);
      return which ? locale.marks[which] : "";
    },
    count: (figure) => formatNumber(locale, numberOf(figure)),
    percent: (figure, options = {}) =>
      formatPercent(locale, numberOf(figure), decimalsOf(figure), options.trim ?? false),
    percentWords: (figure, options = {}) =>
      formatPercentWords(locale, numberOf(figure), decimalsOf(figure), options.trim ?? false),
    target: (figure) =>
      formatPercent(locale, numberOf(figure), Math.max(decimals, decimalsOf(figure)), true),
    targetWords: (figure) =>
      formatPercentWords(locale, numberOf(figure), Math.max(decimals, decimalsOf(figure)), true),
    points: (figure) => formatPoints(locale, numberOf(figure), decimals),
    signed: (figure) => formatSigned(locale, numberOf(figure)),
    signedPoints: (figure) => formatSignedPoints(locale, numberOf(figure), decimals),
    members: (figure) =>
      plural(
        locale,
        locale.formats.members,
        numberOf(figure),
        formatNumber(locale, numberOf(figure)),
      ),
    rank: (figure) =>
      locale.formats.rank.replaceAll("{value}", formatNumber(locale, numberOf(figure))),
    date: (iso, style = "long") => formatDate(locale, iso, style),
    // Ticks without their unit (the chart's subtitle says "%"), counts compact: "2 jt", "2M".
    axisPercent: (value) => formatNumber(locale, value, Number.isInteger(value) ? 0 : 1),
    axisCount: (value) => compactNumber(locale, value),
  };
  return fmt;
}
