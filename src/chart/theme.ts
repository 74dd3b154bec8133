/**
 * Colours and sizes of the charts, and the colour of each segment (or indicator) id that the
 * tables' colour keys share with them. The default is chosen to stay distinct in greyscale
 * print; a template set changes the palette, the accent and any id's colour in its
 * template.yaml (`palette:`, `colours:`, `accent:`).
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
  /** The palette: the colours of ids that have none of their own, by position. */
  series: readonly string[];
  /** An id's own colour (a segment's, an indicator's), whatever its position. */
  colours: Readonly<Record<string, string>>;
}

export const theme: Theme = {
  fontSize: 13,
  text: "#1f2933",
  muted: "#52606d",
  grid: "#e4e7eb",
  base: "#9fb3c8",
  accent: "#0f4c81",
  good: "#2f7d32",
  target: "#b42318",
  series: ["#0f4c81", "#6fa8dc", "#e69138", "#6aa84f", "#a64d79", "#999999"],
  colours: {},
};

/**
 * The colour of an id: its own (`colours:`), else the palette's colour at its position, the
 * palette repeating past its end. The position is the id's place in the order the briefing
 * lists its ids (segments as written in the file), the same for the charts and the tables; a
 * colour that must not move when another id is added or reordered is written in `colours:`.
 */
export function colourOf(theme: Theme, id: string, index: number): string {
  if (Object.hasOwn(theme.colours, id)) return theme.colours[id] as string;
  const palette = theme.series;
  return palette[((index % palette.length) + palette.length) % palette.length] ?? theme.base;
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
