/**
 * The columns a sheet of units may have, named as the YAML names a unit's fields: `id`,
 * `name` (`name.en`), `members`, a segment's id (`pu`, short for `members.pu`),
 * `potential.<segment>`, `stated.members`, `stated.<segment>.share`, an indicator's
 * `<indicator>.count` / `.potential` / `.coverage`, `illustrative`, `source`.
 */

/** How a column's cells are read. */
export type FieldKind = "count" | "percent" | "text" | "illustrative";

export interface Field {
  /** Where the value goes in a unit: ["members", "pu"]. */
  path: string[];
  kind: FieldKind;
}

export interface FieldContext {
  segments: readonly string[];
  indicators: readonly string[];
}

const COUNTS = new Set(["members", "potential"]);
const STATED: Record<string, FieldKind> = {
  members: "count",
  potential: "count",
  share: "percent",
  coverage: "percent",
};
const INDICATOR: Record<string, FieldKind> = {
  count: "count",
  potential: "count",
  coverage: "percent",
  source: "text",
  illustrative: "illustrative",
};

/** The unit field a column name stands for, or undefined when it names none. */
export function fieldOf(name: string, context: FieldContext): Field | undefined {
  const parts = name.trim().toLowerCase().split(".");
  const segment = (id: string | undefined) => id !== undefined && context.segments.includes(id);
  const indicator = (id: string | undefined) => id !== undefined && context.indicators.includes(id);
  const [a = "", b, c, d] = parts;
  const kind = (table: Record<string, FieldKind>, key: string | undefined) =>
    key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
  if (parts.length === 1) {
    if (a === "id" || a === "name" || a === "source") return { path: [a], kind: "text" };
    if (a === "illustrative") return { path: [a], kind: "illustrative" };
    if (COUNTS.has(a)) return { path: [a], kind: "count" };
    if (segment(a)) return { path: ["members", a], kind: "count" };
    return undefined;
  }
  if (parts.length === 2 && b !== undefined) {
    if (a === "name" && /^[a-z]{2,3}$/.test(b)) return { path: [a, b], kind: "text" };
    if (COUNTS.has(a) && segment(b)) return { path: [a, b], kind: "count" };
    const stated = a === "stated" ? kind(STATED, b) : undefined;
    if (stated) return { path: [a, b], kind: stated };
    const figure = indicator(a) ? kind(INDICATOR, b) : undefined;
    if (figure) return { path: ["indicators", a, b], kind: figure };
    return undefined;
  }
  if (parts.length === 3 && b !== undefined) {
    const figure = a === "indicators" && indicator(b) ? kind(INDICATOR, c) : undefined;
    if (figure) return { path: [a, b, c as string], kind: figure };
    const stated = a === "stated" && segment(b) ? kind(STATED, c) : undefined;
    if (stated) return { path: [a, "segments", b, c as string], kind: stated };
    return undefined;
  }
  if (parts.length === 4 && a === "stated" && b === "segments" && segment(c)) {
    const stated = kind(STATED, d);
    if (stated) return { path: [a, b, c as string, d as string], kind: stated };
  }
  return undefined;
}

/** Where a total row's figure goes in `region.stated`, when it is one the region states. */
export function regionPathOf(field: Field): string[] | undefined {
  const [a, b, c, d] = field.path;
  if (field.kind !== "count" && field.kind !== "percent") return undefined;
  if (a === "members" || a === "potential") {
    return b === undefined ? [a] : ["segments", b, a];
  }
  if (a === "stated") return field.path.slice(1);
  if (a === "indicators" && b !== undefined && c !== undefined && d === undefined) {
    return c === "source" || c === "illustrative" ? undefined : ["indicators", b, c];
  }
  return undefined;
}

/** The names a column may be given, for the message that lists them. */
export function fieldNames(context: FieldContext): string[] {
  return [
    "id",
    "name",
    "name.<lang>",
    "members",
    ...context.segments,
    "potential",
    ...context.segments.map((s) => `potential.${s}`),
    "stated.members",
    "stated.potential",
    "stated.share",
    "stated.coverage",
    ...context.indicators.flatMap((i) => [`${i}.count`, `${i}.potential`, `${i}.coverage`]),
    "illustrative",
    "source",
  ];
}
