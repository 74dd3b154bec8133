/**
 * Numbers, percentages, dates and plurals as a language writes them
 * (id: 7.952.597 · 36,7% · Senin, 16 November 2020). Pure: the same Locale and value
 * always give the same text. Templates reach these through helpers; nothing else formats.
 */
import type { Locale, PluralForms } from "./locale.js";

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(intl: string, min: number, max: number): Intl.NumberFormat {
  const key = `${intl}|${min}|${max}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intl, {
      minimumFractionDigits: min,
      maximumFractionDigits: max,
    });
    numberFormats.set(key, format);
  }
  return format;
}

const fill = (pattern: string, value: string): string => pattern.replaceAll("{value}", value);

/** 7952597 → "7.952.597" (id), "7,952,597" (en). */
export function formatNumber(locale: Locale, value: number, decimals = 0): string {
  return numberFormat(locale.intl, decimals, decimals).format(value);
}

const compactFormats = new Map<string, Intl.NumberFormat>();
/** 2000000 → "2 jt" (id), "2M" (en): an axis tick, its magnitude at a glance. */
export function compactNumber(locale: Locale, value: number): string {
  let format = compactFormats.get(locale.intl);
  if (!format) {
    format = new Intl.NumberFormat(locale.intl, { notation: "compact", maximumFractionDigits: 1 });
    compactFormats.set(locale.intl, format);
  }
  return format.format(value);
}

/**
 * A percentage in percent units: 36.6707 → "36,7%" with `decimals` = 1 (CLDR's pattern, cldrPercent). With `trim`, trailing
 * zeros go (a target of 63 prints "63%", not "63,0%").
 */
export function formatPercent(locale: Locale, value: number, decimals = 1, trim = false): string {
  const text = numberFormat(locale.intl, trim ? 0 : decimals, decimals).format(value);
  return fill(locale.formats.percent, text);
}

/** "36,7 persen" — for running text. */
export function formatPercentWords(
  locale: Locale,
  value: number,
  decimals = 1,
  trim = false,
): string {
  const text = numberFormat(locale.intl, trim ? 0 : decimals, decimals).format(value);
  return fill(locale.formats.percent_words, text);
}

const pluralRules = new Map<string, Intl.PluralRules>();
/**
 * Picks the plural form for `count` as printed with `decimals` ("1 point", but "1.0 points")
 * and fills it with `text`, the formatted count.
 */
export function plural(
  locale: Locale,
  forms: PluralForms,
  count: number,
  text: string,
  decimals = 0,
): string {
  const key = `${locale.intl}|${decimals}`;
  let rules = pluralRules.get(key);
  if (!rules) {
    rules = new Intl.PluralRules(locale.intl, {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    pluralRules.set(key, rules);
  }
  const category = rules.select(count) as keyof PluralForms;
  return fill(forms[category] ?? forms.other, text);
}

/** A change: "+12.345", "−1.234", "0" (a true minus sign, as print wants). */
export function formatSigned(locale: Locale, value: number, decimals = 0): string {
  const text = formatNumber(locale, Math.abs(value), decimals);
  if (Number(text.replace(/\D/g, "")) === 0) return text;
  return `${value > 0 ? "+" : "\u2212"}${text}`;
}

/** Percentage points: 26.33 → "26,3 poin" / "26.3 points". */
export function formatPoints(locale: Locale, value: number, decimals = 1): string {
  return plural(
    locale,
    locale.formats.points,
    value,
    formatNumber(locale, value, decimals),
    decimals,
  );
}

/** A change in percentage points: "+0,3 poin", "−1.2 points". */
export function formatSignedPoints(locale: Locale, value: number, decimals = 1): string {
  return plural(
    locale,
    locale.formats.points,
    Math.abs(value),
    formatSigned(locale, value, decimals),
    decimals,
  );
}

/** A head count with its noun: "2.916.275 orang" / "1 person". */
export function formatPeople(locale: Locale, value: number): string {
  return plural(locale, locale.formats.people, value, formatNumber(locale, value));
}

export function formatMembers(locale: Locale, value: number): string {
  return plural(locale, locale.formats.members, value, formatNumber(locale, value));
}

export type DateStyle = "full" | "long" | "month";

const dateOptions: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  full: { weekday: "long", day: "numeric", month: "long", year: "numeric" },
  long: { day: "numeric", month: "long", year: "numeric" },
  month: { month: "long", year: "numeric" },
};

/** Each language's date formats, made once: making one costs far more than using it. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * "2020-11-16" → "Senin, 16 November 2020" (full), "16 November 2020" (long),
 * "November 2020" (month). A month ("2020-10") prints as a month whatever the style.
 */
export function formatDate(locale: Locale, iso: string, style: DateStyle = "long"): string {
  const isMonth = /^\d{4}-\d{2}$/.test(iso);
  const date = new Date(`${isMonth ? `${iso}-01` : iso}T00:00:00Z`);
  const chosen = isMonth ? "month" : style;
  const key = `${locale.intl}|${chosen}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale.intl, { ...dateOptions[chosen], timeZone: "UTC" });
    dateFormats.set(key, format);
  }
  return format.format(date);
}

/** Fills `{name}` placeholders of a locale string with already formatted values. */
export function interpolate(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\{([a-z_]+)\}/g, (match, name: string) => values[name] ?? match);
}

/** Upper-cases the first letter, as a table header or sentence start wants: "provinsi" → "Provinsi". */
export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** A text cut to `max` characters with an ellipsis, the cut visible: "Kabupaten Tanjung Jab…". */
export function ellipsize(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`
    : text;
}
