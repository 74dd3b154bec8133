/**
 * Indicators: measures that never add up with each other (coverage per antigen, per programme),
 * each unit giving each its own count and potential. A region's indicator is the sum of its
 * units' counts over the sum of their potentials when every unit of the region is listed with
 * both, else what the source stated for the region. Pure.
 */
import type { Briefing, IndicatorFiguresValue } from "../load/schema.js";
import type { FieldPath } from "../load/yaml.js";
import {
  countFrom,
  decimalsWritten,
  type Figure,
  illustrative,
  percentOf,
  preferPublished,
  published,
  sumOf,
} from "./figure.js";
import { sourcesOf, type Written } from "./inputs.js";

export interface IndicatorFigures {
  id: string;
  /** The numerator: children immunised, people served. */
  count: Figure | undefined;
  /** The denominator: target children, people estimated. */
  potential: Figure | undefined;
  /** count / potential in percent, or as the source printed it. */
  coverage: Figure | undefined;
  /** More counted than the potential: a coverage above 100 %. */
  overPotential: boolean;
}

type Entry = Omit<IndicatorFiguresValue, "illustrative" | "source"> &
  Partial<Pick<IndicatorFiguresValue, "illustrative" | "source">>;

function figuresOf(
  id: string,
  entry: Entry | undefined,
  computed: { count?: Figure; potential?: Figure } | undefined,
  sources: readonly string[],
  path: FieldPath,
  written: Written | undefined,
): IndicatorFigures {
  const madeUp = (field: "count" | "potential") =>
    entry?.illustrative === true ||
    (Array.isArray(entry?.illustrative) && entry.illustrative.includes(field));
  const own = (field: "count" | "potential"): Figure | undefined => {
    const value = entry?.[field];
    if (value === undefined) return undefined;
    return madeUp(field) ? illustrative(value) : published(value, sources);
  };
  // A region's computed sum is confirmed (published) by the same count in its total row.
  const count = computed ? countFrom(computed.count, entry?.count, sources) : own("count");
  const potential = computed
    ? countFrom(computed.potential, entry?.potential, sources)
    : own("potential");
  const stated =
    entry?.coverage === undefined
      ? undefined
      : {
          value: entry.coverage,
          decimals: decimalsWritten(entry.coverage, written?.([...path, "coverage"])),
        };
  const coverage = preferPublished(
    count && potential ? percentOf(count, potential) : undefined,
    stated,
    sources,
  );
  return { id, count, potential, coverage, overPotential: (coverage?.value ?? 0) > 100 };
}

/** Each unit's indicators, in the order of the briefing's `indicators`; absent ones left out. */
export function unitIndicators(
  briefing: Briefing,
  index: number,
  written: Written | undefined,
): IndicatorFigures[] {
  const unit = briefing.units[index];
  const map = unit?.indicators ?? {};
  return briefing.indicators.flatMap(({ id }) => {
    if (!Object.hasOwn(map, id)) return [];
    const entry = map[id] as IndicatorFiguresValue;
    const sources = sourcesOf(briefing, entry.source ?? unit?.source);
    return [figuresOf(id, entry, undefined, sources, ["units", index, "indicators", id], written)];
  });
}

/**
 * The region's indicators: summed over the units when the list is complete and every unit has
 * the count and the potential, confirmed or replaced by `region.stated.indicators`.
 */
export function regionIndicators(
  briefing: Briefing,
  units: readonly IndicatorFigures[][],
  complete: boolean,
  written: Written | undefined,
): IndicatorFigures[] {
  const stated = briefing.region.stated?.indicators ?? {};
  const sources = sourcesOf(briefing, briefing.region.source);
  return briefing.indicators.flatMap(({ id }) => {
    const entry = Object.hasOwn(stated, id) ? stated[id] : undefined;
    const cells = units.map((list) => list.find((f) => f.id === id));
    const all = (pick: (f: IndicatorFigures) => Figure | undefined) => {
      const figures = cells.map((f) => (f ? pick(f) : undefined));
      return complete && figures.every((f) => f !== undefined)
        ? sumOf(figures as Figure[])
        : undefined;
    };
    const count = all((f) => f.count);
    const potential = all((f) => f.potential);
    if (count === undefined && entry === undefined) return [];
    const path: FieldPath = ["region", "stated", "indicators", id];
    return [figuresOf(id, entry, { count, potential }, sources, path, written)];
  });
}
