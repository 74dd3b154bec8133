/**
 * The default palette measured (issue 12): its first five colours stay apart in greyscale (CIE
 * L* and the luma greyscale printers and poppler use), all of them stay apart for colour-blind
 * readers (Machado, Oliveira and Fernandes 2009, severity 1), and each id keeps one palette slot
 * across the briefings of an archive.
 */
import { describe, expect, it } from "vitest";
import {
  assignSlots,
  colourOf,
  contrast,
  PALETTE,
  runSlots,
  slotsOf,
  textOn,
  theme,
} from "../../src/chart/theme.js";

type Rgb = [number, number, number];
const channels = (hex: string): Rgb =>
  [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255) as Rgb;
const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** Machado et al. 2009, severity 1.0, applied to linear RGB. */
const SIMULATIONS: Record<string, [Rgb, Rgb, Rgb]> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/** CIE L*a*b* (D65) of a colour as someone with the given vision sees it. */
function lab(hex: string, vision = "normal"): Rgb {
  const rgb = channels(hex).map(linear) as Rgb;
  const m = SIMULATIONS[vision] as [Rgb, Rgb, Rgb];
  const [r, g, b] = m.map((row) =>
    Math.min(1, Math.max(0, row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2])),
  ) as Rgb;
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
/** The grey a printer (and `pdftoppm -gray`) makes of a colour: Rec. 601 luma, 0–100. */
const luma = (hex: string) => {
  const [r, g, b] = channels(hex);
  return 100 * (0.299 * r + 0.587 * g + 0.114 * b);
};
const deltaE = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

function pairs<T>(list: readonly T[]): [T, T][] {
  return list.flatMap((a, i) => list.slice(i + 1).map((b): [T, T] => [a, b]));
}

describe("the default palette", () => {
  it("is the default theme's", () => {
    expect(theme.series).toEqual(PALETTE);
    expect(PALETTE).toHaveLength(6);
  });

  it("keeps its first five colours apart in greyscale: ΔL* ≥ 12 and Δluma ≥ 12 for every pair", () => {
    for (const [a, b] of pairs(PALETTE.slice(0, 5))) {
      expect(Math.abs(lab(a)[0] - lab(b)[0]), `${a} ${b} L*`).toBeGreaterThanOrEqual(12);
      expect(Math.abs(luma(a) - luma(b)), `${a} ${b} luma`).toBeGreaterThanOrEqual(12);
    }
  });

  it("keeps all six apart for protanopes, deuteranopes and tritanopes: ΔE ≥ 15", () => {
    for (const vision of Object.keys(SIMULATIONS)) {
      for (const [a, b] of pairs(PALETTE)) {
        expect(deltaE(lab(a, vision), lab(b, vision)), `${vision}: ${a} ${b}`).toBeGreaterThan(15);
      }
    }
  });

  it("would catch the old palette: #6fa8dc and #e69138 print as the same grey", () => {
    expect(Math.abs(luma("#6fa8dc") - luma("#e69138"))).toBeLessThan(3);
    expect(Math.abs(lab("#6fa8dc")[0] - lab("#e69138")[0])).toBeLessThan(3);
  });

  it("shows on white paper (L* ≤ 86) and carries text at 4.5:1", () => {
    for (const colour of PALETTE) {
      expect(lab(colour)[0], colour).toBeLessThanOrEqual(86.5);
      expect(contrast(colour, textOn(colour)), colour).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe("assignSlots", () => {
  it("gives one briefing's ids 0, 1, 2… in their order", () => {
    expect(assignSlots([["jakon", "pu", "bpu"]], 6)).toEqual({ jakon: 0, pu: 1, bpu: 2 });
  });

  it("keeps an id's slot in every briefing, whatever order a later file lists it in", () => {
    const slots = assignSlots(
      [
        ["pu", "bpu", "jakon"],
        ["jakon", "pu", "bpu"],
      ],
      6,
    );
    expect(slots).toEqual({ pu: 0, bpu: 1, jakon: 2 });
  });

  it("lets ids that never meet share slots, and never ids of one briefing", () => {
    const slots = assignSlots(
      [
        ["pu", "bpu", "jakon"],
        ["vita_bayi", "vita_anak", "hipertensi"],
        ["pu", "baru"],
      ],
      6,
    );
    expect(slots).toEqual({
      pu: 0,
      bpu: 1,
      jakon: 2,
      vita_bayi: 0,
      vita_anak: 1,
      hipertensi: 2,
      baru: 1,
    });
  });

  it("gives an id added later a free slot and moves no other", () => {
    const before = assignSlots([["a", "b", "c"]], 6);
    const after = assignSlots(
      [
        ["a", "b", "c"],
        ["a", "c", "d"],
      ],
      6,
    );
    expect(after).toEqual({ ...before, d: 1 });
  });

  it("wraps only when a briefing has more ids than the palette has colours", () => {
    const ids = ["a", "b", "c", "d"];
    const slots = assignSlots([ids], 3);
    expect(ids.map((id) => (slots[id] as number) % 3)).toEqual([0, 1, 2, 0]);
    // A slot past the palette that is free modulo its size is preferred to one that is not.
    const spread = assignSlots(
      [
        ["a", "b"],
        ["b", "c"],
        ["a", "c", "d"],
      ],
      4,
    );
    expect(new Set(["a", "c", "d"].map((id) => (spread[id] as number) % 4)).size).toBe(3);
  });

  it("orders a run by period, oldest first, and keeps the slots of an id named __proto__", () => {
    const slots = runSlots(
      [
        { asOf: "2018-10-31", ids: ["jakon", "pu", "bpu"] },
        { asOf: "2017-12-31", ids: ["pu", "bpu", "jakon"] },
      ],
      6,
    );
    expect(slots).toEqual({ pu: 0, bpu: 1, jakon: 2 });
    const named = slotsOf(["__proto__", "x"], Object.fromEntries([["__proto__", 4]]), 6);
    expect(Object.hasOwn(named, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(named, "__proto__")?.value).toBe(4);
    expect(named.x).toBe(0);
  });
});

describe("colourOf with slots", () => {
  it("draws an id in its slot's colour, whatever its position in this file", () => {
    const themed = { ...theme, slots: { pu: 0, bpu: 1, jakon: 2 } };
    expect(colourOf(themed, "jakon", 0)).toBe(PALETTE[2]);
    expect(colourOf(themed, "pu", 1)).toBe(PALETTE[0]);
    // Without a slot, its position; its own colour before either.
    expect(colourOf(themed, "other", 4)).toBe(PALETTE[4]);
    expect(colourOf({ ...themed, colours: { jakon: "#ff0000" } }, "jakon", 0)).toBe("#ff0000");
  });
});
