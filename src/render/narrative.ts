/**
 * The narrative paragraph: sentences chosen from the figures, worded by the locale file's
 * templates. Output is plain text; the page escapes it like any other data.
 */
import Handlebars from "handlebars";
import type { Change } from "../derive/change.js";
import type { Derived } from "../derive/derive.js";
import type { Briefing } from "../load/schema.js";
import {
  capitalize,
  formatDate,
  formatMembers,
  formatNumber,
  formatPercentWords,
  formatPoints,
  plural,
} from "../locale/format.js";
import type { Locale } from "../locale/locale.js";
import { resolveText, textFor } from "../locale/text.js";

type Words = Record<string, string | undefined>;

const compiled = new Map<string, Handlebars.TemplateDelegate<Words>>();
function sentence(template: string, words: Words): string {
  let fn = compiled.get(template);
  if (!fn) {
    // noEscape: the result is plain text, escaped once where it is placed in HTML.
    fn = Handlebars.compile<Words>(template, { noEscape: true, strict: false });
    compiled.set(template, fn);
  }
  return fn(words).replace(/\s+/g, " ").trim();
}

export function narrative(
  briefing: Briefing,
  derived: Derived,
  locale: Locale,
  delta?: Change,
): string[] {
  const lang = locale.lang;
  const text = (value: Parameters<typeof resolveText>[0]) =>
    resolveText(value, lang, briefing.language);
  const d = briefing.decimals;
  const pct = (value: number, trim = false) => formatPercentWords(locale, value, d, trim);
  const region = text(briefing.region.name);
  const unitLabelPlural =
    textFor(briefing.region.unit_label_plural, lang) ?? text(briefing.region.unit_label);
  const unitName = (id: string | undefined) => {
    const unit = briefing.units.find((u) => u.id === id);
    return unit ? text(unit.name) : region;
  };
  const out: string[] = [];
  const n = locale.narrative;

  const asOf = formatDate(locale, briefing.period.as_of, "long");
  const { region: r } = derived;
  out.push(
    r.coverage !== undefined && derived.units.length > 1
      ? sentence(n.overview_coverage, {
          as_of: asOf,
          region,
          members: formatMembers(locale, r.members),
          potential: formatNumber(locale, r.potential ?? 0),
          coverage: pct(r.coverage),
        })
      : sentence(n.overview, { as_of: asOf, region, members: formatMembers(locale, r.members) }),
  );

  const focus = derived.focus;
  if (focus && derived.units.length > 1) {
    out.push(
      sentence(n.focus_share, {
        unit: unitName(focus.id),
        share: pct(focus.share),
        region,
        members: formatMembers(locale, focus.members),
        // A rank among units with made-up figures would be made up too: left out then.
        rank: derived.units.some((u) => u.illustrative && u.id !== focus.id)
          ? undefined
          : locale.formats.rank.replaceAll("{value}", formatNumber(locale, focus.rankByMembers)),
        count: formatNumber(locale, derived.units.length),
        unit_label: unitLabelPlural,
      }),
    );
  }

  for (const target of derived.targets) {
    const source = briefing.targets[target.index];
    const key = `target_${target.metric}_${target.met ? "met" : "below"}` as const;
    out.push(
      sentence(n[key], {
        unit: unitName(target.unitId),
        actual: pct(target.actual),
        target: pct(target.target, true),
        gap: formatPoints(locale, target.gapPoints, d),
        people:
          target.gapPeople === undefined
            ? undefined
            : plural(
                locale,
                locale.formats.members,
                target.gapPeople,
                formatNumber(locale, target.gapPeople),
              ),
        set_by: source?.set_by ? text(source.set_by) : undefined,
        unit_label: unitLabelPlural,
      }),
    );
  }

  const segmentUnit = focus?.segments.length
    ? focus
    : derived.units.length === 1
      ? derived.units[0]
      : undefined;
  const segments = segmentUnit ? segmentUnit.segments : r.segments;
  const largest = [...segments].sort((a, b) => b.members - a.members)[0];
  if (largest) {
    const segment = briefing.segments.find((s) => s.id === largest.id);
    out.push(
      sentence(n.largest_segment, {
        segment: segment ? text(segment.name) : largest.id,
        unit: segmentUnit ? unitName(segmentUnit.id) : region,
        share: pct(largest.share),
        members: formatMembers(locale, largest.members),
        illustrative: (segmentUnit ? segmentUnit.illustrative : r.illustrative)
          ? n.illustrative
          : "",
      }),
    );
  }

  for (const unit of derived.units) {
    const name = text(briefing.units[unit.index]?.name ?? unit.id);
    if (unit.coverage !== undefined && unit.coverage > 100) {
      out.push(sentence(n.over_potential, { what: name, coverage: pct(unit.coverage) }));
    }
    for (const segment of unit.segments) {
      if (segment.coverage !== undefined && segment.coverage > 100) {
        const s = briefing.segments.find((x) => x.id === segment.id);
        const what = `${s ? text(s.name) : segment.id}${derived.units.length > 1 ? ` (${name})` : ""}`;
        out.push(sentence(n.over_potential, { what, coverage: pct(segment.coverage) }));
      }
    }
  }

  if (delta) out.push(...changeSentences(delta));
  return out;

  function changeSentences(c: Change): string[] {
    const sentences: string[] = [];
    const previous = formatDate(locale, c.previousPeriod, "month");
    const before = c.previous.region.members;
    const direction = c.region.members > 0 ? "up" : c.region.members < 0 ? "down" : "same";
    sentences.push(
      sentence(n[`change_region_${direction}`], {
        previous,
        region,
        members: formatMembers(locale, Math.abs(c.region.members)),
        percent: formatPercentWords(
          locale,
          before > 0 ? (Math.abs(c.region.members) / before) * 100 : 0,
          d,
        ),
      }),
    );
    const focusChange = c.focus;
    if (focus && focusChange) {
      const metric = derived.primaryMetric;
      const points = metric === "share" ? focusChange.share : focusChange.coverage;
      if (points !== undefined) {
        const shown = Number(points.toFixed(d));
        const way = shown > 0 ? "up" : shown < 0 ? "down" : "same";
        const rank =
          focusChange.rankMove === 0 ||
          derived.units.some((u) => u.illustrative && u.id !== focus.id)
            ? undefined
            : sentence(focusChange.rankMove > 0 ? n.rank_up : n.rank_down, {
                rank: formatNumber(locale, focus.rankByMembers),
              });
        sentences.push(
          sentence(n[`change_metric_${way}`], {
            metric: locale.metrics[metric],
            unit: unitName(focus.id),
            points: formatPoints(locale, Math.abs(points), d),
            rank,
          }),
        );
      }
    }
    return sentences.map((s) => capitalize(s));
  }
}
