/**
 * `output/index.html`: every briefing in the archive, newest period first, with its key
 * figures and links. Self-contained like the briefings (styles inline, nothing to load); its
 * only links are to the archive's own files, relative to it.
 */

import path from "node:path";
import { FONTS_HERE, withFonts } from "../assets/fonts.js";
import { FORMAT_IDS, FORMAT_INFO } from "../formats/ids.js";
import {
  type FigureKind,
  type FigureText,
  figureText,
  legendLines,
} from "../locale/figure-text.js";
import { interpolate } from "../locale/format.js";
import type { Locale } from "../locale/locale.js";
import { type MeasureWords, withWords } from "../locale/measure.js";
import { harden, withScript } from "../render/harden.js";
import type { TemplateSet } from "../render/templates.js";
import { GENERATOR } from "../version.js";
import { FILTER_HASH, FILTER_SCRIPT } from "./index-filter.js";
import { formatOf, type ManifestEntry, type Summary } from "./manifest.js";

/** The figure's text and its mark, by the briefing's own FigureText. */
function written(fmt: FigureText, figure: Summary["members"], kind: FigureKind | "signed") {
  if (!figure) return null;
  const markKind: FigureKind = kind === "signed" ? "count" : kind;
  return {
    text: kind === "signed" ? fmt.signed(figure) : fmt.text(figure, kind),
    mark: fmt.mark(figure, markKind),
    kind: fmt.markOf(figure, markKind),
  };
}

/**
 * The one percentage shown beside the focus unit: its share of the region, unless it is the
 * whole region (a share of 100 % says nothing), then its coverage when it has a potential.
 */
function focusFigure(
  fmt: FigureText,
  focus: NonNullable<Summary["focus"]>,
  words: MeasureWords,
): { label: string; value: NonNullable<ReturnType<typeof written>> } | null {
  if (focus.share && focus.share.value < 100) {
    const value = written(fmt, focus.share, "percent");
    return value && { label: words.share_label, value };
  }
  const value = written(fmt, focus.coverage, "percent");
  return value && { label: words.coverage_label, value };
}

/** The words a briefing counts in: its summary's, or the locale's for an older manifest. */
const wordsOf = (entry: ManifestEntry, locale: Locale): MeasureWords =>
  entry.summary.measure ?? locale.measure;

/**
 * What the index shows of one briefing: its figures written, each with its mark. `named`: the
 * archive counts different things (peserta, anak), so each count says what it counts.
 */
function row(entry: ManifestEntry, general: Locale, named: boolean) {
  const s = entry.summary;
  const locale = withWords(general, wordsOf(entry, general), s.measure?.format);
  const fmt = figureText(locale, s.decimals);
  const count = (figure: Summary["members"]) => {
    const plain = written(fmt, figure, "count");
    return plain && figure && named ? { ...plain, text: fmt.members(figure) } : plain;
  };
  return {
    series: entry.series,
    title: s.title,
    region: s.region,
    asOf: s.asOf,
    illustrative: s.illustrative,
    members: count(s.members),
    change: written(fmt, s.change?.members ?? null, "signed"),
    // A series may skip months or years: the change says since when.
    changeSince: s.change
      ? interpolate(locale.labels.since ?? "{period}", {
          period: fmt.date(s.change.since, "month"),
        })
      : null,
    focus: s.focus && {
      name: s.focus.name,
      members: count(s.focus.members),
      figure: focusFigure(fmt, s.focus, locale.measure),
    },
    target: s.target && {
      unit: s.target.unit,
      actual: written(fmt, s.target.actual, "percent"),
      target: written(fmt, s.target.target, "target"),
      met: s.target.met,
    },
    html: entry.outputs.find((o) => formatOf(o) === "html")?.path ?? null,
    pdf: entry.outputs.find((o) => formatOf(o) === "pdf")?.path ?? null,
    files: filesOf(entry),
    // The meeting's day is what people look for ("the November meeting"), beside the period.
    meeting: s.meetingDate
      ? interpolate(locale.labels.meeting_on ?? "{date}", {
          date: fmt.date(s.meetingDate, "long"),
        })
      : null,
    lang: s.lang,
    language: languageName(general.lang, s.lang),
    latest: false,
  };
}

/**
 * A briefing's files by format, in the registry's order: one link for a format of one file
 * ("PDF"), one per file for a format of several (a PNG per chart, named by its chart).
 */
interface IndexFiles {
  label: string;
  href: string | null;
  links: { href: string; text: string }[];
}

function filesOf(entry: ManifestEntry): IndexFiles[] {
  return FORMAT_IDS.flatMap((format): IndexFiles[] => {
    const outputs = entry.outputs.filter((o) => formatOf(o) === format);
    if (outputs.length === 0) return [];
    const label = FORMAT_INFO[format].label;
    if (outputs.length === 1) return [{ label, href: outputs[0]?.path ?? null, links: [] }];
    const prefix = `${entry.period}/${entry.series}${entry.translation ? `.${entry.translation}` : ""}-`;
    return [
      {
        label,
        href: null,
        links: outputs.map((o) => ({
          href: o.path,
          text: path.posix
            .basename(o.path.startsWith(prefix) ? o.path.slice(prefix.length) : o.path)
            .replace(/\.[a-z]+$/, ""),
        })),
      },
    ];
  });
}

/** A language's name in the index's language: "Indonesia", "Inggris"; its code if unknown. */
function languageName(inLang: string, code: string): string {
  try {
    return new Intl.DisplayNames([inLang], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

export async function indexHtml(
  entries: readonly ManifestEntry[],
  templates: TemplateSet,
  general: Locale,
): Promise<string> {
  // One measure across the archive heads its column ("Peserta"); several are each named.
  const labels = new Set(entries.map((entry) => wordsOf(entry, general).label));
  const shared = entries[0] && labels.size === 1 ? wordsOf(entries[0], general) : undefined;
  const locale = withWords(general, shared ?? general.measure);
  const countLabel = shared ? shared.label : (locale.labels.count ?? "");
  const byPeriod = new Map<string, ManifestEntry[]>();
  for (const entry of entries) {
    const list = byPeriod.get(entry.period) ?? [];
    list.push(entry);
    byPeriod.set(entry.period, list);
  }
  const fmt = figureText(locale, 1);
  const periods = [...byPeriod.keys()]
    .sort((a, b) => b.localeCompare(a))
    .map((period) => ({
      period,
      label: fmt.date(period, "month"),
      briefings: (byPeriod.get(period) ?? [])
        .sort((a, b) => a.series.localeCompare(b.series))
        .map((entry) => row(entry, general, shared === undefined)),
    }));
  // Each series' newest briefing is marked: the one to open for "the latest".
  const newest = new Map<string, string>();
  for (const entry of entries) {
    if (entry.period > (newest.get(entry.series) ?? "")) newest.set(entry.series, entry.period);
  }
  for (const p of periods) {
    for (const b of p.briefings) b.latest = newest.get(b.series) === p.period;
  }
  // A briefing is in the run's language (--lang, else the file's own), or in several (--lang
  // id,en), a row each: each row says which, and the intro lists the languages there are.
  const languages = [...new Set(entries.map((e) => e.summary.lang))]
    .sort()
    .map((code) => ({ code, name: languageName(general.lang, code) }));
  const legend = legendLines(
    locale,
    periods.flatMap((p) =>
      p.briefings.flatMap((b) =>
        [b.members, b.change, b.focus?.members, b.focus?.figure?.value, b.target?.actual].map(
          (w) => w?.kind,
        ),
      ),
    ),
  );
  // Rendered once to learn which characters the page uses, then with the font cut to them,
  // as the briefings are.
  const { html } = harden(
    templates.renderIndex(
      {
        lang: locale.lang,
        generator: GENERATOR,
        periods,
        legend,
        countLabel,
        accent: templates.theme.accent,
        series: [...newest.keys()].sort(),
        languages: interpolate(locale.labels.archive_languages ?? "{languages}", {
          languages: languages.map((l) => l.name).join(", "),
        }),
        filterCount: locale.labels.filter_count ?? "{count}",
      },
      { locale, decimals: 1, css: FONTS_HERE },
    ),
    {
      javascript: false,
      source: templates.dirs[templates.dirs.length - 1] ?? "templates",
      scripts: [FILTER_HASH],
    },
  );
  return withFonts(withScript(html, FILTER_SCRIPT));
}
