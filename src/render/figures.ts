/**
 * The figures a page shows: the key-figure cards and the two tables. Numbers stay numbers in
 * the tables (templates format them); the cards mix kinds, so they arrive formatted.
 */
import {
  capitalize,
  formatNumber,
  formatPercent,
  formatPoints,
  formatSigned,
  formatSignedPoints,
  interpolate,
} from "../locale/format.js";
import type { View } from "./view.js";

export interface KeyFigure {
  label: string;
  value: string;
  detail: string | null;
  /** Change since the previous period, written out ("+12.345 sejak September 2020"). */
  change: string | null;
  illustrative: boolean;
}

export interface RowView {
  name: string;
  segments: (number | null)[];
  members: number;
  share: number | null;
  potential: number | null;
  coverage: number | null;
  rank: number | null;
  focus: boolean;
  illustrative: boolean;
  overPotential: boolean;
  /** Members gained since the previous period; null without one, or for a new unit. */
  change: number | null;
  /** Ranks climbed since the previous period (negative: fallen). */
  rankMove: number | null;
}

export interface UnitTable {
  unitLabel: string;
  segments: { short: string; name: string }[];
  rows: RowView[];
  total: RowView;
  hasPotential: boolean;
  hasChange: boolean;
}

export interface SegmentRowView {
  name: string;
  short: string | null;
  members: number;
  share: number;
  potential: number | null;
  coverage: number | null;
  overPotential: boolean;
}

export interface SegmentTable {
  unit: string;
  illustrative: boolean;
  rows: SegmentRowView[];
  total: SegmentRowView;
  hasPotential: boolean;
}

export function keyFigures(v: View): KeyFigure[] {
  const { derived, locale, d, region, change } = v;
  const members = (name: string) => interpolate(v.label("figure_members"), { name });
  const metricOf = (metric: "share" | "coverage", name: string) =>
    interpolate(v.label("figure_metric"), { metric: capitalize(locale.metrics[metric]), name });
  const countChange = (delta: number | undefined) =>
    delta === undefined || !v.since ? null : `${formatSigned(locale, delta)} ${v.since}`;
  const pointsChange = (delta: number | undefined) =>
    delta === undefined || !v.since ? null : `${formatSignedPoints(locale, delta, d)} ${v.since}`;

  const figures: KeyFigure[] = [];
  const regionVerified = v.briefing.region.stated?.members === derived.region.members;
  figures.push({
    label: members(region),
    value: formatNumber(locale, derived.region.members),
    detail:
      derived.units.length > 1
        ? `${formatNumber(locale, derived.units.length)} ${v.unitLabelPlural}`
        : null,
    change: countChange(change?.region.members),
    illustrative: derived.region.illustrative && !regionVerified,
  });
  if (derived.region.coverage !== undefined) {
    figures.push({
      label: metricOf("coverage", region),
      value: formatPercent(locale, derived.region.coverage, d),
      detail: `${v.label("potential")} ${formatNumber(locale, derived.region.potential ?? 0)}`,
      change: pointsChange(change?.region.coverage),
      illustrative: derived.region.illustrative,
    });
  }
  const focus = derived.focus;
  if (focus && derived.units.length > 1) {
    const stated = v.briefing.units[focus.index]?.stated;
    figures.push({
      label: members(v.unitName(focus.index)),
      value: formatNumber(locale, focus.members),
      detail: interpolate(v.label("share_of"), {
        value: formatPercent(locale, focus.share, d),
        name: region,
      }),
      change: countChange(change?.focus?.members),
      illustrative: focus.illustrative && stated?.members !== focus.members,
    });
  }
  for (const target of derived.targets) {
    const targetText = `${v.label("target")} ${formatPercent(locale, target.target, d, true)}`;
    figures.push({
      label: metricOf(target.metric, v.nameOf(target.unitId)),
      value: formatPercent(locale, target.actual, d),
      detail: target.met
        ? `${v.label("target_met")}: ${targetText}`
        : `${targetText} · ${v.label("gap")} ${formatPoints(locale, target.gapPoints, d)}`,
      change: pointsChange(change?.targets.find((t) => t.index === target.index)?.actual),
      illustrative: false,
    });
  }
  return figures;
}

export function unitTable(v: View): UnitTable | null {
  const { briefing, derived, change } = v;
  if (derived.units.length <= 1) return null;
  const anySplit = derived.units.some((u) => u.segments.length > 0);
  const rows = [...derived.units]
    .sort((a, b) => a.rankByMembers - b.rankByMembers || a.index - b.index)
    .map((u): RowView => {
      const moved = change?.units.find((c) => c.id === u.id);
      return {
        name: v.unitName(u.index),
        segments: anySplit ? briefing.segments.map((_, s) => u.segments[s]?.members ?? null) : [],
        members: u.members,
        share: u.share,
        potential: u.potential ?? null,
        coverage: u.coverage ?? null,
        rank: u.rankByMembers,
        focus: u.id === derived.focus?.id,
        illustrative: u.illustrative,
        overPotential: u.overPotential,
        change: moved ? moved.members : null,
        rankMove: moved ? moved.rankMove : null,
      };
    });
  return {
    unitLabel: capitalize(v.text(briefing.region.unit_label)),
    segments: anySplit
      ? briefing.segments.map((s) => ({ short: v.text(s.short ?? s.name), name: v.text(s.name) }))
      : [],
    rows,
    total: {
      name: v.label("total"),
      // A column per segment even when not every unit is split: "–" where no sum exists.
      segments: anySplit
        ? briefing.segments.map((_, s) => derived.region.segments[s]?.members ?? null)
        : [],
      members: derived.region.members,
      share: 100,
      potential: derived.region.potential ?? null,
      coverage: derived.region.coverage ?? null,
      rank: null,
      focus: false,
      illustrative: false,
      overPotential: false,
      change: change ? change.region.members : null,
      rankMove: null,
    },
    hasPotential: derived.units.some((u) => u.potential !== undefined),
    hasChange: change !== undefined,
  };
}

export function segmentTable(v: View): SegmentTable | null {
  const { briefing, derived } = v;
  const unit = derived.focus ?? (derived.units.length === 1 ? derived.units[0] : undefined);
  if (!unit || unit.segments.length === 0) return null;
  const segment = (id: string) => briefing.segments.find((s) => s.id === id);
  return {
    unit: v.unitName(unit.index),
    illustrative: unit.illustrative,
    rows: unit.segments.map((s) => ({
      name: v.text(segment(s.id)?.name ?? s.id),
      short: v.opt(segment(s.id)?.short),
      members: s.members,
      share: s.share,
      potential: s.potential ?? null,
      coverage: s.coverage ?? null,
      overPotential: (s.coverage ?? 0) > 100,
    })),
    total: {
      name: v.label("total"),
      short: null,
      members: unit.members,
      share: 100,
      potential: unit.potential ?? null,
      coverage: unit.coverage ?? null,
      overPotential: (unit.coverage ?? 0) > 100,
    },
    hasPotential: unit.segments.some((s) => s.potential !== undefined),
  };
}
