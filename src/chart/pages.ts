/**
 * A chart of many units is drawn as several charts, each short enough to print on one page
 * with its title and caption: one chart of a thousand bars would be taller than a canvas can be
 * (32,767 px) and unreadable on paper, and a chart taller than the page is cut at its edge. The
 * parts are of even size, and each keeps its own bars' labels, marks, lines and text alternative.
 */
import type { MarkKind } from "../locale/figure-text.js";
import { interpolate } from "../locale/format.js";
import type { View } from "../render/view.js";
import { chartHeight } from "./canvas.js";
import type { BarSpec, StackedSpec } from "./specs.js";

/**
 * The tallest chart an A4 page holds, in the chart's CSS pixels: the page's 259 mm of text
 * height (979 px) less the chart's title, subtitle, caption and margins, with room to spare.
 */
export const PAGE_HEIGHT = 800;

/** How many of the spec's bars one page's chart holds (at least one). */
function barsPerPage(spec: BarSpec | StackedSpec): number {
  let bars = 1;
  while (
    bars < spec.categories.length &&
    chartHeight({ ...spec, categories: spec.categories.slice(0, bars + 1) }) <= PAGE_HEIGHT
  )
    bars++;
  return bars;
}

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
  const most = barsPerPage(spec);
  if (total <= most) return [spec];
  // Even parts: 35 units at 21 a page are 18 and 17, not 21 and 14.
  const size = Math.ceil(total / Math.ceil(total / most));
  const parts: S[] = [];
  for (let from = 0, k = 0; from < total; from += size, k++) {
    const to = Math.min(total, from + size);
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
