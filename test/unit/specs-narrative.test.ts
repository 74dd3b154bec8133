import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { chartHeight, overFull } from "../../src/chart/canvas.js";
import { PAGE_HEIGHT } from "../../src/chart/pages.js";
import {
  type BarSpec,
  type ChartSpec,
  chartSpecs,
  type ProgressSpec,
  type StackedSpec,
} from "../../src/chart/specs.js";
import { checkReferences } from "../../src/check/references.js";
import { type Derived, derive } from "../../src/derive/derive.js";
import { loadBriefing } from "../../src/load/load.js";
import { type Briefing, BriefingSchema } from "../../src/load/schema.js";
import { type Locale, loadLocale } from "../../src/locale/locale.js";
import { narrative } from "../../src/render/narrative.js";
import { DEFAULT_TEMPLATES } from "../../src/render/templates.js";
import { view } from "../../src/render/view.js";

const dataFile = (name: string): string =>
  fileURLToPath(new URL(`../../data/${name}`, import.meta.url));

interface Example {
  briefing: Briefing;
  derived: Derived;
}
async function example(name: string): Promise<Example> {
  const { briefing } = await loadBriefing(dataFile(name));
  return { briefing, derived: derive(briefing) };
}

function spec<K extends ChartSpec["kind"]>(
  specs: ChartSpec[],
  id: string,
  kind: K,
): Extract<ChartSpec, { kind: K }> {
  const found = specs.find((s) => s.id === id);
  expect(found, `chart ${id}`).toBeDefined();
  expect(found?.kind).toBe(kind);
  return found as Extract<ChartSpec, { kind: K }>;
}

let id: Locale;
let en: Locale;
let y2020: Example;
let y2018: Example;
beforeAll(async () => {
  [id, en, y2020, y2018] = await Promise.all([
    loadLocale([DEFAULT_TEMPLATES], "id"),
    loadLocale([DEFAULT_TEMPLATES], "en"),
    example("sumbagsel/2020-10.yaml"),
    example("sumsel/2018-10.yaml"),
  ]);
});

describe("chartSpecs() for data/sumbagsel/2020-10.yaml", () => {
  let specs: ChartSpec[];
  beforeAll(() => {
    specs = chartSpecs(view(y2020.briefing, y2020.derived, id));
  });

  it("draws the province bars (with the target as Sumatera Selatan's line) and the segments stacked by province, no chart of one bar repeating the target", () => {
    expect(specs.map((s) => [s.kind, s.id])).toEqual([
      ["bars", "units-share"],
      ["stacked", "segments-by-unit"],
    ]);
  });

  it("orders the share bars largest first, Sumatera Selatan first and highlighted", () => {
    const bars: BarSpec = spec(specs, "units-share", "bars");
    expect(bars.categories[0]).toBe("Sumatera Selatan");
    expect(bars.categories).toEqual([
      "Sumatera Selatan",
      "Lampung",
      "Jambi",
      "Kepulauan Bangka Belitung",
      "Bengkulu",
    ]);
    expect(bars.values[0]).toBeCloseTo(36.6707, 4);
    expect([...bars.values].sort((a, b) => b - a)).toEqual(bars.values);
    expect(bars.highlight).toEqual([0]);
    expect(bars.format).toBe("percent");
    expect(bars.illustrative).toBe(true);
    expect(bars.title).toBe("Sumatera Selatan menyumbang porsi terbesar peserta Sumbagsel");
    expect(bars.subtitle).toBe("Coverage share per provinsi, %");
  });

  it("draws the governor's 63 % target as a line over Sumatera Selatan's bar", () => {
    const bars: BarSpec = spec(specs, "units-share", "bars");
    expect(bars.lines).toEqual([
      {
        value: 63,
        label: `Target Sumatera Selatan: 63%`,
        category: 0,
        style: "target",
      },
    ]);
  });

  it("describes the bars in words for the text alternative", () => {
    const bars: BarSpec = spec(specs, "units-share", "bars");
    expect(bars.alt).toBe(
      `Sumatera Selatan 36,7%; Lampung 29,1% (ilustrasi); Jambi 13,9% (ilustrasi); Kepulauan Bangka Belitung 11,0% (ilustrasi); Bengkulu 9,3% (ilustrasi)`,
    );
  });

  it("stacks one series per segment whose values add up to each province's members", () => {
    const stacked: StackedSpec = spec(specs, "segments-by-unit", "stacked");
    expect(stacked.series.map((s) => s.label)).toEqual([
      "Penerima Upah",
      "Bukan Penerima Upah",
      "Jasa Konstruksi",
    ]);
    expect(stacked.format).toBe("count");
    expect(stacked.categories[0]).toBe("Sumatera Selatan");
    // Categories run from the most members to the fewest, like the bars.
    const members = y2020.derived.units.map((u) => u.members?.value ?? 0).sort((a, b) => b - a);
    const totals = stacked.categories.map((_, i) =>
      stacked.series.reduce((acc, s) => acc + (s.values[i] ?? 0), 0),
    );
    expect(totals).toEqual(members);
    expect(stacked.series.map((s) => s.values[0])).toEqual([1652310, 418907, 845058]);
  });

  it("shows a region of one unit its progress towards its target, in a chart of its own", async () => {
    const muba = await example("muba/2025-07.yaml");
    const progress: ProgressSpec = spec(
      chartSpecs(view(muba.briefing, muba.derived, id)),
      "target-0",
      "progress",
    );
    expect(progress.category).toBe("Musi Banyuasin");
    expect(progress.actual).toBeCloseTo(48.26, 2);
    expect(progress.target).toBe(52.15);
    expect(progress.title).toBe(`Musi Banyuasin belum mencapai target 52,15%`);
    expect(progress.caption).toBe(`Cakupan kepesertaan Musi Banyuasin dibandingkan target 52,15%.`);
  });

  it("words the charts in English with the en locale", () => {
    const english = chartSpecs(view(y2020.briefing, y2020.derived, en));
    const bars: BarSpec = spec(english, "units-share", "bars");
    expect(bars.title).toBe("South Sumatra has the largest share of the members in Sumbagsel");
    expect(bars.subtitle).toBe("Share of members by province, %");
    expect(bars.lines[0]?.label).toBe(`Target ${bars.categories[0]}: 63%`);
    const stacked: StackedSpec = spec(english, "segments-by-unit", "stacked");
    expect(stacked.series[0]?.label).toBe("Wage earners");
  });
});

describe("chartSpecs() for data/sumsel/2018-10.yaml", () => {
  let specs: ChartSpec[];
  beforeAll(() => {
    specs = chartSpecs(view(y2018.briefing, y2018.derived, id));
  });

  it("draws the segments' shares as bars (not a doughnut) and the coverage by segment, no province bars", () => {
    expect(specs.map((s) => [s.kind, s.id])).toEqual([
      ["bars", "segments-of-unit"],
      ["bars", "segments-coverage"],
    ]);
  });

  it("makes one bar per segment, its share of the 753,088 members, and says which is largest", () => {
    const parts: BarSpec = spec(specs, "segments-of-unit", "bars");
    expect(parts.categories).toEqual(["Jasa Konstruksi", "Penerima Upah", "Bukan Penerima Upah"]);
    expect(parts.labels).toEqual([`57,7%`, `38,8%`, `3,5%`]);
    expect(parts.values.reduce((acc, value) => acc + value, 0)).toBeCloseTo(100, 10);
    expect(parts.ids).toEqual(["jakon", "pu", "bpu"]);
    expect(parts.title).toBe("Jasa Konstruksi merupakan bagian terbesar peserta Sumatera Selatan");
    expect(parts.subtitle).toBe("Komposisi peserta menurut segmen, %");
    expect(parts.caption).toBe("Porsi tiap segmen dari peserta Sumatera Selatan.");
  });

  it("draws the coverage by segment with a line at 100 % that jakon goes past", () => {
    const bars: BarSpec = spec(specs, "segments-coverage", "bars");
    expect(bars.categories).toEqual(["Jasa Konstruksi", "Penerima Upah", "Bukan Penerima Upah"]);
    expect(bars.values[0]).toBeGreaterThan(100);
    expect(bars.values[0]).toBeCloseTo(201.69, 2);
    expect(bars.lines).toEqual([{ value: 100, label: `100%`, style: "full" }]);
    expect(bars.illustrative).toBe(false);
    expect(bars.alt).toBe(`Jakon 201,7%; PU 22,5%; BPU 2,0%`);
    // Jakon's bar is outlined (canvas.ts), and the caption says why.
    expect(overFull(bars)).toBe(true);
    expect(bars.caption).toBe(
      "Peserta dibagi potensi tiap segmen; garis menandai 100%. Batang bergaris tepi: di atas 100%, lebih banyak tercatat daripada potensi.",
    );
    expect(bars.title).toBe("Cakupan kepesertaan Jasa Konstruksi melampaui 100%");
  });
});

describe("narrative()", () => {
  it("says in id how far Sumatera Selatan's share is below the governor's target", () => {
    const text = narrative(view(y2020.briefing, y2020.derived, id)).sentences.join(" ");
    expect(text).toContain(
      "Coverage share di Sumatera Selatan 36,7 persen, 26,3 poin di bawah target 63 persen",
    );
    expect(text).toContain("yang ditetapkan Gubernur Sumatera Selatan");
    expect(text).toContain("5.659.085 peserta");
  });

  it("opens in id with the period and the region's members, then the focus province's share", () => {
    const [first, second] = narrative(view(y2020.briefing, y2020.derived, id)).sentences;
    expect(first).toBe("Hingga Oktober 2020, Sumbagsel mencatat 7.952.597 peserta.");
    expect(second).toContain(
      "Sumatera Selatan menyumbang 36,7 persen dari seluruh peserta Sumbagsel, yaitu 2.916.275 peserta",
    );
  });

  it("says it in en with per cent, points, thousands commas and the plural of the unit label", () => {
    const text = narrative(view(y2020.briefing, y2020.derived, en)).sentences.join(" ");
    expect(text).toContain("36.7 per cent");
    expect(text).toContain("26.3 percentage points below the target of 63 per cent");
    expect(text).toContain("set by the Governor of South Sumatra");
    expect(text).toContain("5,659,085 members");
    expect(text).toContain("other provinces");
    expect(text).not.toContain("persen");
  });

  it("names the largest segment and notes jakon's coverage above 100 % for 2018", () => {
    const sentences = narrative(view(y2018.briefing, y2018.derived, id)).sentences;
    const largest = sentences.find((s) => s.startsWith("Menurut segmen"));
    expect(largest).toContain("Jasa Konstruksi");
    expect(largest).toContain("57,7 persen");
    expect(largest).toContain("434.580 peserta");
    expect(sentences.filter((s) => s.includes("201,7 persen"))).toHaveLength(1);
    expect(sentences.find((s) => s.includes("201,7 persen"))).toContain("Jasa Konstruksi");
    // A single unit is the region: no sentence about its share of the region.
    expect(sentences.some((s) => s.includes("menyumbang"))).toBe(false);
  });

  it("leaves no double spaces or blank placeholders in any sentence", () => {
    for (const [example, locale] of [
      [y2020, id],
      [y2020, en],
      [y2018, id],
      [y2018, en],
    ] as const) {
      for (const sentence of narrative(view(example.briefing, example.derived, locale)).sentences) {
        expect(sentence).not.toMatch(/\s{2}|\{\{|\}\}/);
        expect(sentence.trim()).toBe(sentence);
      }
    }
  });
});

describe("targets that no number of members can reach", () => {
  const briefing = (fields: Record<string, unknown>): Briefing =>
    BriefingSchema.parse({
      organisation: { name: "BPJS Ketenagakerjaan" },
      meeting: { title: "Audiensi", date: "2020-11-16" },
      period: { as_of: "2020-10" },
      region: { name: "Sumbagsel", unit_label: "province", unit_label_plural: "provinces" },
      ...fields,
    });

  it("a 100 % share target is refused by the checks, and never printed with the number missing", () => {
    const b = briefing({
      units: [
        { id: "a", name: "A", members: 30 },
        { id: "b", name: "B", members: 70 },
      ],
      targets: [{ unit: "a", metric: "share", value: 100 }],
    });
    const source = {
      file: "mem.yaml",
      data: b,
      locate: () => undefined,
      locateKey: () => undefined,
      written: () => undefined,
    };
    const refused = checkReferences(b, source).find((issue) => issue.path === "targets[0].value");
    expect(refused?.message).toContain("below 100 %");
    // Even unchecked, the sentence leaves out the clause it has no number for.
    const sentence =
      narrative(view(b, derive(b), en)).sentences.find((s) =>
        s.includes("target of 100 per cent"),
      ) ?? "";
    expect(sentence).toContain("70.0 percentage points below the target of 100 per cent.");
    expect(sentence).not.toMatch(/additional\s+(or|in)\b/);
  });

  it("a coverage target on a unit with potential 0 is not drawn over another unit's bar", () => {
    const b = briefing({
      units: [
        { id: "a", name: "A", members: 30, potential: 100 },
        { id: "b", name: "B", members: 5, potential: 0 },
      ],
      targets: [{ unit: "b", metric: "coverage", value: 50 }],
    });
    const bars: BarSpec = spec(chartSpecs(view(b, derive(b), en)), "units-coverage", "bars");
    for (const line of bars.lines) {
      expect(line.label).not.toBe("Target A: 50%");
      expect(line.category === undefined || line.category >= 0).toBe(true);
    }
  });
});

describe("a chart of more units than fit a page", () => {
  it("is drawn as even parts that each fit a page, each with its own lines, highlight and text", () => {
    const units = Array.from({ length: 90 }, (_, i) => ({
      id: `u${i}`,
      name: `Unit ${i}`,
      members: 1000 - i,
      ...(i === 75 ? { illustrative: true } : {}),
    }));
    const b = BriefingSchema.parse({
      organisation: { name: "Org" },
      period: { as_of: "2024-01" },
      region: { name: "R", unit_label: "unit", focus: "u50" },
      units,
      targets: [{ unit: "u50", metric: "share", value: 5 }],
    });
    const specs = chartSpecs(view(b, derive(b), en)).filter((s) => s.kind === "bars") as BarSpec[];
    // A page holds 21 of these bars (with the target's line): 90 are five parts of 18.
    expect(specs.map((s) => [s.id, s.categories.length])).toEqual([
      ["units-share", 18],
      ["units-share-2", 18],
      ["units-share-3", 18],
      ["units-share-4", 18],
      ["units-share-5", 18],
    ]);
    for (const spec of specs) expect(chartHeight(spec)).toBeLessThanOrEqual(PAGE_HEIGHT);
    expect(
      chartHeight({ ...specs[0], categories: units.slice(0, 22).map((u) => u.name) } as BarSpec),
    ).toBeGreaterThan(PAGE_HEIGHT);
    expect(specs[1]?.subtitle).toBe("Share of members by unit, % (19–36 of 90)");
    expect(specs[1]?.title).toBe("Unit 0 has the largest share; Unit 50 ranks 51");
    // The focus unit (the 51st bar) and its target line are in the third part only.
    expect(specs.map((s) => s.highlight)).toEqual([[], [], [14], [], []]);
    expect(specs.map((s) => s.lines.map((l) => l.category))).toEqual([[], [], [14], [], []]);
    // Each part's text alternative names its own bars. Every share rests on the region's
    // total, which counts Unit 75's made-up members: every part is marked illustrative.
    expect(specs[4]?.alt.startsWith("Unit 72 ")).toBe(true);
    expect(specs.map((s) => s.illustrative)).toEqual([true, true, true, true, true]);
  });
});

describe("a briefing of zero counts", () => {
  it("never says '0 more members are needed'", () => {
    const b = BriefingSchema.parse({
      organisation: { name: "Org" },
      period: { as_of: "2024-01" },
      region: { name: "R", unit_label: "unit", focus: "a" },
      units: [
        { id: "a", name: "A", members: 0, potential: 0 },
        { id: "b", name: "B", members: 0, potential: 0 },
      ],
      targets: [{ unit: "a", metric: "share", value: 50 }],
    });
    for (const locale of [id, en]) {
      const text = narrative(view(b, derive(b), locale)).sentences.join(" ");
      expect(text).not.toMatch(
        /\b0 (peserta|members)\b.*(diperlukan|needs)|(tambahan|additional)( sekitar)? 0\b/,
      );
    }
  });
});

describe("counts past a trillion", () => {
  it("are refused: sums of counts past 2^53 lose units silently", () => {
    const parsed = BriefingSchema.safeParse({
      organisation: { name: "Org" },
      period: { as_of: "2024-01" },
      region: { name: "R", unit_label: "unit" },
      units: [{ id: "a", name: "A", members: 1_000_000_000_001 }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain("at most 1000000000000");
  });
});
