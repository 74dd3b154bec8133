/**
 * The tables a briefing's page prints, as rows of cells for a spreadsheet: each figure cell
 * keeps its Figure (value and provenance) and its kind, so a writer sets the number, its
 * format and its mark; text cells are the page's words. Pure: from the page model and view.
 */
import type { Figure } from "../derive/figure.js";
import type { FigureKind } from "../locale/figure-text.js";
import { capitalize } from "../locale/format.js";
import type { PageModel } from "../render/model.js";
import type { View } from "../render/view.js";

/** A figure cell: its figure (null: it does not exist, an empty cell) and how it is read. */
export interface FigureCell {
  figure: Figure | null;
  kind: FigureKind;
  /** A change: written with its sign. */
  signed?: boolean;
}
export type CellValue = string | FigureCell;

export interface SheetTable {
  name: string;
  /** The table's title as the page gives it: the printed sheet's header. */
  title: string;
  heads: string[];
  rows: { cells: CellValue[]; total: boolean }[];
}

const fig = (figure: Figure | null, kind: FigureKind, signed = false): FigureCell => ({
  figure,
  kind,
  signed,
});
const when = <T>(test: boolean, items: T[]): T[] => (test ? items : []);

/** The unit, segment, indicator and target tables, in the page's order, where it has them. */
export function sheetTables(model: PageModel, v: View): SheetTable[] {
  const l = v.label;
  const tables: SheetTable[] = [];
  const units = model.unitTable;
  if (units) {
    const moves = units.rows.some((r) => r.rankMove !== null);
    const refs = units.rows.some((r) => r.sources !== null);
    tables.push({
      name: l("table"),
      title: l("table"),
      heads: [
        units.unitLabel,
        ...units.segments.map((s) => s.short),
        l("members"),
        l("share"),
        ...when(units.hasPotential, [l("potential"), l("coverage")]),
        ...units.changes.map((since) => `${l("change")} ${since}`),
        ...when(units.hasRank, [l("rank")]),
        ...when(moves, [l("rank_change")]),
        ...when(refs, [l("sources")]),
      ],
      rows: units.rows.map((r) => ({
        total: r.total,
        cells: [
          r.note ? `${r.name} (${r.note})` : r.name,
          ...r.segments.map((s) => fig(s, "count")),
          fig(r.members, "count"),
          fig(r.share, "percent"),
          ...when(units.hasPotential, [fig(r.potential, "count"), fig(r.coverage, "percent")]),
          ...r.changes.map((c) => fig(c, "count", true)),
          ...when(units.hasRank, [fig(r.rank, "rank")]),
          ...when(moves, [fig(r.rankMove, "rank", true)]),
          ...when(refs, [r.sources ?? ""]),
        ],
      })),
    });
  }
  const segments = model.segmentTable;
  if (segments) {
    tables.push({
      name: l("segment_table"),
      title: `${l("segment_table")} · ${segments.unit}`,
      heads: [
        l("segment"),
        l("members"),
        l("share"),
        ...when(segments.hasPotential, [l("potential"), l("coverage")]),
      ],
      rows: segments.rows.map((r) => ({
        total: r.total,
        cells: [
          r.short ? `${r.name} (${r.short})` : r.name,
          fig(r.members, "count"),
          fig(r.share, "percent"),
          ...when(segments.hasPotential, [fig(r.potential, "count"), fig(r.coverage, "percent")]),
        ],
      })),
    });
  }
  for (const t of model.indicatorTables) {
    const refs = t.rows.some((r) => r.sources !== null);
    tables.push({
      name: v.indicatorName(t.id, true),
      title: t.title,
      heads: [
        model.unitTableLabel,
        ...when(t.hasCounts, [t.countLabel, t.potentialLabel]),
        l("coverage"),
        ...when(refs, [l("sources")]),
      ],
      rows: t.rows.map((r) => ({
        total: r.total,
        cells: [
          r.name,
          ...when(t.hasCounts, [fig(r.count, "count"), fig(r.potential, "count")]),
          fig(r.coverage, "percent"),
          ...when(refs, [r.sources ?? ""]),
        ],
      })),
    });
  }
  const targets = v.derived.targets;
  if (targets.length > 0) {
    const setBy = targets.map((t) => v.opt(v.briefing.targets[t.index]?.set_by));
    const anySetBy = setBy.some((s) => s !== null);
    tables.push({
      name: l("target"),
      title: l("target"),
      heads: [
        l("target_for"),
        l("metric"),
        l("target"),
        l("actual"),
        l("gap"),
        l("gap_people"),
        ...when(anySetBy, [capitalize(l("set_by"))]),
      ],
      rows: targets.map((t, i) => ({
        total: false,
        cells: [
          v.targetName(t),
          capitalize(v.locale.metrics[t.metric]),
          fig(t.target, "target"),
          fig(t.actual ?? null, "percent"),
          fig(t.gapPoints ?? null, "points"),
          fig(t.gapPeople ?? null, "count"),
          ...when(anySetBy, [setBy[i] ?? ""]),
        ],
      })),
    });
  }
  return tables;
}
