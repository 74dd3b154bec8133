/** Colours and sizes of every chart: chosen to stay distinct in greyscale print. */
export const theme = {
  fontSize: 13,
  text: "#1f2933",
  muted: "#52606d",
  grid: "#e4e7eb",
  base: "#9fb3c8",
  accent: "#0f4c81",
  good: "#2f7d32",
  target: "#b42318",
  series: ["#0f4c81", "#6fa8dc", "#e69138", "#6aa84f", "#a64d79", "#999999"],
} as const;
