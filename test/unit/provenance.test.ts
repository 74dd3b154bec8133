/**
 * Every figure knows where it comes from: published (a count the source printed, a stated
 * value), derived from published figures only, or resting on an illustrative input. These tests
 * write small briefings the way a user would and read the figures' provenance back.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Checked, checkFile } from "../../src/check/check-file.js";
import type { UnitFigures } from "../../src/derive/derive.js";
import { BriefingError } from "../../src/errors.js";
import { figureText } from "../../src/locale/figure-text.js";
import { type Locale, loadLocale } from "../../src/locale/locale.js";
import { DEFAULT_TEMPLATES } from "../../src/render/templates.js";
import { removeTempDirs, tempDir } from "../support/files.js";

afterAll(removeTempDirs);

const HEAD = `organisation: { name: BPJS Ketenagakerjaan }
period: { as_of: 2024-12 }
sources: [{ id: news, publisher: Koran }]
`;

/** Checks a briefing written as YAML after a common head (organisation, period, one source). */
async function check(yaml: string): Promise<Checked> {
  const file = path.join(tempDir(), "briefing.yaml");
  writeFileSync(file, HEAD + yaml);
  return checkFile(file);
}

function unit(checked: Checked, id: string): UnitFigures {
  const found = checked.derived.units.find((u) => u.id === id);
  if (!found) throw new Error(`no unit ${id}`);
  return found;
}

describe("illustrative declared per field", () => {
  let checked: Checked;
  beforeAll(async () => {
    checked = await check(`region: { name: Sumsel, unit_label: kabupaten, focus: muba }
units:
  - id: muba
    name: Musi Banyuasin
    members: 88958
    potential: 213000
    illustrative: [potential] # only the potential was made up
    stated: { coverage: 41.65 }
  - id: oki
    name: Ogan Komering Ilir
    members: 50000
`);
  });

  it("keeps the real count published and marks only the made-up potential", () => {
    const muba = unit(checked, "muba");
    expect(muba.members?.provenance).toBe("published");
    expect(muba.members?.sources).toEqual(["news"]);
    expect(muba.potential?.provenance).toBe("illustrative");
  });

  it("prints the published 41,65% rather than a coverage computed from a made-up potential", () => {
    const coverage = unit(checked, "muba").coverage;
    expect(coverage?.value).toBe(41.65);
    expect(coverage?.provenance).toBe("published");
    expect(coverage?.decimals).toBe(2);
  });

  it("derives shares from published counts only, so they are not illustrative", () => {
    expect(unit(checked, "muba").share?.provenance).toBe("derived");
    expect(checked.derived.region.members?.provenance).toBe("derived");
  });

  it("still checks the published coverage against the counts it can: a warning, never silence", () => {
    const warning = checked.issues.find((i) => i.path === "units[0].stated.coverage");
    expect(warning?.severity).toBe("warning");
    expect(warning?.message).toContain("41.65 %");
  });
});

describe("illustrative declared for one segment", () => {
  it("makes that segment, the unit's total and every share taken of it illustrative", async () => {
    const checked = await check(`region: { name: Sumsel, unit_label: provinsi }
segments: [{ id: pu, name: PU }, { id: bpu, name: BPU }]
units:
  - id: a
    name: A
    members: { pu: 100, bpu: 50 }
    illustrative: [members.bpu]
`);
    const a = unit(checked, "a");
    expect(a.segments.map((s) => s.members?.provenance)).toEqual(["published", "illustrative"]);
    expect(a.members?.provenance).toBe("illustrative");
    expect(a.segments[0]?.share?.provenance).toBe("illustrative");
  });

  it("is confirmed by a stated total: the sum of made-up parts that a source printed is real", async () => {
    const checked = await check(`region: { name: Sumsel, unit_label: provinsi }
segments: [{ id: pu, name: PU }, { id: bpu, name: BPU }]
units:
  - id: a
    name: A
    members: { pu: 100, bpu: 50 }
    illustrative: true
    stated: { members: 150 }
`);
    expect(unit(checked, "a").members?.provenance).toBe("published");
    expect(unit(checked, "a").segments[1]?.members?.provenance).toBe("illustrative");
  });

  it("refuses a field the unit does not have, at the list entry", async () => {
    const refused = await check(`region: { name: Sumsel, unit_label: provinsi }
units:
  - id: a
    name: A
    members: 10
    illustrative: [potential]
`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BriefingError);
    const issue = (refused as BriefingError).issues[0];
    expect(issue).toMatchObject({ path: "units[0].illustrative[0]", line: 9 });
    expect(issue?.message).toContain("no potential");
  });
});

describe("an illustrative target", () => {
  it("marks the target and its gap, not the actual figure", async () => {
    const checked = await check(`region: { name: Sumsel, unit_label: provinsi }
units:
  - { id: a, name: A, members: 30, potential: 100 }
targets:
  - { unit: a, metric: coverage, value: 50, illustrative: true }
`);
    const [target] = checked.derived.targets;
    expect(target?.target.provenance).toBe("illustrative");
    expect(target?.actual?.provenance).toBe("derived");
    expect(target?.gapPoints?.provenance).toBe("illustrative");
    expect(target?.gapPeople?.value).toBe(20);
    expect(target?.gapPeople?.provenance).toBe("illustrative");
  });
});

describe("figures published without their parts", () => {
  let checked: Checked;
  beforeAll(async () => {
    checked = await check(`decimals: 1
region:
  name: Provinsi Jambi
  unit_label: kabupaten/kota
  unit_count: 11
  stated: { members: 518632, potential: 1312370, coverage: 39.52 }
units:
  - { id: batanghari, name: Batanghari, members: 49803, potential: 98206, stated: { coverage: 50.71 } }
  - { id: kota-jambi, name: Kota Jambi, stated: { coverage: 48.64 } }
  - { id: tebo, name: Tebo, stated: { coverage: 31.49 } }
  - { id: sarolangun, name: Sarolangun, stated: { members: 20000 } }
`);
  });

  it("prints a percentage published without counts as published, with its own decimals", () => {
    const coverage = unit(checked, "kota-jambi").coverage;
    expect(coverage).toMatchObject({ value: 48.64, provenance: "published", decimals: 2 });
    expect(unit(checked, "kota-jambi").members).toBeUndefined();
    expect(unit(checked, "kota-jambi").share).toBeUndefined();
  });

  it("takes a count stated without `members` as the unit's count", () => {
    expect(unit(checked, "sarolangun").members).toMatchObject({
      value: 20000,
      provenance: "published",
    });
  });

  it("says in a note that such a figure cannot be checked, never nothing", () => {
    const note = checked.issues.find((i) => i.path === "units[1].stated.coverage");
    expect(note?.severity).toBe("note");
    expect(note?.message).toContain("cannot be checked");
    expect(note?.line).toBe(12);
  });

  it("takes the region's totals from what the source stated, and checks its coverage", () => {
    const { region } = checked.derived;
    expect(region.members).toMatchObject({ value: 518632, provenance: "published" });
    expect(region.coverage?.provenance).toBe("derived");
    expect(region.coverage?.value).toBeCloseTo(39.5187, 4);
    expect(region.partial).toBe(true);
    expect([region.listed, region.unitCount, region.counted]).toEqual([4, 11, 2]);
  });

  it("makes the rest one derived line: the region less the counted units, the others included", () => {
    const others = checked.derived.region.others;
    expect(others?.count).toBe(9);
    expect(others?.includes).toEqual(["kota-jambi", "tebo"]);
    expect(others?.members).toMatchObject({ value: 518632 - 49803 - 20000, provenance: "derived" });
    // Sarolangun has no potential: the rest's potential cannot be told apart.
    expect(others?.potential).toBeUndefined();
  });

  it("ranks, when some counts are missing, only the listed units that have the figure compared", () => {
    const { derived } = checked;
    expect(derived.region.rankedBy).toBe("share");
    expect(derived.units.map((u) => [u.id, u.rank?.value])).toEqual([
      ["batanghari", 1],
      ["kota-jambi", undefined],
      ["tebo", undefined],
      ["sarolangun", 2],
    ]);
  });

  it("never derives a share for a unit from a percentage: shares come from counts", () => {
    expect(unit(checked, "batanghari").share?.value).toBeCloseTo((49803 / 518632) * 100, 9);
  });
});

describe("a partial list whose region total is below its listed units", () => {
  it("is refused: the rest would be negative", async () => {
    const refused = await check(`region:
  name: R
  unit_label: kabupaten
  unit_count: 5
  stated: { members: 100 }
units:
  - { id: a, name: A, members: 80 }
  - { id: b, name: B, members: 30 }
`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BriefingError);
    const issue = (refused as BriefingError).issues.find((i) => i.severity === "error");
    expect(issue).toMatchObject({ path: "region.stated.members", line: 8 });
    expect(issue?.message).toContain("more than the region's stated total (by 10)");
  });

  it("is refused when unit_count is below the units listed", async () => {
    const refused = await check(`region: { name: R, unit_label: kabupaten, unit_count: 1 }
units:
  - { id: a, name: A, members: 80 }
  - { id: b, name: B, members: 30 }
`).catch((error: unknown) => error);
    expect((refused as BriefingError).issues[0]).toMatchObject({ path: "region.unit_count" });
  });
});

describe("FigureText writes a figure the same way everywhere, with its mark", () => {
  let id: Locale;
  let en: Locale;
  beforeAll(async () => {
    id = await loadLocale([DEFAULT_TEMPLATES], "id");
    en = await loadLocale([DEFAULT_TEMPLATES], "en");
  });

  it("writes derived percentages with the file's decimals", () => {
    const figure = { value: 53.9837, provenance: "derived" as const, sources: [] };
    expect(figureText(id, 2).percent(figure)).toBe("53,98%");
    expect(figureText(id, 0).percent(figure)).toBe("54%");
    expect(figureText(en, 1).percent(figure)).toBe("54.0%");
    expect(figureText(id, 2).mark(figure, "percent")).toBe("");
  });

  it("writes a published percentage as published, and marks it †", () => {
    const figure = { value: 48.64, provenance: "published" as const, sources: [], decimals: 2 };
    expect(figureText(id, 1).percent(figure)).toBe("48,64%");
    expect(figureText(id, 1).mark(figure, "percent")).toBe("†");
    // A published count is what a count is assumed to be: no mark.
    expect(figureText(id, 1).mark({ ...figure, value: 1000 }, "count")).toBe("");
  });

  it("marks anything illustrative *, whatever its kind", () => {
    const figure = { value: 1652310, provenance: "illustrative" as const, sources: [] };
    for (const kind of ["count", "percent", "rank", "points"] as const) {
      expect(figureText(id, 1).mark(figure, kind)).toBe("*");
    }
  });
});
