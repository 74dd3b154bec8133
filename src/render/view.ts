/** What every part of the page model needs: the briefing, its figures, and its language. */
import type { Change } from "../derive/change.js";
import type { Derived, TargetFigures } from "../derive/derive.js";
import type { Figure } from "../derive/figure.js";
import type { Briefing, LocalTextValue } from "../load/schema.js";
import {
  type FigureKind,
  type FigureText,
  figureText,
  legendLines,
  type MarkKind,
} from "../locale/figure-text.js";
import { interpolate } from "../locale/format.js";
import type { Locale } from "../locale/locale.js";
import { withMeasure } from "../locale/measure.js";
import { resolveText, textFor } from "../locale/text.js";

export interface View {
  briefing: Briefing;
  derived: Derived;
  locale: Locale;
  /** Comparisons with earlier periods: the latest earlier one first, then a year before. */
  changes: Change[];
  /** The one place figures become text, with the file's decimals. */
  fmt: FigureText;
  region: string;
  text(value: LocalTextValue): string;
  opt(value: LocalTextValue | undefined): string | null;
  unitName(index: number): string;
  /** The unit a target or change is about, by id; the region for none. */
  nameOf(unitId: string | undefined): string;
  /** A segment's or an indicator's name (its short one with `short`), by id. */
  segmentName(id: string, short?: boolean): string;
  indicatorName(id: string, short?: boolean): string;
  /** What a target is about: "Sumatera Selatan", "BCG (Kabupaten Boyolali)". */
  targetName(target: TargetFigures): string;
  /** The segment or indicator a target is about, by name; null for a whole unit or region. */
  targetPart(target: TargetFigures): string | null;
  unitLabel: string;
  unitLabelPlural: string;
  label(key: string): string;
  /** "sejak Desember 2023" for a comparison. */
  since(change: Change): string;
  /** A figure with its mark: "36,7%*". */
  marked(figure: Figure | undefined, kind: FigureKind): string;
  /** Where a figure comes from, in words: "Angka publikasi: Liputan6.com". */
  provenance(figure: Figure | undefined, kind: FigureKind): string | null;
  /** The publishers of the sources a figure names. */
  sourceNames(ids: readonly string[]): string[];
  /** The legend lines for the marks used, each once, in order: "* Data ilustrasi: …". */
  legend(used: Iterable<MarkKind | undefined>): string[];
  /** "4 dari 11 kabupaten/kota tercantum": how many of the region's units are listed. */
  listedOf(listed: number): string;
  /**
   * The numbers of the sources figures come from, as the source list numbers them ("1, 2"),
   * when the briefing has more than one source; null otherwise.
   */
  sourceRefs(figures: readonly (Figure | null | undefined)[]): string | null;
}

export function view(
  briefing: Briefing,
  derived: Derived,
  generalLocale: Locale,
  changes: readonly Change[] = [],
): View {
  const text = (value: LocalTextValue) => resolveText(value, generalLocale.lang, briefing.language);
  // Every text of the locale, in the words of what this briefing counts.
  const locale = withMeasure(generalLocale, briefing.measure, text);
  const unitName = (index: number) => text(briefing.units[index]?.name ?? "");
  const region = text(briefing.region.name);
  const label = (key: string) =>
    (Object.hasOwn(locale.labels, key) ? locale.labels[key] : undefined) ?? key;
  const fmt = figureText(locale, briefing.decimals);
  const sourceNames = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const source = briefing.sources.find((s) => s.id === id);
      return source ? [text(source.publisher)] : [];
    });
  const named =
    (list: readonly { id: string; name: LocalTextValue; short?: LocalTextValue | undefined }[]) =>
    (id: string, short = false): string => {
      const found = list.find((item) => item.id === id);
      return found ? text(short ? (found.short ?? found.name) : found.name) : id;
    };
  const segmentName = named(briefing.segments);
  const indicatorName = named(briefing.indicators);
  const nameOf = (unitId: string | undefined) => {
    const index = briefing.units.findIndex((u) => u.id === unitId);
    return index < 0 ? region : unitName(index);
  };
  const targetPart = (target: TargetFigures): string | null =>
    target.indicatorId
      ? indicatorName(target.indicatorId)
      : target.segmentId
        ? segmentName(target.segmentId)
        : null;
  return {
    briefing,
    derived,
    locale,
    segmentName,
    indicatorName,
    targetPart,
    targetName: (target) => {
      const part = targetPart(target);
      return part ? `${part} (${nameOf(target.unitId)})` : nameOf(target.unitId);
    },
    changes: [...changes],
    fmt,
    region,
    text,
    opt: (value) => (value === undefined ? null : text(value)),
    unitName,
    nameOf,
    unitLabel: text(briefing.region.unit_label),
    unitLabelPlural:
      textFor(briefing.region.unit_label_plural, locale.lang) ?? text(briefing.region.unit_label),
    label,
    since: (change) =>
      interpolate(label(change.kind === "year" ? "since_year" : "since"), {
        period: fmt.date(change.period, "month"),
      }),
    marked: (figure, kind) =>
      figure === undefined ? "–" : `${fmt.text(figure, kind)}${fmt.mark(figure, kind)}`,
    provenance: (figure, kind) => {
      if (figure === undefined) return null;
      if (figure.provenance === "illustrative") return label("provenance_illustrative");
      const names = sourceNames(figure.sources);
      const from = names.length > 0 ? names.join(", ") : label("provenance_source_unnamed");
      if (figure.provenance === "published")
        return interpolate(
          label(kind === "percent" ? "provenance_published_percent" : "provenance_published"),
          { sources: from },
        );
      return interpolate(label("provenance_derived"), { sources: from });
    },
    sourceNames,
    legend: (used) => legendLines(locale, used),
    listedOf: (listed) =>
      interpolate(label("listed_of"), {
        listed: fmt.count(listed),
        count: fmt.count(derived.region.unitCount),
        unit_label:
          textFor(briefing.region.unit_label_plural, locale.lang) ??
          text(briefing.region.unit_label),
      }),
    sourceRefs: (figures) => {
      if (briefing.sources.length < 2) return null;
      const ids = new Set(figures.flatMap((f) => f?.sources ?? []));
      const refs = briefing.sources.flatMap((s, i) => (s.id && ids.has(s.id) ? [i + 1] : []));
      return refs.length > 0 ? refs.join(", ") : null;
    },
  };
}
