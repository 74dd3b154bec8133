import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Derived,
  derive,
  extremes,
  rank,
  sum,
  type UnitFigures,
} from "../../src/derive/derive.js";
import type { Figure } from "../../src/derive/figure.js";
import { loadBriefing } from "../../src/load/load.js";
import { type Briefing, BriefingSchema } from "../../src/load/schema.js";

const dataFile = (name: string): string =>
  fileURLToPath(new URL(`../../data/${name}`, import.meta.url));

/** A briefing built in memory: only the fields a derive test is about, the rest filled in. */
function briefing(fields: Record<string, unknown>): Briefing {
  return BriefingSchema.parse({
    organisation: { name: "BPJS Ketenagakerjaan" },
    meeting: { title: "Audiensi", date: "2020-11-16" },
    period: { as_of: "2020-10" },
    region: { name: "Sumbagsel", unit_label: "provinsi" },
    ...fields,
  });
}

/** A figure's value; undefined when the figure does not exist. */
const val = (figure: Figure | undefined): number | undefined => figure?.value;
const values = (figures: readonly (Figure | undefined)[]): (number | undefined)[] =>
  figures.map(val);

function unit(derived: Derived, id: string): UnitFigures {
  const found = derived.units.find((u) => u.id === id);
  if (!found) throw new Error(`no unit ${id} in the derived figures`);
  return found;
}

describe("derive() on data/sumbagsel/2020-10.yaml", () => {
  let derived: Derived;
  beforeAll(async () => {
    derived = derive((await loadBriefing(dataFile("sumbagsel/2020-10.yaml"))).briefing);
  });

  it("adds the five provinces up to the 7,952,597 members the article gives for Sumbagsel", () => {
    expect(val(derived.region.members)).toBe(7952597);
    expect(derived.units.map((u) => u.id)).toEqual([
      "sumsel",
      "lampung",
      "jambi",
      "bengkulu",
      "babel",
    ]);
  });

  it("gives Sumatera Selatan 2,916,275 members, 36.67 % of the region", () => {
    const sumsel = unit(derived, "sumsel");
    expect(val(sumsel.members)).toBe(2916275);
    expect(val(sumsel.share)).toBeCloseTo(36.6707, 4);
    expect(derived.focus?.id).toBe("sumsel");
  });

  it("has no potential, so no coverage, and orders units by share", () => {
    expect(derived.region.potential).toBeUndefined();
    expect(derived.region.coverage).toBeUndefined();
    expect(derived.units.every((u) => u.coverage === undefined)).toBe(true);
    expect(derived.primaryMetric).toBe("share");
    expect(derived.region.rankedBy).toBe("members");
  });

  it("puts the governor's 63 % share target 26.33 points away", () => {
    expect(derived.targets).toHaveLength(1);
    const [target] = derived.targets;
    expect(target?.unitId).toBe("sumsel");
    expect(target?.metric).toBe("share");
    expect(val(target?.target)).toBe(63);
    expect(val(target?.actual)).toBeCloseTo(36.6707, 4);
    expect(val(target?.gapPoints)).toBeCloseTo(26.3293, 4);
    expect(target?.met).toBe(false);
  });

  it("needs 5,659,085 more members in Sumatera Selatan for a 63 % share: (p·T − s)/(1 − p), rounded up", () => {
    const gap = val(derived.targets[0]?.gapPeople);
    expect(gap).toBe(5659085);
    if (gap === undefined) return;
    const s = 2916275;
    const t = 7952597;
    // With that many more the share reaches 63 %; with one fewer it does not.
    expect((s + gap) / (t + gap)).toBeGreaterThanOrEqual(0.63);
    expect((s + gap - 1) / (t + gap - 1)).toBeLessThan(0.63);
  });

  it("ranks the provinces by members: Sumsel, Lampung, Jambi, Babel, Bengkulu", () => {
    expect(derived.units.map((u) => [u.id, val(u.rank)])).toEqual([
      ["sumsel", 1],
      ["lampung", 2],
      ["jambi", 3],
      ["bengkulu", 5],
      ["babel", 4],
    ]);
  });

  it("makes each region segment the sum of that segment over the units", () => {
    expect(derived.region.segments.map((s) => s.id)).toEqual(["pu", "bpu", "jakon"]);
    derived.region.segments.forEach((segment, i) => {
      expect(val(segment.members)).toBe(
        sum(derived.units.map((u) => val(u.segments[i]?.members) ?? 0)),
      );
    });
    expect(values(derived.region.segments.map((s) => s.members))).toEqual([
      4724302, 1140176, 2088119,
    ]);
    expect(sum(derived.region.segments.map((s) => val(s.members) ?? 0))).toBe(
      val(derived.region.members),
    );
  });

  it("keeps the published totals published, though their parts are illustrative", () => {
    // The article gives 7.952.597 and 2.916.275: the stated figures confirm the sums.
    expect(derived.region.members?.provenance).toBe("published");
    expect(derived.region.members?.sources).toEqual(["liputan6"]);
    expect(unit(derived, "sumsel").members?.provenance).toBe("published");
    // Sumsel's share rests on those two published counts only.
    expect(unit(derived, "sumsel").share?.provenance).toBe("derived");
    expect(derived.targets[0]?.gapPoints?.provenance).toBe("derived");
    expect(derived.targets[0]?.gapPeople?.provenance).toBe("derived");
  });

  it("marks what rests on the made-up splits illustrative: other provinces, segments, ranks", () => {
    expect(unit(derived, "lampung").members?.provenance).toBe("illustrative");
    expect(unit(derived, "lampung").share?.provenance).toBe("illustrative");
    expect(unit(derived, "sumsel").segments[0]?.members?.provenance).toBe("illustrative");
    expect(unit(derived, "sumsel").segments[0]?.share?.provenance).toBe("illustrative");
    // Sumsel's rank compares it with made-up counts.
    expect(unit(derived, "sumsel").rank?.provenance).toBe("illustrative");
    expect(derived.region.segments[0]?.members?.provenance).toBe("illustrative");
  });
});

describe("derive() on data/sumsel/2018-10.yaml", () => {
  let derived: Derived;
  beforeAll(async () => {
    derived = derive((await loadBriefing(dataFile("sumsel/2018-10.yaml"))).briefing);
  });

  it("counts 753,088 members out of a potential of 2,815,469", () => {
    expect(val(derived.region.members)).toBe(753088);
    expect(val(derived.region.potential)).toBe(2815469);
    expect(val(unit(derived, "sumsel").members)).toBe(753088);
    expect(val(unit(derived, "sumsel").potential)).toBe(2815469);
  });

  it("gives a coverage of 26.748 % (the article printed 26.72 from rounded potentials)", () => {
    expect(val(derived.region.coverage)).toBeCloseTo(26.748, 3);
    expect(val(unit(derived, "sumsel").coverage)).toBeCloseTo(26.748, 3);
    expect(unit(derived, "sumsel").coverage?.provenance).toBe("derived");
  });

  it("finds construction workers (jakon) above 100 % of their potential and flags the unit", () => {
    const sumsel = unit(derived, "sumsel");
    const jakon = sumsel.segments.find((s) => s.id === "jakon");
    expect(val(jakon?.coverage)).toBeGreaterThan(100);
    expect(val(jakon?.coverage)).toBeCloseTo(201.69, 2);
    expect(sumsel.overPotential).toBe(true);
    // The other segments are well below their potential.
    expect(sumsel.segments.filter((s) => (val(s.coverage) ?? 0) > 100).map((s) => s.id)).toEqual([
      "jakon",
    ]);
  });

  it("keeps the segments in the order the file lists them", () => {
    expect(unit(derived, "sumsel").segments.map((s) => s.id)).toEqual(["jakon", "pu", "bpu"]);
  });

  it("has a single unit that is the whole region: share 100, rank 1, coverage as primary metric", () => {
    const sumsel = unit(derived, "sumsel");
    expect(val(sumsel.share)).toBe(100);
    expect(val(sumsel.rank)).toBe(1);
    expect(derived.targets).toEqual([]);
    expect(derived.primaryMetric).toBe("coverage");
    expect(derived.region.rankedBy).toBe("members");
  });
});

describe("derive() on small briefings", () => {
  it("gives tied units the same rank and skips the next (1, 2, 2, 4)", () => {
    const derived = derive(
      briefing({
        units: [
          { id: "a", name: "A", members: 50, potential: 100 },
          { id: "b", name: "B", members: 30, potential: 100 },
          { id: "c", name: "C", members: 30, potential: 100 },
          { id: "d", name: "D", members: 10, potential: 100 },
        ],
      }),
    );
    expect(derived.units.map((u) => val(u.rank))).toEqual([1, 2, 2, 4]);
    expect(derived.region.rankedBy).toBe("members");
  });

  it("ranks with rank(): highest first, undefined values left out", () => {
    const items = [{ v: 3 }, { v: undefined }, { v: 7 }, { v: 3 }];
    const ranked = rank(items, (item) => item.v);
    expect(items.map((item) => ranked.get(item))).toEqual([2, undefined, 1, 2]);
  });

  it("leaves the coverage of a unit with potential 0 undefined, and does not rank it", () => {
    const derived = derive(
      briefing({
        units: [
          { id: "a", name: "A", members: 30, potential: 100 },
          { id: "b", name: "B", members: 5, potential: 0 },
        ],
      }),
    );
    const b = unit(derived, "b");
    expect(val(b.potential)).toBe(0);
    expect(b.coverage).toBeUndefined();
    // The region's potential still counts the 0: 35 of 100.
    expect(val(derived.region.potential)).toBe(100);
    expect(val(derived.region.coverage)).toBe(35);
    // Without a coverage for every unit, the units are compared by share.
    expect(derived.primaryMetric).toBe("share");
  });

  it("reports a coverage target already met as met, with no members needed", () => {
    const derived = derive(
      briefing({
        units: [{ id: "a", name: "A", members: 60, potential: 100 }],
        targets: [{ unit: "a", metric: "coverage", value: 50 }],
      }),
    );
    const [target] = derived.targets;
    expect(target).toMatchObject({ unitId: "a", metric: "coverage", met: true });
    expect(values([target?.target, target?.actual, target?.gapPoints, target?.gapPeople])).toEqual([
      50, 60, -10, 0,
    ]);
  });

  it("computes a coverage target on the whole region from the summed potential", () => {
    const derived = derive(
      briefing({
        units: [
          { id: "a", name: "A", members: 30, potential: 100 },
          { id: "b", name: "B", members: 70, potential: 300 },
        ],
        targets: [{ metric: "coverage", value: 40 }],
      }),
    );
    const [target] = derived.targets;
    expect(target?.unitId).toBeUndefined();
    expect(val(target?.actual)).toBe(25);
    expect(val(target?.gapPoints)).toBe(15);
    // 40 % of 400 is 160 members; there are 100.
    expect(val(target?.gapPeople)).toBe(60);
    expect(target?.met).toBe(false);
    expect(derived.primaryMetric).toBe("coverage");
  });

  it("does not round 63 % of 100 up to 64 people because of floating-point dust", () => {
    // 0.63 * 100 is 63.00000000000001 in floating point.
    const derived = derive(
      briefing({
        units: [{ id: "a", name: "A", members: 0, potential: 100 }],
        targets: [{ unit: "a", metric: "coverage", value: 63 }],
      }),
    );
    expect(val(derived.targets[0]?.gapPeople)).toBe(63);
  });

  it("treats a share target reached exactly as met", () => {
    const derived = derive(
      briefing({
        units: [
          { id: "a", name: "A", members: 25 },
          { id: "b", name: "B", members: 75 },
        ],
        targets: [{ unit: "a", metric: "share", value: 25 }],
      }),
    );
    const [target] = derived.targets;
    expect(target?.met).toBe(true);
    expect(values([target?.gapPoints, target?.gapPeople])).toEqual([0, 0]);
  });

  it("leaves the members needed undefined for a share target of 100 % that others' members make unreachable", () => {
    const derived = derive(
      briefing({
        units: [
          { id: "a", name: "A", members: 30 },
          { id: "b", name: "B", members: 70 },
        ],
        targets: [{ unit: "a", metric: "share", value: 100 }],
      }),
    );
    expect(derived.targets[0]?.met).toBe(false);
    expect(derived.targets[0]?.gapPeople).toBeUndefined();
  });

  it("makes shares of units, and of segments within a unit and the region, sum to 100 within 1e-9", () => {
    const derived = derive(
      briefing({
        segments: [
          { id: "pu", name: "Penerima Upah" },
          { id: "bpu", name: "Bukan Penerima Upah" },
          { id: "jakon", name: "Jasa Konstruksi" },
        ],
        units: [
          { id: "a", name: "A", members: { pu: 1, bpu: 1, jakon: 1 } },
          { id: "b", name: "B", members: { pu: 7, bpu: 0, jakon: 3 } },
          { id: "c", name: "C", members: { pu: 11, bpu: 13, jakon: 17 } },
        ],
      }),
    );
    const total = (figures: (Figure | undefined)[]) => sum(figures.map((f) => val(f) ?? 0));
    expect(Math.abs(total(derived.units.map((u) => u.share)) - 100)).toBeLessThan(1e-9);
    for (const u of derived.units) {
      expect(Math.abs(total(u.segments.map((s) => s.share)) - 100)).toBeLessThan(1e-9);
    }
    expect(Math.abs(total(derived.region.segments.map((s) => s.share)) - 100)).toBeLessThan(1e-9);
  });

  it("makes parts add up to totals: segments to units, units to the region", () => {
    const derived = derive(
      briefing({
        segments: [
          { id: "pu", name: "Penerima Upah" },
          { id: "bpu", name: "Bukan Penerima Upah" },
        ],
        units: [
          {
            id: "a",
            name: "A",
            members: { pu: 120, bpu: 30 },
            potential: { pu: 400, bpu: 600 },
          },
          {
            id: "b",
            name: "B",
            members: { pu: 80, bpu: 20 },
            potential: { pu: 100, bpu: 900 },
          },
        ],
      }),
    );
    expect(val(unit(derived, "a").members)).toBe(150);
    expect(val(unit(derived, "a").potential)).toBe(1000);
    expect(val(unit(derived, "b").members)).toBe(100);
    expect(val(derived.region.members)).toBe(250);
    expect(val(derived.region.potential)).toBe(2000);
    expect(val(derived.region.coverage)).toBe(12.5);
    expect(
      derived.region.segments.map((s) => [
        s.id,
        ...values([s.members, s.potential, s.coverage, s.share]),
      ]),
    ).toEqual([
      ["pu", 200, 500, 40, 80],
      ["bpu", 50, 1500, 50 / 15, 20],
    ]);
    for (const u of derived.units) {
      expect(sum(u.segments.map((s) => val(s.members) ?? 0))).toBe(val(u.members));
      expect(sum(u.segments.map((s) => val(s.potential) ?? 0))).toBe(val(u.potential));
    }
  });

  it("gives the region no segments unless every unit is split by segment", () => {
    const derived = derive(
      briefing({
        segments: [{ id: "pu", name: "Penerima Upah" }],
        units: [
          { id: "a", name: "A", members: { pu: 10 } },
          { id: "b", name: "B", members: 5 },
        ],
      }),
    );
    expect(unit(derived, "a").segments).toHaveLength(1);
    expect(unit(derived, "b").segments).toEqual([]);
    expect(derived.region.segments).toEqual([]);
    expect(val(derived.region.members)).toBe(15);
  });

  it("does not claim 0 more members reach a coverage target on a unit whose potential is 0", () => {
    const derived = derive(
      briefing({
        units: [
          { id: "a", name: "A", members: 30, potential: 100 },
          { id: "b", name: "B", members: 5, potential: 0 },
        ],
        targets: [{ unit: "b", metric: "coverage", value: 50 }],
      }),
    );
    const [target] = derived.targets;
    expect(target?.met).toBe(false);
    expect(target?.gapPeople).toBeUndefined();
  });
});

describe("extremes", () => {
  it("names the one highest and the one lowest, and nothing where either end is a tie", () => {
    expect(extremes([40, 95.5, 8.6, 60])).toEqual({ high: 1, low: 2 });
    expect(extremes([95.5, 95.5, 8.6])).toBeUndefined();
    expect(extremes([95.5, 8.6, 8.6])).toBeUndefined();
    expect(extremes([50])).toBeUndefined();
  });
});
