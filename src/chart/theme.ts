/**
 * Colours and sizes of the charts, and the colour of each segment (or indicator) id that the
 * tables' colour keys share with them. The default palette stays distinct in greyscale print and
 * to colour-blind readers (test/unit/palette.test.ts measures it); a template set changes the
 * palette, the accent and any id's colour in its template.yaml (`palette:`, `colours:`,
 * `accent:`). Each id keeps its palette slot in every briefing of a run (assignSlots).
 */
export interface Theme {
  fontSize: number;
  text: string;
  muted: string;
  grid: string;
  base: string;
  /** The focus unit's bar, the progress bar, the page's headings and rules. */
  accent: string;
  good: string;
  target: string;
  /** The palette: the colours of ids that have none of their own, by slot. */
  series: readonly string[];
  /** An id's own colour (a segment's, an indicator's), whatever its position. */
  colours: Readonly<Record<string, string>>;
  /**
   * Each id's slot in the palette, the same in every briefing of an archive (assignSlots); an
   * id without one takes the slot of its position.
   */
  slots?: Readonly<Record<string, number>>;
}

/**
 * The default palette, from Paul Tol's high-contrast and muted schemes with the lightness of
 * each set apart: the first five differ by at least 12 in CIE L* and in the luma greyscale
 * printers use, so that they stay apart on a black-and-white page; all six stay apart for
 * protanopes, deuteranopes and tritanopes. The first three, the usual number of segments, are
 * dark, light and middle.
 */
export const PALETTE = [
  "#002b5b", // dark blue
  "#d9a62f", // ochre
  "#cb6374", // rose
  "#a3dfff", // pale blue
  "#01702d", // green
  "#6d9fd3", // mid blue: apart from the others in colour, not in grey
] as const;

export const theme: Theme = {
  fontSize: 13,
  text: "#1f2933",
  muted: "#52606d",
  grid: "#e4e7eb",
  base: "#9fb3c8",
  accent: "#0f4c81",
  good: "#2f7d32",
  target: "#b42318",
  series: PALETTE,
  colours: {},
};

/**
 * The colour of an id: its own (`colours:`), else the palette's colour at its slot (`slots`,
 * given to the id once for a whole archive), else at its position among its kind; the palette
 * repeats past its end.
 */
export function colourOf(theme: Theme, id: string, index: number): string {
  if (Object.hasOwn(theme.colours, id)) return theme.colours[id] as string;
  const slots = theme.slots ?? {};
  const slot = Object.hasOwn(slots, id) ? (slots[id] as number) : index;
  const palette = theme.series;
  return palette[((slot % palette.length) + palette.length) % palette.length] ?? theme.base;
}

/**
 * A palette slot for every id, the same wherever the id is drawn. `briefings` lists each
 * briefing's ids (segments, then indicators, as its file writes them), in the order the ids are
 * to be met: an archive's by period, oldest first. Each id, in the order first met, takes the
 * lowest slot that no id drawn beside it in any briefing has taken (modulo the palette's `size`
 * while one is free): ids of one briefing never share a colour while the palette has enough, ids
 * that never meet may, an id added later takes a free slot and moves no other. `fixed` are slots
 * given already. A single briefing's ids get 0, 1, 2… in their order.
 */
export function assignSlots(
  briefings: readonly (readonly string[])[],
  size: number,
  fixed: Readonly<Record<string, number>> = {},
): Record<string, number> {
  const beside = new Map<string, Set<string>>();
  const order: string[] = [];
  for (const ids of briefings) {
    for (const id of ids) {
      let others = beside.get(id);
      if (!others) {
        others = new Set();
        beside.set(id, others);
        order.push(id);
      }
      for (const other of ids) if (other !== id) others.add(other);
    }
  }
  const slots = new Map<string, number>();
  for (const [id, slot] of Object.entries(fixed)) slots.set(id, slot);
  const modulo = Math.max(1, size);
  for (const id of order) {
    if (slots.has(id)) continue;
    const taken = new Set<number>();
    for (const other of beside.get(id) ?? []) {
      const slot = slots.get(other);
      if (slot !== undefined) taken.add(slot);
    }
    const takenMod = new Set([...taken].map((slot) => slot % modulo));
    let slot = 0;
    while (slot < modulo && takenMod.has(slot)) slot++;
    if (slot === modulo) for (slot = 0; taken.has(slot); ) slot++;
    slots.set(id, slot);
  }
  return Object.fromEntries(
    order.filter((id) => slots.has(id)).map((id) => [id, slots.get(id) as number]),
  );
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Black or white, whichever reads better on `fill`: the better of the two is at least 4.58:1
 * on any colour, so text drawn on a fill passes WCAG AA (4.5:1) whatever the theme says.
 */
export function textOn(fill: string): "#000000" | "#ffffff" {
  return contrast(fill, "#ffffff") >= contrast(fill, "#000000") ? "#ffffff" : "#000000";
}

/**
 * The ids a briefing draws in palette colours: its segments', then its indicators', as its file
 * lists them. Reads a parsed file that may not be valid yet: what is not an id is passed over.
 */
export function colouredIds(briefing: unknown): string[] {
  const ids: string[] = [];
  if (typeof briefing !== "object" || briefing === null) return ids;
  const { segments, indicators } = briefing as { segments?: unknown; indicators?: unknown };
  for (const list of [segments, indicators]) {
    if (!Array.isArray(list)) continue;
    for (const item of list as unknown[]) {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === "string" && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

/** The slots of `ids` only: a briefing's share of its archive's (assignSlots), the rest free. */
export function slotsOf(
  ids: readonly string[],
  archive: Readonly<Record<string, number>> | undefined,
  size: number,
): Record<string, number> {
  // No prototype: an id named __proto__ is a key like any other.
  const known: Record<string, number> = Object.create(null);
  for (const id of ids)
    if (archive && Object.hasOwn(archive, id)) known[id] = archive[id] as number;
  return assignSlots([ids], size, known);
}

/**
 * The palette slots of a run's briefings: every id met in them, oldest period first, a slot
 * that no id drawn beside it has (assignSlots).
 */
export function runSlots(
  briefings: readonly { asOf: string; ids: readonly string[] }[],
  size: number,
): Record<string, number> {
  const byPeriod = [...briefings].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  return assignSlots(
    byPeriod.map((b) => b.ids),
    size,
  );
}
