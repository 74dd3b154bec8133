/**
 * `output/index.html`: every briefing in the archive, newest period first, with its key
 * figures and links. Self-contained like the briefings (styles inline, nothing to load); its
 * only links are to the archive's own files, relative to it.
 */
import { formatDate } from "../locale/format.js";
import type { Locale } from "../locale/locale.js";
import type { TemplateSet } from "../render/templates.js";
import { GENERATOR } from "../version.js";
import type { ManifestEntry } from "./manifest.js";

/**
 * The one percentage shown beside the focus unit: its share of the region, unless it is the
 * whole region (a share of 100 % says nothing), then its coverage when it has a potential.
 */
function focusFigure(focus: {
  share: number;
  coverage?: number | undefined;
}): { label: "share" | "coverage"; value: number } | null {
  if (focus.share < 100) return { label: "share", value: focus.share };
  if (focus.coverage !== undefined) return { label: "coverage", value: focus.coverage };
  return null;
}

export function indexHtml(
  entries: readonly ManifestEntry[],
  templates: TemplateSet,
  locale: Locale,
  decimals = 1,
): string {
  const byPeriod = new Map<string, ManifestEntry[]>();
  for (const entry of entries) {
    const list = byPeriod.get(entry.period) ?? [];
    list.push(entry);
    byPeriod.set(entry.period, list);
  }
  const periods = [...byPeriod.keys()]
    .sort((a, b) => b.localeCompare(a))
    .map((period) => ({
      period,
      label: formatDate(locale, period, "month"),
      briefings: (byPeriod.get(period) ?? [])
        .sort((a, b) => a.series.localeCompare(b.series))
        .map((entry) => ({
          series: entry.series,
          ...entry.summary,
          focus: entry.summary.focus && {
            ...entry.summary.focus,
            figure: focusFigure(entry.summary.focus),
          },
          html: entry.outputs.find((o) => o.path.endsWith(".html"))?.path ?? null,
          pdf: entry.outputs.find((o) => o.path.endsWith(".pdf"))?.path ?? null,
        })),
    }));
  return templates.renderIndex(
    { lang: locale.lang, generator: GENERATOR, periods },
    { locale, decimals, css: "" },
  );
}
