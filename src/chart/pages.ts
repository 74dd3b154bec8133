/**
 * A chart of many units is drawn as several charts of at most PAGE_SIZE bars each: one chart of
 * a thousand bars would be taller than a canvas can be (32,767 px) and unreadable on paper. Each
 * part keeps its own bars' labels, marks, lines and text alternative.
 */
import type { MarkKind } from "../locale/figure-text.js";
import { interpolate } from "../locale/format.js";
import type { View } from "../render/view.js";
import type { BarSpec, StackedSpec } from "./specs.js";

/** Bars in one chart: about a page of A4. */
export const PAGE_SIZE = 40;

/** What a chart knows of each of its categories, to give each part its own. */
export interface CategoryFacts {
  /** The category's words in the text alternative. */
  alt: string;
  /** Some figure drawn for it is illustrative. */
  illustrative: boolean;
  /** The marks its figures carry: the legend of a part lists only these. */
  marks: (MarkKind | undefined)[];
}

function partTitle(v: View, title: string, from: number, to: number, total: number): string {
  return interpolate(v.label("chart_part"), {
    title,
    from: v.fmt.count(from + 1),
    to: v.fmt.count(to),
    count: v.fmt.count(total),
  });
}

export function paginate<S extends BarSpec | StackedSpec>(
  v: View,
  spec: S,
  facts: readonly CategoryFacts[],
): S[] {
  const total = spec.categories.length;
  if (total <= PAGE_SIZE) return [spec];
  const parts: S[] = [];
  for (let from = 0, k = 0; from < total; from += PAGE_SIZE, k++) {
    const to = Math.min(total, from + PAGE_SIZE);
    const inPart = (i: number) => i >= from && i < to;
    const own = facts.slice(from, to);
    const base = {
      ...spec,
      id: k === 0 ? spec.id : `${spec.id}-${k + 1}`,
      subtitle: partTitle(v, spec.subtitle, from, to, total),
      categories: spec.categories.slice(from, to),
      highlight: spec.highlight.filter(inPart).map((i) => i - from),
      illustrative: own.some((f) => f.illustrative),
      legend: v.legend(own.flatMap((f) => f.marks)),
      alt: own.map((f) => f.alt).join("; "),
    };
    if (spec.kind === "bars") {
      parts.push({
        ...base,
        values: spec.values.slice(from, to),
        labels: spec.labels.slice(from, to),
        ...(spec.ids ? { ids: spec.ids.slice(from, to) } : {}),
        ...(spec.above ? { above: spec.above.filter(inPart).map((i) => i - from) } : {}),
        ...(spec.idIndex ? { idIndex: spec.idIndex.slice(from, to) } : {}),
        lines: spec.lines.flatMap((line) =>
          line.category === undefined
            ? [line]
            : inPart(line.category)
              ? [{ ...line, category: line.category - from }]
              : [],
        ),
        ...(spec.previous
          ? { previous: { ...spec.previous, values: spec.previous.values.slice(from, to) } }
          : {}),
      } as S);
    } else {
      parts.push({
        ...base,
        series: spec.series.map((s) => ({ ...s, values: s.values.slice(from, to) })),
        totals: spec.totals.slice(from, to),
      } as S);
    }
  }
  return parts;
}
