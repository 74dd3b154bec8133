/**
 * The narrative paragraph: sentences chosen from the figures, worded by the locale file's
 * templates. Every number in it is written through the briefing's FigureText with its mark, and
 * the marks used are explained after it. Output is plain text; the page escapes it like any
 * other data.
 */

import type { Change } from "../derive/change.js";
import { extremes } from "../derive/derive.js";
import { derivedFrom, type Figure, isIllustrative } from "../derive/figure.js";
import type { FigureKind, MarkKind } from "../locale/figure-text.js";
import { capitalize, plural } from "../locale/format.js";
import Handlebars from "./handlebars.js";
import type { View } from "./view.js";

type Words = Record<string, string | undefined>;

export interface Narrative {
  sentences: string[];
  /** One line per mark the sentences use: "* Data ilustrasi: …". */
  legend: string[];
}

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

export function narrative(v: View): Narrative {
  const { briefing, derived, locale, fmt } = v;
  const n = locale.narrative;
  const used = new Set<MarkKind>();
  /** A figure in words, with its mark; the mark is remembered for the legend. */
  const w = (figure: Figure, kind: FigureKind | "words" | "members" | "potential"): string => {
    const markKind: FigureKind =
      kind === "words" ? "percent" : kind === "members" || kind === "potential" ? "count" : kind;
    const mark = fmt.markOf(figure, markKind);
    if (mark) used.add(mark);
    const symbol = mark ? locale.marks[mark] : "";
    switch (kind) {
      case "words":
        return `${fmt.percentWords(figure)}${symbol}`;
      case "members":
      case "potential":
        return plural(locale, locale.formats[kind], figure.value, `${fmt.count(figure)}${symbol}`);
      case "target":
        return `${fmt.targetWords(figure)}${symbol}`;
      case "points":
        return `${fmt.points(figure)}${symbol}`;
      default:
        return `${fmt.count(figure)}${symbol}`;
    }
  };
  const region = v.region;
  const r = derived.region;
  const out: string[] = [];
  const asOf = fmt.date(briefing.period.as_of, "long");

  if (r.members) {
    out.push(
      r.coverage
        ? sentence(n.overview_coverage, {
            as_of: asOf,
            region,
            members: w(r.members, "members"),
            potential: r.potential ? w(r.potential, "potential") : undefined,
            coverage: w(r.coverage, "words"),
          })
        : sentence(n.overview, { as_of: asOf, region, members: w(r.members, "members") }),
    );
  } else if (r.countedMembers) {
    out.push(
      sentence(n.overview_listed, {
        as_of: asOf,
        region,
        count: fmt.count(r.counted),
        unit_label: v.unitLabelPlural,
        members: w(r.countedMembers, "members"),
      }),
    );
  }
  if (r.partial || r.others) {
    out.push(
      sentence(n.partial_list, {
        listed: fmt.count(r.listed),
        count: fmt.count(r.unitCount),
        unit_label: v.unitLabelPlural,
        others: r.others ? fmt.count(r.others.count) : undefined,
        region,
      }),
    );
  }

  const focus = derived.focus;
  const rankWords = (rank: Figure | undefined): string | undefined =>
    // A rank among made-up figures would be made up too: left out of the text.
    rank && r.ranked > 1 && !isIllustrative(rank)
      ? sentence(r.partial || r.counted < r.unitCount ? n.rank_among_listed : n.rank_among, {
          rank: fmt.count(rank),
          count: fmt.count(r.ranked),
          unit_label: v.unitLabelPlural,
          metric: r.rankedBy === "members" ? undefined : locale.metrics[r.rankedBy],
        })
      : undefined;
  if (focus && derived.units.length > 1) {
    const unit = v.unitName(focus.index);
    if (focus.share && focus.members) {
      out.push(
        sentence(n.focus_share, {
          unit,
          share: w(focus.share, "words"),
          region,
          members: w(focus.members, "members"),
          rank: rankWords(focus.rank),
        }),
      );
    } else if (focus.coverage) {
      out.push(
        sentence(n.focus_coverage, {
          unit,
          coverage: w(focus.coverage, "words"),
          members: focus.members ? w(focus.members, "members") : undefined,
          rank: rankWords(focus.rank),
        }),
      );
    }
  }

  for (const target of derived.targets) {
    const { actual, gapPoints } = target;
    if (!actual || !gapPoints) continue;
    const source = briefing.targets[target.index];
    const key = `target_${target.metric}_${target.met ? "met" : "below"}` as const;
    const people = target.gapPeople;
    out.push(
      sentence(n[key], {
        unit: v.nameOf(target.unitId),
        part: v.targetPart(target) ?? undefined,
        actual: w(actual, "words"),
        target: w(target.target, "target"),
        gap: w(gapPoints, "points"),
        // "0 more members" says nothing: a reached target has no gap in people.
        people: people && people.value > 0 ? w(people, "members") : undefined,
        set_by: source?.set_by ? v.text(source.set_by) : undefined,
        unit_label: v.unitLabelPlural,
      }),
    );
  }

  // A region's target for an indicator holds in each unit: how many of them reach it.
  for (const target of derived.targets) {
    if (!target.indicatorId || target.unitId !== undefined) continue;
    const id = target.indicatorId;
    const cells = derived.units.flatMap((u) => {
      const coverage = u.indicators.find((i) => i.id === id)?.coverage;
      return coverage ? [coverage] : [];
    });
    if (cells.length < 2) continue;
    const met = cells.filter((c) => c.value >= target.target.value);
    const source = briefing.targets[target.index];
    out.push(
      sentence(n.indicator_target_units, {
        met: w(derivedFrom(met.length, target.target, ...cells), "count"),
        none: met.length === 0 ? "none" : undefined,
        count: fmt.count(cells.length),
        unit_label: v.unitLabelPlural,
        indicator: v.indicatorName(id),
        target: w(target.target, "target"),
        set_by: source?.set_by ? v.text(source.set_by) : undefined,
      }),
    );
  }

  const segmentUnit = focus?.segments.length
    ? focus
    : derived.units.length === 1
      ? derived.units[0]
      : undefined;
  const segments = segmentUnit ? segmentUnit.segments : r.segments;
  const counted = segments.filter((s) => s.members !== undefined);
  const largest =
    counted.length === segments.length
      ? [...counted].sort((a, b) => (b.members?.value ?? 0) - (a.members?.value ?? 0))[0]
      : undefined;
  if (largest?.members && largest.share) {
    const segment = briefing.segments.find((s) => s.id === largest.id);
    out.push(
      sentence(n.largest_segment, {
        segment: segment ? v.text(segment.name) : largest.id,
        unit: segmentUnit ? v.unitName(segmentUnit.index) : region,
        share: w(largest.share, "words"),
        members: w(largest.members, "members"),
      }),
    );
  }

  // Each indicator: over the region, then its range over the units.
  const single = derived.units.length === 1 ? derived.units[0] : undefined;
  for (const { id } of briefing.indicators) {
    const whole = (r.indicators.length > 0 ? r.indicators : (single?.indicators ?? [])).find(
      (i) => i.id === id,
    );
    const indicator = v.indicatorName(id);
    if (whole?.coverage) {
      out.push(
        sentence(n.indicator, {
          indicator,
          region: single ? v.unitName(single.index) : region,
          coverage: w(whole.coverage, "words"),
          count: whole.count && whole.potential ? w(whole.count, "members") : undefined,
          potential: whole.potential ? w(whole.potential, "potential") : undefined,
        }),
      );
    }
    const cells = derived.units.flatMap((u) => {
      const coverage = u.indicators.find((i) => i.id === id)?.coverage;
      return coverage ? [{ unit: u, coverage }] : [];
    });
    if (cells.length < 3) continue;
    const ends = extremes(cells.map((c) => c.coverage.value));
    const high = ends && cells[ends.high];
    const low = ends && cells[ends.low];
    if (!high || !low) continue;
    out.push(
      sentence(n.indicator_range, {
        count: fmt.count(cells.length),
        unit_label: v.unitLabelPlural,
        indicator,
        high: v.unitName(high.unit.index),
        high_value: w(high.coverage, "words"),
        low: v.unitName(low.unit.index),
        low_value: w(low.coverage, "words"),
      }),
    );
  }

  for (const unit of derived.units) {
    const name = v.unitName(unit.index);
    if (unit.coverage && unit.coverage.value > 100) {
      out.push(sentence(n.over_potential, { what: name, coverage: w(unit.coverage, "words") }));
    }
    for (const segment of unit.segments) {
      if (segment.coverage && segment.coverage.value > 100) {
        const s = briefing.segments.find((x) => x.id === segment.id);
        const what = `${s ? v.text(s.name) : segment.id}${derived.units.length > 1 ? ` (${name})` : ""}`;
        out.push(sentence(n.over_potential, { what, coverage: w(segment.coverage, "words") }));
      }
    }
  }

  for (const c of v.changes) out.push(...changeSentences(c));
  const legend = v.legend(used);
  return { sentences: out, legend };

  function changeSentences(c: Change): string[] {
    const sentences: string[] = [];
    const previous = fmt.date(c.period, "month");
    const delta = c.region.members;
    const before = c.previous.region.members;
    if (delta && before) {
      const direction = delta.value > 0 ? "up" : delta.value < 0 ? "down" : "same";
      const magnitude = derivedFrom(Math.abs(delta.value), delta);
      sentences.push(
        sentence(n[`change_region_${direction}`], {
          previous,
          year: c.kind === "year" ? "year" : undefined,
          region,
          members: w(magnitude, "members"),
          percent:
            before.value > 0
              ? w(derivedFrom((Math.abs(delta.value) / before.value) * 100, delta, before), "words")
              : undefined,
        }),
      );
    }
    const focusChange = c.focus;
    if (focus && focusChange && c.kind === "latest") {
      const metric = derived.primaryMetric;
      const points = metric === "share" ? focusChange.share : focusChange.coverage;
      if (points) {
        const shown = Number(points.value.toFixed(fmt.decimals));
        const way = shown > 0 ? "up" : shown < 0 ? "down" : "same";
        const move = focusChange.rankMove;
        const rank =
          !move || move.value === 0 || isIllustrative(move) || !focus.rank
            ? undefined
            : sentence(move.value > 0 ? n.rank_up : n.rank_down, {
                rank: fmt.count(focus.rank),
              });
        sentences.push(
          sentence(n[`change_metric_${way}`], {
            metric: locale.metrics[metric],
            unit: v.unitName(focus.index),
            points: w(derivedFrom(Math.abs(points.value), points), "points"),
            rank,
          }),
        );
      }
    }
    return sentences.map((s) => capitalize(s));
  }
}
