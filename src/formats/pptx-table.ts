/**
 * The page's tables on slides: by unit, by segment, by indicator, each cell written as the
 * page's helpers write it (figure, mark, or a dash), `ROWS_PER_SLIDE` rows a slide under the
 * table's header, repeated.
 */
import type { Rendered } from "../build.js";
import type { Figure } from "../derive/figure.js";
import type { FigureKind } from "../locale/figure-text.js";
import { interpolate } from "../locale/format.js";
import { NO_FIGURE } from "../render/helpers.js";
import type { View } from "../render/view.js";
import { hex } from "./pptx-chart.js";
import {
  type Cell,
  type CellOptions,
  chunks,
  type Deck,
  FONT,
  footnote,
  MARGIN,
  slideOf,
  WIDTH,
} from "./pptx-slide.js";

/** Rows of a table on one slide, under its repeated header: 12 fit above the footnote. */
export const ROWS_PER_SLIDE = 12;
const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** One row of a table, as its cells, and how the page sets it apart. */
interface Row {
  cells: Cell[];
  total?: boolean;
  focus?: boolean;
}

/** 6. A table, `ROWS_PER_SLIDE` rows a slide under its repeated header, its notes below. */
function tableSlides(
  deck: Deck,
  title: string,
  head: Cell[],
  rows: Row[],
  notes: readonly string[],
): void {
  const { v, theme } = deck;
  const numbers = head.length - 1;
  const number = Math.min(1.7, (WIDTH - 3.2) / Math.max(numbers, 1));
  const colW = [WIDTH - number * numbers, ...Array<number>(numbers).fill(number)];
  const none = { type: "none" as const };
  /**
   * A cell with the options of its column and row. Each run of a cell's text gets its cell's
   * alignment and language: pptxgenjs starts a new paragraph at a run aligned otherwise, and
   * gives a run without a language en-US.
   */
  const set = (cell: Cell, i: number, options: CellOptions): Cell => {
    const own = { align: i === 0 ? ("left" as const) : ("right" as const), lang: deck.lang };
    const runs = Array.isArray(cell.text)
      ? cell.text.map((run) => ({ text: run.text ?? "", options: { ...own, ...run.options } }))
      : (cell.text ?? "");
    return { text: runs, options: { ...own, ...options, ...cell.options } };
  };
  const header = head.map((cell, i) =>
    set(cell, i, {
      ...{ bold: true, valign: "bottom" },
      border: [none, none, { pt: 1.5, color: hex(theme.accent) }, none],
    }),
  );
  const parts = chunks(rows, ROWS_PER_SLIDE);
  parts.forEach((part, k) => {
    const from = k * ROWS_PER_SLIDE;
    const slide = slideOf(
      deck,
      parts.length === 1
        ? title
        : interpolate(v.label("chart_part"), {
            title,
            from: v.fmt.count(from + 1),
            to: v.fmt.count(from + part.length),
            count: v.fmt.count(rows.length),
          }),
    );
    const body = part.map((row) =>
      row.cells.map((cell, i) =>
        set(cell, i, {
          bold: row.total || row.focus,
          ...(row.focus ? { fill: { color: hex(theme.grid) } } : {}),
          border: [
            row.total ? { pt: 1, color: hex(theme.text) } : none,
            none,
            { pt: 0.5, color: hex(theme.grid) },
            none,
          ],
        }),
      ),
    );
    slide.addTable([header, ...body], {
      ...{ x: MARGIN, y: 1.4, w: WIDTH, colW, fontSize: 13, fontFace: FONT, lang: deck.lang },
      ...{ color: hex(theme.text), margin: [0.03, 0.08, 0.03, 0.08], valign: "middle" },
    });
    footnote(slide, deck, notes);
  });
}

/** A table's cells, written as the page's helpers write them: figure, mark, or a dash. */
function cellWriter(v: View) {
  const { fmt } = v;
  const write =
    (kind: FigureKind, as: (figure: Figure) => string) =>
    (figure: Figure | null): string =>
      figure === null ? NO_FIGURE : `${as(figure)}${fmt.mark(figure, kind)}`;
  const superscript = (refs: string) =>
    refs.replace(/\d/g, (d) => SUPERSCRIPT[Number(d)] ?? d).replace(/ /g, "");
  return {
    number: write("count", (f) => fmt.count(f)),
    percent: write("percent", (f) => fmt.percent(f)),
    signed: write("count", (f) => fmt.signed(f)),
    rank: write("rank", (f) => fmt.count(f)),
    /** A row's name with the numbers of its sources, raised as the page raises them. */
    name: (name: string, sources: string | null, note: string | null = null): Cell => {
      const named = `${name}${sources ? superscript(sources) : ""}`;
      if (!note) return { text: named };
      return {
        text: [
          { text: named, options: { breakLine: true } },
          { text: note, options: { fontSize: 10, italic: true } },
        ],
      };
    },
    /** A colour key before a segment's or an indicator's name, as the page's swatch. */
    swatch: (colour: string, name: string): Cell => ({
      text: [{ text: "■ ", options: { color: hex(colour) } }, { text: name }],
    }),
  };
}

export function tables(deck: Deck, model: Rendered["model"]): void {
  const { v } = deck;
  const c = cellWriter(v);
  const cell = (content: string): Cell => ({ text: content });
  const units = model.unitTable;
  if (units) {
    const head = [
      cell(units.unitLabel),
      ...units.segments.map((s) => c.swatch(s.colour, s.short)),
      cell(v.label("members")),
      cell(v.label("share")),
      ...(units.hasPotential ? [cell(v.label("potential")), cell(v.label("coverage"))] : []),
      ...units.changes.map((since) => cell(`${v.label("change")} ${since}`)),
      ...(units.hasRank ? [cell(v.label("rank"))] : []),
    ];
    const rows = units.rows.map((row) => ({
      total: row.total,
      focus: row.focus,
      cells: [
        c.name(row.name, row.sources, row.note),
        ...row.segments.map((f) => cell(c.number(f))),
        cell(c.number(row.members)),
        cell(row.share ? c.percent(row.share) : row.total ? "" : NO_FIGURE),
        ...(units.hasPotential
          ? [cell(c.number(row.potential)), cell(c.percent(row.coverage))]
          : []),
        ...row.changes.map((f) => cell(c.signed(f))),
        ...(units.hasRank
          ? [
              cell(
                row.rank
                  ? `${c.rank(row.rank)}${row.rankMove ? ` (${c.signed(row.rankMove)})` : ""}`
                  : "",
              ),
            ]
          : []),
      ],
    }));
    tableSlides(deck, v.label("table"), head, rows, [
      ...(units.rankNote ? [units.rankNote] : []),
      ...units.legend,
    ]);
  }
  const segments = model.segmentTable;
  if (segments) {
    const head = [
      cell(v.label("segment")),
      cell(v.label("members")),
      cell(v.label("share")),
      ...(segments.hasPotential ? [cell(v.label("potential")), cell(v.label("coverage"))] : []),
    ];
    const rows = segments.rows.map((row) => {
      const name = row.short ? `${row.name} (${row.short})` : row.name;
      const over = row.overPotential ? ` ${v.label("over_potential")}` : "";
      return {
        total: row.total,
        cells: [
          row.colour ? c.swatch(row.colour, name) : cell(name),
          cell(c.number(row.members)),
          cell(row.total ? "" : c.percent(row.share)),
          ...(segments.hasPotential
            ? [cell(c.number(row.potential)), cell(`${c.percent(row.coverage)}${over}`)]
            : []),
        ],
      };
    });
    tableSlides(
      deck,
      `${v.label("segment_table")} · ${segments.unit}`,
      head,
      rows,
      segments.legend,
    );
  }
  for (const table of model.indicatorTables) {
    const head = [
      cell(model.unitTableLabel),
      ...(table.hasCounts ? [cell(table.countLabel), cell(table.potentialLabel)] : []),
      cell(v.label("coverage")),
    ];
    const rows = table.rows.map((row) => ({
      total: row.total,
      focus: row.focus,
      cells: [
        c.name(row.name, row.sources),
        ...(table.hasCounts ? [cell(c.number(row.count)), cell(c.number(row.potential))] : []),
        cell(c.percent(row.coverage)),
      ],
    }));
    tableSlides(deck, table.title, head, rows, table.legend);
  }
}
