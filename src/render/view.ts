/** What every part of the page model needs: the briefing, its figures, and its language. */
import type { Change } from "../derive/change.js";
import type { Derived } from "../derive/derive.js";
import type { Briefing, LocalTextValue } from "../load/schema.js";
import { formatDate, interpolate } from "../locale/format.js";
import type { Locale } from "../locale/locale.js";
import { resolveText, textFor } from "../locale/text.js";

export interface View {
  briefing: Briefing;
  derived: Derived;
  locale: Locale;
  change: Change | undefined;
  /** Decimals of derived percentages. */
  d: number;
  region: string;
  text(value: LocalTextValue): string;
  opt(value: LocalTextValue | undefined): string | null;
  unitName(index: number): string;
  /** The unit a target or change is about, by id; the region for none. */
  nameOf(unitId: string | undefined): string;
  unitLabelPlural: string;
  label(key: string): string;
  /** "sejak September 2020", or null without a previous period. */
  since: string | null;
}

export function view(briefing: Briefing, derived: Derived, locale: Locale, change?: Change): View {
  const text = (value: LocalTextValue) => resolveText(value, locale.lang, briefing.language);
  const unitName = (index: number) => text(briefing.units[index]?.name ?? "");
  const region = text(briefing.region.name);
  const label = (key: string) =>
    (Object.hasOwn(locale.labels, key) ? locale.labels[key] : undefined) ?? key;
  return {
    briefing,
    derived,
    locale,
    change,
    d: briefing.decimals,
    region,
    text,
    opt: (value) => (value === undefined ? null : text(value)),
    unitName,
    nameOf: (unitId) => {
      const index = briefing.units.findIndex((u) => u.id === unitId);
      return index < 0 ? region : unitName(index);
    },
    unitLabelPlural:
      textFor(briefing.region.unit_label_plural, locale.lang) ?? text(briefing.region.unit_label),
    label,
    since: change
      ? interpolate(label("since"), { period: formatDate(locale, change.previousPeriod, "month") })
      : null,
  };
}
