/**
 * A figure is a value and where it comes from. Every number a briefing prints (a card, a table
 * cell, a bar, a word in the narrative, an index entry, an email line) is one of these, so
 * that its mark follows from the figure itself and never from a flag a template checks.
 *
 *   published     a count the source printed, or a `stated:` value: printed as published
 *   derived       computed from published figures only
 *   illustrative  is, or rests on, an input the file declares illustrative (made up)
 */
export type Provenance = "published" | "derived" | "illustrative";

export interface Figure {
  readonly value: number;
  readonly provenance: Provenance;
  /** Ids of the sources its published inputs come from, sorted, each once. */
  readonly sources: readonly string[];
  /**
   * A percentage taken as its source printed it (a stated share or coverage, not derived from
   * counts): printed with the decimals it was written with, never re-rounded.
   */
  readonly decimals?: number;
}

const union = (figures: readonly Figure[]): string[] =>
  [...new Set(figures.flatMap((figure) => figure.sources))].sort();

/** A figure as the source printed it. */
export function published(value: number, sources: readonly string[], decimals?: number): Figure {
  return {
    value,
    provenance: "published",
    sources: [...new Set(sources)].sort(),
    ...(decimals === undefined ? {} : { decimals }),
  };
}

/** An input the file declares made up. */
export function illustrative(value: number): Figure {
  return { value, provenance: "illustrative", sources: [] };
}

/**
 * A figure computed from others: illustrative when any input is, derived otherwise. Its sources
 * are its inputs' sources.
 */
export function derivedFrom(value: number, ...inputs: readonly Figure[]): Figure {
  return {
    value,
    provenance: inputs.some(isIllustrative) ? "illustrative" : "derived",
    sources: union(inputs),
  };
}

/** The sum of figures, derived from all of them; the sum of one figure is that figure. */
export function sumOf(figures: readonly Figure[]): Figure {
  const [only, ...more] = figures;
  if (only && more.length === 0) return only;
  let total = 0;
  for (const figure of figures) total += figure.value;
  return derivedFrom(total, ...figures);
}

/** part / whole in percent; undefined when the whole is 0 (no percentage exists). */
export function percentOf(part: Figure, whole: Figure): Figure | undefined {
  return whole.value > 0 ? derivedFrom((part.value / whole.value) * 100, part, whole) : undefined;
}

export function difference(a: Figure, b: Figure): Figure {
  return derivedFrom(a.value - b.value, a, b);
}

export const isIllustrative = (figure: Figure | undefined): boolean =>
  figure?.provenance === "illustrative";

/**
 * A computed figure that a source printed too: the same count (exactly) makes it published,
 * whatever its parts are. Sumbagsel's 7.952.597 is real even where its provinces' split is not.
 */
export function confirmedBy(
  figure: Figure | undefined,
  stated: number | undefined,
  sources: readonly string[],
): Figure | undefined {
  if (figure === undefined || stated === undefined || figure.value !== stated) return figure;
  return figure.provenance === "published" ? figure : published(stated, sources);
}

/** A count: the one computed (published where a stated count confirms it), else the stated one. */
export function countFrom(
  computed: Figure | undefined,
  stated: number | undefined,
  sources: readonly string[],
): Figure | undefined {
  return (
    confirmedBy(computed, stated, sources) ??
    (stated === undefined ? undefined : published(stated, sources))
  );
}

/**
 * Of a percentage computed from counts and one a source printed, the one to show: the computed
 * one when it rests on published counts (it is the more exact, and the printed one is checked
 * against it), the printed one when the computed one rests on made-up counts or does not exist.
 */
export function preferPublished(
  computed: Figure | undefined,
  stated: { value: number; decimals: number } | undefined,
  sources: readonly string[],
): Figure | undefined {
  if (stated === undefined) return computed;
  if (computed !== undefined && !isIllustrative(computed)) return computed;
  return published(stated.value, sources, stated.decimals);
}

/**
 * How many decimals a number was written with, from its text as written when there is one
 * (399.10 → 2, which the number 399.1 has forgotten), else from the number (48.64 → 2, 36 → 0).
 */
export function decimalsWritten(value: number, written?: string): number {
  const text =
    written !== undefined && /^[+-]?\d+(\.\d+)?$/.test(written.trim())
      ? written.trim()
      : String(value);
  if (/e/i.test(text)) return 0;
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}
