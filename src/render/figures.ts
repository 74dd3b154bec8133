/**
 * The figures a page shows: the key-figure cards and the two tables. Table cells stay figures
 * (templates write them through helpers, which add each figure's mark); the cards mix kinds,
 * so they arrive written, marks included, each with a line saying where it comes from.
 */
import { colourOf, theme as defaultTheme, type Theme } from "../chart/theme.js";
import type { Change } from "../derive/change.js";
import type {
  IndicatorFigures,
  SegmentFigures,
  TargetFigures,
  UnitFigures,
} from "../derive/derive.js";
import type { Figure } from "../derive/figure.js";
import type { LocalTextValue } from "../load/schema.js";
import { type FigureKind, MARK_KINDS, type MarkKind } from "../locale/figure-text.js";
import { capitalize, interpolate } from "../locale/format.js";
import type { View } from "./view.js";

export interface KeyFigure {
  label: string;
  /** The figure, written, without its mark. */
  value: string;
  /** Its mark ("*", "†") or "". */
  mark: string;
  detail: string | null;
  /** Change since each earlier period compared with ("+12.345 sejak September 2020"). */
  changes: string[];
  /** Where the figure comes from, in words. */
  provenance: string | null;
  illustrative: boolean;
  /** Every mark the card carries (its value's, its detail's, its changes'). */
  marks: MarkKind[];
}

export interface RowView {
  name: string;
  /** The numbers of the sources the row's figures come from, when there are several. */
  sources: string | null;
  /** A note after the name: "termasuk Kota Jambi" on the others line. */
  note: string | null;
  segments: (Figure | null)[];
  members: Figure | null;
  share: Figure | null;
  potential: Figure | null;
  coverage: Figure | null;
  rank: Figure | null;
  focus: boolean;
  overPotential: boolean;
  /** Members gained since each earlier period, in the order of `changes`. */
  changes: (Figure | null)[];
  /** Ranks climbed since the latest earlier period (negative: fallen). */
  rankMove: Figure | null;
  kind: "unit" | "others" | "total";
  /** The total line, whose share (of itself) is left blank. */
  total: boolean;
}

export interface UnitTable {
  unitLabel: string;
  /** `colour`: its colour key, the colour its charts draw it in. */
  segments: { short: string; name: string; colour: string }[];
  /** The listed units, by rank; then the others line and the total, once, at the end. */
  rows: RowView[];
  hasPotential: boolean;
  /** The column header of each comparison ("sejak Desember 2023"). */
  changes: string[];
  hasRank: boolean;
  /** What the ranks are by ("menurut cakupan"). */
  rankNote: string | null;
  /** One line per mark used in the table, and what a dash means when one is. */
  legend: string[];
}

export interface SegmentRowView {
  name: string;
  short: string | null;
  /** The segment's colour key, the colour its charts draw it in; null for the total. */
  colour: string | null;
  members: Figure | null;
  share: Figure | null;
  potential: Figure | null;
  coverage: Figure | null;
  overPotential: boolean;
  total: boolean;
}

export interface SegmentTable {
  unit: string;
  rows: SegmentRowView[];
  hasPotential: boolean;
  legend: string[];
}

const dash = (figure: Figure | undefined): Figure | null => figure ?? null;
/** A rank move worth showing: none for a unit that kept its rank. */
const moved = (figure: Figure | undefined): Figure | null =>
  figure && figure.value !== 0 ? figure : null;

/** A row's members, share, and (where the table shows them) potential and coverage, by kind. */
function shownCounts(
  row: Pick<RowView, "members" | "share" | "potential" | "coverage">,
  hasPotential: boolean,
): { figure: Figure | null; kind: FigureKind }[] {
  return [
    { figure: row.members, kind: "count" },
    { figure: row.share, kind: "percent" },
    ...(hasPotential
      ? [
          { figure: row.potential, kind: "count" as const },
          { figure: row.coverage, kind: "percent" as const },
        ]
      : []),
  ];
}

/** Legend lines for the marks the given figures carry. */
export function legendFor(
  v: View,
  figures: readonly { figure: Figure | null | undefined; kind: FigureKind }[],
): string[] {
  return v.legend(figures.map(({ figure, kind }) => v.fmt.markOf(figure ?? undefined, kind)));
}

export function keyFigures(v: View): KeyFigure[] {
  const { derived, locale, region, fmt } = v;
  const members = (name: string) => interpolate(v.label("figure_members"), { name });
  const metricOf = (metric: "share" | "coverage", name: string) =>
    interpolate(v.label("figure_metric"), { metric: capitalize(locale.metrics[metric]), name });
  // Marks used by the card being made: its detail and change lines are written with marks.
  let used = new Set<MarkKind>();
  const m = (figure: Figure | undefined, kind: FigureKind): string => {
    const mark = fmt.markOf(figure, kind);
    if (mark) used.add(mark);
    return v.marked(figure, kind);
  };
  const changeLines = (pick: (c: Change) => Figure | undefined, kind: "count" | "points") =>
    v.changes.flatMap((c) => {
      const delta = pick(c);
      if (delta === undefined) return [];
      const written = kind === "count" ? fmt.signed(delta) : fmt.signedPoints(delta);
      const mark = fmt.markOf(delta, "count");
      if (mark) used.add(mark);
      return [`${written}${fmt.mark(delta, "count")} ${v.since(c)}`];
    });
  const card = (
    label: string,
    figure: Figure,
    kind: FigureKind,
    detail: string | null,
    changes: string[],
  ): KeyFigure => {
    const mark = fmt.markOf(figure, kind);
    if (mark) used.add(mark);
    const marks = MARK_KINDS.filter((k) => used.has(k));
    used = new Set();
    return {
      label,
      value: fmt.text(figure, kind),
      mark: fmt.mark(figure, kind),
      detail,
      changes,
      provenance: v.provenance(figure, kind),
      illustrative: figure.provenance === "illustrative",
      marks,
    };
  };

  const figures: KeyFigure[] = [];
  const r = derived.region;
  const unitsDetail = r.partial
    ? v.listedOf(r.listed)
    : derived.units.length > 1
      ? `${fmt.count(derived.units.length)} ${v.unitLabelPlural}`
      : null;
  if (r.members) {
    figures.push(
      card(
        members(region),
        r.members,
        "count",
        unitsDetail,
        changeLines((c) => c.region.members, "count"),
      ),
    );
  } else if (r.countedMembers && derived.units.length > 1) {
    figures.push(
      card(
        interpolate(v.label("figure_members_listed"), {
          count: fmt.count(r.counted),
          unit_label: v.unitLabelPlural,
        }),
        r.countedMembers,
        "count",
        unitsDetail,
        [],
      ),
    );
  }
  // A coverage target on the region (or on its only unit) is told on the region's coverage
  // card rather than on a second card with the same figure.
  const single = derived.units.length === 1 && !r.partial ? derived.units[0] : undefined;
  const regionTarget = derived.targets.find(
    (t) =>
      t.metric === "coverage" &&
      t.actual &&
      !t.segmentId &&
      !t.indicatorId &&
      (t.unitId === undefined || t.unitId === single?.id),
  );
  if (r.coverage) {
    const parts = [
      ...(r.potential ? [`${v.label("potential")} ${m(r.potential, "count")}`] : []),
      ...(regionTarget ? [targetDetail(regionTarget)] : []),
    ];
    figures.push(
      card(
        metricOf("coverage", region),
        r.coverage,
        "percent",
        parts.length > 0 ? parts.join(" · ") : null,
        changeLines((c) => c.region.coverage, "points"),
      ),
    );
  }
  const focus = derived.focus;
  if (focus && derived.units.length > 1) {
    const name = v.unitName(focus.index);
    if (focus.members) {
      figures.push(
        card(
          members(name),
          focus.members,
          "count",
          // Its share has a card of its own when a share target is set for it.
          focus.share &&
            !derived.targets.some(
              (t) =>
                t.unitId === focus.id && t.metric === "share" && !t.segmentId && !t.indicatorId,
            )
            ? interpolate(v.label("share_of"), {
                value: m(focus.share, "percent"),
                name: region,
              })
            : null,
          changeLines((c) => c.focus?.members, "count"),
        ),
      );
    } else if (focus.coverage && !derived.targets.some((t) => t.unitId === focus.id)) {
      figures.push(card(metricOf("coverage", name), focus.coverage, "percent", null, []));
    }
  }
  // Each indicator over the region (or its only unit), with its target where it has one.
  const indicatorTargets = new Set<TargetFigures>();
  const indicators = single && r.indicators.length === 0 ? single.indicators : r.indicators;
  for (const indicator of indicators) {
    if (!indicator.coverage) continue;
    const target = derived.targets.find(
      (t) =>
        t.indicatorId === indicator.id &&
        t.actual &&
        (t.unitId === undefined || t.unitId === single?.id),
    );
    if (target) indicatorTargets.add(target);
    const parts = [
      ...(indicator.count ? [`${v.label("members")} ${m(indicator.count, "count")}`] : []),
      ...(indicator.potential
        ? [`${v.label("potential")} ${m(indicator.potential, "count")}`]
        : []),
      ...(target ? [targetDetail(target)] : []),
    ];
    figures.push(
      card(
        metricOf("coverage", v.indicatorName(indicator.id)),
        indicator.coverage,
        "percent",
        parts.length > 0 ? parts.join(" · ") : null,
        [],
      ),
    );
  }
  for (const target of derived.targets) {
    if (!target.actual || (target === regionTarget && r.coverage) || indicatorTargets.has(target))
      continue;
    figures.push(
      card(
        metricOf(target.metric, v.targetName(target)),
        target.actual,
        "percent",
        targetDetail(target),
        changeLines((c) => c.targets.find((t) => t.index === target.index)?.actual, "points"),
      ),
    );
  }
  return figures;

  function targetDetail(target: TargetFigures): string {
    const targetText = `${v.label("target")} ${m(target.target, "target")}`;
    return target.met || !target.gapPoints
      ? `${target.met ? `${v.label("target_met")}: ` : ""}${targetText}`
      : `${targetText} · ${v.label("gap")} ${m(target.gapPoints, "points")}`;
  }
}

export function unitTable(v: View, theme: Theme = defaultTheme): UnitTable | null {
  const { briefing, derived, changes, fmt } = v;
  const r = derived.region;
  if (derived.units.length <= 1 && !r.partial) return null;
  // Units given only by their indicators have no row of their own figures to show.
  if (derived.units.every((u) => !u.members && !u.coverage && !u.share) && !r.members) return null;
  const split = derived.units.some((u) => u.segments.length > 0);
  const segmentsOf = (list: readonly SegmentFigures[]) =>
    split ? briefing.segments.map((s) => dash(list.find((x) => x.id === s.id)?.members)) : [];
  const latest = changes.find((c) => c.kind === "latest");
  const unitRow = (u: UnitFigures): RowView => ({
    name: v.unitName(u.index),
    // The row's own figures: its counts, or the percentages published in their place.
    sources: v.sourceRefs(
      u.members ? [u.members, u.potential] : [u.potential, u.coverage, u.share],
    ),
    note: null,
    segments: segmentsOf(u.segments),
    members: dash(u.members),
    share: dash(u.share),
    potential: dash(u.potential),
    coverage: dash(u.coverage),
    rank: dash(u.rank),
    focus: u.id === derived.focus?.id,
    overPotential: u.overPotential,
    changes: changes.map((c) => dash(c.units.find((x) => x.id === u.id)?.members)),
    rankMove: moved(latest?.units.find((x) => x.id === u.id)?.rankMove),
    kind: "unit",
    total: false,
  });
  const byRank = [...derived.units].sort(
    (a, b) =>
      (a.rank?.value ?? Number.POSITIVE_INFINITY) - (b.rank?.value ?? Number.POSITIVE_INFINITY) ||
      a.index - b.index,
  );
  const rows = byRank.map(unitRow);

  const others = r.others;
  if (others) {
    rows.push({
      name: capitalize(
        interpolate(v.label("others"), {
          count: fmt.count(others.count),
          unit_label: v.unitLabelPlural,
        }),
      ),
      sources: v.sourceRefs([others.members, others.potential]),
      note:
        others.includes.length > 0
          ? interpolate(v.label("others_includes"), {
              names: others.includes.map((id) => v.nameOf(id)).join(", "),
            })
          : null,
      segments: segmentsOf(others.segments),
      members: others.members,
      share: dash(others.share),
      potential: dash(others.potential),
      coverage: dash(others.coverage),
      rank: null,
      focus: false,
      overPotential: (others.coverage?.value ?? 0) > 100,
      changes: changes.map(() => null),
      rankMove: null,
      kind: "others",
      total: false,
    });
  }
  // The total comes once, after the last row: the region's, or the listed units' sum when the
  // region's own total is not known (and then it says so).
  const total = r.members ?? r.countedMembers;
  if (total) {
    rows.push({
      name: r.members
        ? v.label("total")
        : interpolate(v.label("total_listed"), {
            count: fmt.count(r.counted),
            unit_label: v.unitLabelPlural,
          }),
      sources: v.sourceRefs([total, r.potential, r.coverage]),
      note: null,
      segments: segmentsOf(r.members ? r.segments : []),
      members: total,
      share: null,
      potential: r.members ? dash(r.potential) : null,
      coverage: r.members ? dash(r.coverage) : null,
      rank: null,
      focus: false,
      overPotential: false,
      changes: changes.map((c) => (r.members ? dash(c.region.members) : null)),
      rankMove: null,
      kind: "total",
      total: true,
    });
  }

  const hasRank = derived.units.filter((u) => u.rank).length > 1;
  const hasPotential = derived.units.some(
    (u) => u.potential !== undefined || u.coverage !== undefined,
  );
  // The marks of the columns shown only.
  const all = rows.flatMap((row) => [
    ...row.segments.map((figure) => ({ figure, kind: "count" as const })),
    ...shownCounts(row, hasPotential),
    ...(hasRank ? [{ figure: row.rank, kind: "rank" as const }] : []),
    ...row.changes.map((figure) => ({ figure, kind: "count" as const })),
  ]);
  const dashes = rows
    .filter((row) => !row.total)
    .some((row) =>
      [
        ...row.segments,
        row.members,
        row.share,
        ...(hasPotential ? [row.potential, row.coverage] : []),
        ...(row.kind === "unit" ? row.changes : []),
      ].includes(null),
    );
  return {
    unitLabel: capitalize(v.unitLabel),
    segments: split
      ? briefing.segments.map((s, i) => ({
          short: v.text(s.short ?? s.name),
          name: v.text(s.name),
          colour: colourOf(theme, s.id, i),
        }))
      : [],
    rows,
    hasPotential,
    changes: changes.map((c) => v.since(c)),
    hasRank,
    rankNote:
      hasRank && (r.partial || r.rankedBy !== "members")
        ? interpolate(v.label(r.partial ? "rank_note_listed" : "rank_note"), {
            metric:
              r.rankedBy === "members" ? v.label("members").toLowerCase() : locale(v, r.rankedBy),
          })
        : null,
    legend: [...legendFor(v, all), ...(dashes ? [v.label("dash_note")] : [])],
  };
}

const locale = (v: View, metric: "share" | "coverage") => v.locale.metrics[metric];

/** A segment's short name beside its name, unless the name already says it ("Wage earners"). */
function shortOf(
  v: View,
  segment: { name: LocalTextValue; short?: LocalTextValue | undefined } | undefined,
): string | null {
  const short = v.opt(segment?.short);
  if (!segment || short === null) return null;
  return v.text(segment.name).toLocaleLowerCase().includes(short.toLocaleLowerCase())
    ? null
    : short;
}

export function segmentTable(v: View, theme: Theme = defaultTheme): SegmentTable | null {
  const { briefing, derived } = v;
  const unit = derived.focus ?? (derived.units.length === 1 ? derived.units[0] : undefined);
  if (!unit || unit.segments.length === 0) return null;
  const segment = (id: string) => briefing.segments.find((s) => s.id === id);
  const rows: SegmentRowView[] = unit.segments.map((s, i) => ({
    name: v.text(segment(s.id)?.name ?? s.id),
    short: shortOf(v, segment(s.id)),
    colour: colourOf(theme, s.id, i),
    members: dash(s.members),
    share: dash(s.share),
    potential: dash(s.potential),
    coverage: dash(s.coverage),
    overPotential: (s.coverage?.value ?? 0) > 100,
    total: false,
  }));
  rows.push({
    name: v.label("total"),
    short: null,
    colour: null,
    members: dash(unit.members),
    share: null,
    potential: dash(unit.potential),
    coverage: dash(unit.coverage),
    overPotential: (unit.coverage?.value ?? 0) > 100,
    total: true,
  });
  const hasPotential = unit.segments.some(
    (s) => s.potential !== undefined || s.coverage !== undefined,
  );
  // The marks of the columns shown only.
  const shown = rows.flatMap((row) => shownCounts(row, hasPotential));
  return {
    unit: v.unitName(unit.index),
    rows,
    hasPotential,
    legend: legendFor(v, shown),
  };
}

export interface IndicatorRowView {
  name: string;
  sources: string | null;
  count: Figure | null;
  potential: Figure | null;
  coverage: Figure | null;
  overPotential: boolean;
  focus: boolean;
  kind: "unit" | "total";
  total: boolean;
}

export interface IndicatorTable {
  id: string;
  /** The colour its charts draw it in, for the table's colour key. */
  colour: string;
  /** "Cakupan imunisasi BCG". */
  title: string;
  /** Column heads: what the count and the potential count (per indicator where it says). */
  countLabel: string;
  potentialLabel: string;
  hasCounts: boolean;
  rows: IndicatorRowView[];
  legend: string[];
}

/**
 * One table per indicator: each unit's count, potential and coverage in the file's order, and
 * the region's total row where the units' sums or the source give it.
 */
export function indicatorTables(v: View, theme: Theme = defaultTheme): IndicatorTable[] {
  const { briefing, derived } = v;
  const single = derived.units.length === 1 && !derived.region.partial;
  return briefing.indicators.flatMap((indicator): IndicatorTable[] => {
    const { id } = indicator;
    const row = (
      name: string,
      figures: IndicatorFigures | undefined,
      kind: "unit" | "total",
      focus = false,
    ): IndicatorRowView => ({
      name,
      sources: v.sourceRefs([figures?.count, figures?.potential, figures?.coverage]),
      count: dash(figures?.count),
      potential: dash(figures?.potential),
      coverage: dash(figures?.coverage),
      overPotential: figures?.overPotential ?? false,
      focus,
      kind,
      total: kind === "total",
    });
    const rows = derived.units.flatMap((u) => {
      const figures = u.indicators.find((i) => i.id === id);
      return figures ? [row(v.unitName(u.index), figures, "unit", u.id === derived.focus?.id)] : [];
    });
    if (rows.length === 0) return [];
    const whole = derived.region.indicators.find((i) => i.id === id);
    if (whole && !single) {
      const name = derived.region.partial ? v.region : v.label("total");
      rows.push(row(name, whole, "total"));
    }
    const hasCounts = rows.some((r) => r.count !== null || r.potential !== null);
    const shown = rows.flatMap((r) => [
      ...(hasCounts
        ? [
            { figure: r.count, kind: "count" as const },
            { figure: r.potential, kind: "count" as const },
          ]
        : []),
      { figure: r.coverage, kind: "percent" as const },
    ]);
    const dashes = rows.some(
      (r) => r.coverage === null || (hasCounts && (r.count === null || r.potential === null)),
    );
    return [
      {
        id,
        colour: colourOf(theme, id, briefing.indicators.indexOf(indicator)),
        title: interpolate(v.label("figure_metric"), {
          metric: capitalize(v.locale.metrics.coverage),
          name: v.indicatorName(id),
        }),
        countLabel: indicator.count_name
          ? capitalize(v.text(indicator.count_name))
          : v.label("members"),
        potentialLabel: indicator.potential_name
          ? capitalize(v.text(indicator.potential_name))
          : v.label("potential"),
        hasCounts,
        rows,
        legend: [...legendFor(v, shown), ...(dashes ? [v.label("dash_note")] : [])],
      },
    ];
  });
}
