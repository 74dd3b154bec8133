/**
 * Any office, any indicator: what is counted is data (`measure:`), indicators have their own
 * count and potential and never add up, and a target may be for the region, a unit, a segment or
 * an indicator. These tests write a district health office's immunisation briefing the way its
 * user would, and read the figures, the words and the refusals back.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartSpecs } from "../../src/chart/specs.js";
import { type Checked, checkFile } from "../../src/check/check-file.js";
import { BriefingError, type Issue } from "../../src/errors.js";
import { type Locale, loadLocale } from "../../src/locale/locale.js";
import { indicatorTables, keyFigures } from "../../src/render/figures.js";
import { narrative } from "../../src/render/narrative.js";
import { DEFAULT_TEMPLATES } from "../../src/render/templates.js";
import { type View, view } from "../../src/render/view.js";
import { removeTempDirs, tempDir } from "../support/files.js";

afterAll(removeTempDirs);

const IMMUNISATION = `organisation: { name: Dinas Kesehatan Kabupaten Contoh }
period: { as_of: 2024-12 }
sources: [{ id: profil, publisher: Profil Kesehatan Kabupaten Contoh 2024 }]
measure:
  name: { id: anak, en: children }
  singular: { en: child }
  label: { id: Diimunisasi, en: Immunised }
  potential: { id: bayi sasaran, en: target infants }
  potential_label: { id: Sasaran, en: Target }
  coverage: { id: cakupan imunisasi, en: immunisation coverage }
indicators:
  - { id: bcg, name: BCG }
  - { id: dpt3, name: DPT-HB-Hib 3 }
  - { id: campak, name: { id: Campak-Rubela, en: Measles-rubella } }
region:
  name: Kabupaten Contoh
  unit_label: { id: kecamatan, en: district }
  focus: utara
  stated:
    indicators:
      bcg: { count: 3000, potential: 3100, coverage: 96.8 }
units:
  - id: utara
    name: Kecamatan Utara
    indicators:
      bcg: { count: 1000, potential: 1000 }
      dpt3: { count: 900, potential: 1000, coverage: 90.0 }
      campak: { coverage: 88.25 }
  - id: selatan
    name: Kecamatan Selatan
    indicators:
      bcg: { count: 1100, potential: 1200 }
      dpt3: { count: 1150, potential: 1200 }
  - id: timur
    name: Kecamatan Timur
    indicators:
      bcg: { count: 900, potential: 900 }
      dpt3: { count: 700, potential: 900 }
targets:
  - { indicator: dpt3, metric: coverage, value: 95, set_by: Bupati Contoh }
  - { unit: selatan, indicator: bcg, metric: coverage, value: 95, set_by: Bupati Contoh }
`;

async function check(yaml: string): Promise<Checked> {
  const file = path.join(tempDir(), "briefing.yaml");
  writeFileSync(file, yaml);
  return checkFile(file);
}

async function refusal(yaml: string): Promise<Issue[]> {
  const outcome = await check(yaml).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(BriefingError);
  return (outcome as BriefingError).issues.filter((i) => i.severity === "error");
}

let checked: Checked;
let id: Locale;
let en: Locale;
const views = (locale: Locale): View => view(checked.briefing, checked.derived, locale);
beforeAll(async () => {
  checked = await check(IMMUNISATION);
  id = await loadLocale([DEFAULT_TEMPLATES], "id");
  en = await loadLocale([DEFAULT_TEMPLATES], "en");
});

describe("indicators: each its own count and potential, never summed", () => {
  it("derives each unit's coverage from its own count and potential", () => {
    const selatan = checked.derived.units.find((u) => u.id === "selatan");
    const dpt = selatan?.indicators.find((i) => i.id === "dpt3");
    expect(dpt?.coverage?.value).toBeCloseTo((1150 / 1200) * 100, 10);
    expect(dpt?.coverage?.provenance).toBe("derived");
  });

  it("prints a coverage given without counts as published, with its own decimals", () => {
    const utara = checked.derived.units.find((u) => u.id === "utara");
    const campak = utara?.indicators.find((i) => i.id === "campak");
    expect(campak?.count).toBeUndefined();
    expect(campak?.coverage).toMatchObject({ value: 88.25, provenance: "published", decimals: 2 });
  });

  it("sums the units for the region, and the total row's same count confirms it as published", () => {
    const bcg = checked.derived.region.indicators.find((i) => i.id === "bcg");
    expect(bcg?.count).toMatchObject({ value: 3000, provenance: "published" });
    const dpt = checked.derived.region.indicators.find((i) => i.id === "dpt3");
    expect(dpt?.count).toMatchObject({ value: 2750, provenance: "derived" });
    expect(dpt?.potential?.value).toBe(3100);
    // Campak has a coverage for one unit only: no region figure is made up from it.
    expect(checked.derived.region.indicators.find((i) => i.id === "campak")).toBeUndefined();
  });

  it("never adds indicators up into members", () => {
    expect(checked.derived.region.members).toBeUndefined();
    expect(checked.derived.units.every((u) => u.members === undefined)).toBe(true);
  });

  it("flags a printed coverage that its counts do not give", async () => {
    const wrong = await check(IMMUNISATION.replace("coverage: 90.0 }", "coverage: 92.0 }"));
    const warning = wrong.issues.find((i) => i.path === "units[0].indicators.dpt3.coverage");
    expect(warning?.severity).toBe("warning");
    expect(warning?.message).toContain("the counts give 90 % (900 / 1,000)");
    const total = await check(
      IMMUNISATION.replace("count: 3000, potential: 3100", "count: 3001, potential: 3100"),
    );
    expect(
      total.issues.find((i) => i.path === "region.stated.indicators.bcg.count")?.message,
    ).toContain("the units' counts add up to 3,000");
  });
});

describe("targets at any level", () => {
  it("measures an indicator's target over the region, with the children it takes", () => {
    const dpt = checked.derived.targets.find((t) => t.indicatorId === "dpt3");
    expect(dpt?.actual?.value).toBeCloseTo((2750 / 3100) * 100, 10);
    expect(dpt?.gapPeople?.value).toBe(Math.ceil(0.95 * 3100 - 2750));
    expect(dpt?.met).toBe(false);
  });

  it("measures a unit's indicator target on that unit", () => {
    const bcg = checked.derived.targets.find((t) => t.indicatorId === "bcg");
    expect(bcg?.unitId).toBe("selatan");
    expect(bcg?.actual?.value).toBeCloseTo((1100 / 1200) * 100, 10);
    expect(bcg?.gapPeople?.value).toBe(40);
  });

  it("measures a segment's coverage target within a unit", async () => {
    const segments = await check(`organisation: { name: BPJS }
period: { as_of: 2024-12 }
segments: [{ id: pu, name: Penerima Upah }, { id: bpu, name: Bukan Penerima Upah }]
region: { name: Sumsel, unit_label: kabupaten }
units:
  - { id: a, name: A, members: { pu: 60, bpu: 40 }, potential: { pu: 100, bpu: 200 } }
  - { id: b, name: B, members: { pu: 10, bpu: 10 } }
targets:
  - { unit: a, segment: bpu, metric: coverage, value: 30, set_by: Gubernur }
  - { segment: pu, metric: share, value: 80 }
`);
    const [bpu, pu] = segments.derived.targets;
    expect(bpu?.actual?.value).toBe(20);
    expect(bpu?.gapPeople?.value).toBe(20);
    // PU is 70 of the region's 120 members; 80 % needs (0.8 · 120 − 70) / 0.2 = 130 more.
    expect(pu?.actual?.value).toBeCloseTo((70 / 120) * 100, 10);
    expect(pu?.gapPeople?.value).toBe(130);
  });

  it("refuses what cannot be said, at its line, with a hint", async () => {
    const issues = await refusal(
      IMMUNISATION.replace(
        "  - { indicator: dpt3, metric: coverage, value: 95, set_by: Bupati Contoh }",
        `  - { unit: region, metric: coverage, value: 95 }
  - { indicator: dpt3, metric: share, value: 95 }
  - { indicator: polio, metric: coverage, value: 95 }`,
      ).replace(
        "      campak: { coverage: 88.25 }",
        "      campak: { coverage: 88.25 }\n      hepb: { count: 3 }\n      polio4: { potential: 3 }",
      ),
    );
    const byPath = (p: string) => issues.find((i) => i.path === p);
    expect(byPath("targets[0].unit")?.hint).toBe("a target for the whole region leaves out unit:");
    expect(byPath("targets[1].metric")?.message).toBe("an indicator's target is a coverage");
    expect(byPath("targets[2].indicator")?.expected).toBe("one of bcg, dpt3, campak");
    expect(byPath("units[0].indicators.hepb")?.message).toBe('unknown indicator "hepb"');
    expect(byPath("units[0].indicators.hepb")?.line).toBeGreaterThan(20);
  });
});

describe("the measure's words, in every sentence and label", () => {
  it("speaks of children and target infants in Indonesian, never of members or workers", () => {
    const v = views(id);
    const text = [
      ...narrative(v).sentences,
      ...keyFigures(v).flatMap((c) => [c.label, c.value, c.detail ?? ""]),
      ...chartSpecs(v).flatMap((s) => [s.title, s.caption, s.alt]),
      ...indicatorTables(v).flatMap((t) => [t.title, t.countLabel, t.potentialLabel]),
    ].join("\n");
    expect(text).not.toMatch(/peserta|pekerja|kepesertaan|potensi/i);
    expect(text).toContain(
      "Cakupan imunisasi DPT-HB-Hib 3 di Kabupaten Contoh 88,7 persen (2.750 anak dari sasaran 3.100 bayi sasaran).",
    );
    expect(text).toContain(
      "Cakupan imunisasi DPT-HB-Hib 3 di Kabupaten Contoh 88,7 persen, 6,3 poin di bawah target 95 persen yang ditetapkan Bupati Contoh; diperlukan tambahan 195 anak dengan sasaran tetap.",
    );
    expect(text).toContain("Cakupan imunisasi BCG per kecamatan");
  });

  it("speaks of children in English, the singular where one is meant", () => {
    const text = narrative(views(en)).sentences.join(" ");
    expect(text).not.toMatch(/member|worker/i);
    expect(text).toContain(
      "Immunisation coverage of DPT-HB-Hib 3 in Kabupaten Contoh is 88.7 per cent (2,750 children of a target of 3,100 target infants).",
    );
    expect(indicatorTables(views(en)).map((t) => t.title)).toContain(
      "Immunisation coverage, Measles-rubella",
    );
    expect(en.formats.members.one).toBe("{value} member");
    expect(views(en).locale.formats.members.one).toBe("{value} child");
  });

  it("writes money with its own format", async () => {
    const money = await check(`organisation: { name: Bapenda }
period: { as_of: 2024-12 }
measure: { name: { id: rupiah, en: rupiah }, label: Realisasi, format: { id: "Rp{value}", en: "IDR {value}" } }
region: { name: Kota Contoh, unit_label: kecamatan }
units:
  - { id: a, name: A, members: 1500000 }
  - { id: b, name: B, members: 2500000 }
`);
    const sentences = narrative(view(money.briefing, money.derived, id)).sentences;
    expect(sentences[0]).toBe("Hingga Desember 2024, Kota Contoh mencatat Rp4.000.000.");
  });

  it("refuses a format with nowhere for the number", async () => {
    const issues = await refusal(`organisation: { name: Bapenda }
period: { as_of: 2024-12 }
measure: { name: rupiah, format: "Rp" }
region: { name: Kota Contoh, unit_label: kecamatan }
units: [{ id: a, name: A, members: 1 }]
`);
    expect(issues[0]?.path).toBe("measure.format");
  });
});
