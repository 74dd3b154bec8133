/**
 * The PowerPoint deck of a briefing, read back as PowerPoint reads it: a zip of XML parts. Its
 * charts are charts (their figures numbers in the chart's XML and in the workbook embedded
 * beside it, which is what PowerPoint edits), its slides say what the page says, marks included.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Rendered, renderFile, shared } from "../../src/build.js";
import type { BarSpec } from "../../src/chart/specs.js";
import { pptxOf } from "../../src/formats/pptx.js";
import { ROWS_PER_SLIDE } from "../../src/formats/pptx-table.js";
import { example2020, ROOT, removeTempDirs, tempDir } from "../support/files.js";

afterAll(removeTempDirs);

const jateng = path.join(ROOT, "data/jateng/2021-12.yaml");

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decoded = (xml: string): string =>
  xml.replace(/&(#\d+|[a-z]+);/g, (all, name: string) =>
    name.startsWith("#") ? String.fromCharCode(Number(name.slice(1))) : (entities[name] ?? all),
  );

/** A chart part's series: name, categories and values, as PowerPoint caches them. */
interface Series {
  name: string;
  categories: string[];
  values: number[];
}

function seriesOf(chart: string): Series[] {
  return [...chart.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map(([, ser = ""]) => {
    const points = (part: string) =>
      [
        ...(new RegExp(`<c:${part}>([\\s\\S]*?)</c:${part}>`).exec(ser)?.[1] ?? "").matchAll(
          /<c:v>([^<]*)<\/c:v>/g,
        ),
      ].map(([, v = ""]) => decoded(v));
    return {
      name: points("tx")[0] ?? "",
      categories: points("cat"),
      values: points("val").map(Number),
    };
  });
}

interface Deck {
  zip: JSZip;
  /** Each slide's words, in order. */
  slides: string[];
  /** Each slide's chart part, when it has one. */
  charts: (string | undefined)[];
  /** Each slide's chart's embedded workbook. */
  workbooks: (string | undefined)[];
  xml: (name: string) => Promise<string>;
}

/** A relationship's target: from the package's root ("/ppt/…"), or from the part's folder. */
const resolve = (from: string, target: string) =>
  target.startsWith("/") ? target.slice(1) : path.posix.join(path.posix.dirname(from), target);
const relsOf = (part: string) =>
  path.posix.join(path.posix.dirname(part), "_rels", `${path.posix.basename(part)}.rels`);
const targets = (rels: string, type: string) =>
  [...rels.matchAll(/<Relationship [^>]*Type="[^"]*\/(\w+)" Target="([^"]+)"/g)]
    .filter(([, t]) => t === type)
    .map(([, , target = ""]) => target);

async function readDeck(bytes: Uint8Array): Promise<Deck> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`no ${name} in the deck`);
    return file.async("string");
  };
  const presentation = await xml("ppt/presentation.xml");
  const presentationRels = await xml("ppt/_rels/presentation.xml.rels");
  const ids = [...presentation.matchAll(/<p:sldId [^>]*r:id="(rId\d+)"/g)].map(([, id]) => id);
  const slideParts = ids.map((id) => {
    const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(presentationRels)?.[1];
    return resolve("ppt/presentation.xml", target ?? "");
  });
  const slides: string[] = [];
  const charts: (string | undefined)[] = [];
  const workbooks: (string | undefined)[] = [];
  for (const part of slideParts) {
    const slide = await xml(part);
    slides.push(
      [...slide.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map(([, t = ""]) => decoded(t)).join(" "),
    );
    const [chart] = targets(await xml(relsOf(part)), "chart").map((t) => resolve(part, t));
    charts.push(chart && (await xml(chart)));
    const [book] = chart ? targets(await xml(relsOf(chart)), "package") : [];
    workbooks.push(chart && book ? resolve(chart, book) : undefined);
  }
  return { zip, slides, charts, workbooks, xml };
}

const run = shared({});
async function deckOf(file: string, lang?: string): Promise<{ rendered: Rendered; deck: Deck }> {
  const rendered = await renderFile(file, lang ? { lang } : {}, run);
  const bytes = await pptxOf(rendered);
  // Written and read back as a file, as a reader gets it.
  const out = path.join(tempDir(), `${rendered.slug}.pptx`);
  writeFileSync(out, bytes);
  return { rendered, deck: await readDeck(bytes) };
}

describe("the Sumbagsel briefing as a PowerPoint deck (Indonesian)", () => {
  let rendered: Rendered;
  let deck: Deck;
  let words: string;

  beforeAll(async () => {
    ({ rendered, deck } = await deckOf(example2020));
    words = deck.slides.join("\n");
  });

  it("is a whole package: every part it refers to is in it, and typed", async () => {
    const types = await deck.xml("[Content_Types].xml");
    const names = Object.keys(deck.zip.files).filter((name) => !deck.zip.files[name]?.dir);
    for (const rels of names.filter((name) => name.endsWith(".rels"))) {
      // The part a .rels file speaks for: a/_rels/b.xml.rels is a/b.xml's, _rels/.rels the root's.
      const base = rels.replace(/(^|\/)_rels\/([^/]*)\.rels$/, "$1$2");
      for (const [, target = "", mode] of (await deck.xml(rels)).matchAll(
        /Target="([^"]+)"(?: TargetMode="(\w+)")?/g,
      )) {
        if (mode === "External") continue;
        const part = resolve(base, target);
        expect(names, `${rels} → ${target}`).toContain(part);
      }
    }
    const charts = names.filter((name) => /^ppt\/charts\/chart\d+\.xml$/.test(name));
    expect(charts).toHaveLength(rendered.specs.length);
    for (const chart of charts) {
      expect(types).toContain(
        `PartName="/${chart}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"`,
      );
    }
    expect(types).toMatch(/Extension="xlsx"/);
  });

  it("draws each chart as a native chart whose data are the spec's numbers", () => {
    const drawn = deck.charts.filter((chart): chart is string => chart !== undefined);
    expect(drawn).toHaveLength(2);
    const [share, stacked] = drawn as [string, string];
    const spec = rendered.specs[0] as BarSpec;
    const [bars] = seriesOf(share);
    // First on top, as on the page: PowerPoint draws the first category at the bottom.
    expect(bars?.values).toEqual([...spec.values].reverse());
    expect(bars?.categories.at(-1)).toBe("Sumatera Selatan");
    expect(share).toContain('<c:barDir val="bar"/>');
    // Percentages as numbers, labelled with the briefing's one decimal.
    expect(bars?.values.at(-1)).toBeCloseTo(36.6707, 4);
    expect(share).toContain('formatCode="0.0&quot;%&quot;"');

    const series = seriesOf(stacked);
    expect(stacked).toContain('<c:grouping val="stacked"/>');
    expect(series.map((s) => s.name)).toEqual([
      "Penerima Upah",
      "Bukan Penerima Upah",
      "Jasa Konstruksi",
      "Jumlah",
    ]);
    const total = series[3] as Series;
    expect(total.values[total.categories.indexOf("Sumatera Selatan")]).toBe(2916275);
    expect(series[0]?.values).toContain(1652310);
    expect(stacked).toContain('formatCode="#,##0"');
  });

  it("marks a category whose figure the page marks, and says what the mark means", () => {
    const [share] = seriesOf(deck.charts.find(Boolean) ?? "");
    expect(share?.categories).toContain("Lampung*");
    expect(share?.categories).not.toContain("Sumatera Selatan*");
    const chartSlide = deck.slides.find((s) => s.includes(rendered.model.charts[0]?.title ?? "?"));
    expect(chartSlide).toContain(
      "* Data ilustrasi: angka ini, atau angka yang mendasarinya, bukan angka resmi.",
    );
  });

  it("embeds each chart's workbook, which holds its figures for PowerPoint to edit", async () => {
    const books = deck.workbooks.filter((book): book is string => book !== undefined);
    expect(books).toHaveLength(2);
    for (const book of books) expect(book).toMatch(/^ppt\/embeddings\/.+\.xlsx$/);
    const file = deck.zip.file(books[1] as string);
    const workbook = await JSZip.loadAsync(await (file as JSZip.JSZipObject).async("uint8array"));
    const sheet = await workbook.file("xl/worksheets/sheet1.xml")?.async("string");
    expect(sheet).toContain("<v>2916275</v>");
  });

  it("says each chart's finding as its title, and a target line in words", () => {
    for (const chart of rendered.model.charts) expect(words).toContain(chart.title);
    expect(words).toContain("Target Sumatera Selatan: 63%");
  });

  it("shows the cover, the meeting, the key figures and the messages as the page writes them", () => {
    const [cover = "", meeting = "", figures = "", messages = ""] = deck.slides;
    expect(cover).toContain("BPJS Ketenagakerjaan");
    expect(cover).toContain("Audiensi dengan Gubernur Sumatera Selatan");
    expect(cover).toContain("Senin, 16 November 2020");
    expect(meeting).toContain("Sosialisasi Paritrana Award 2020");
    expect(meeting).toContain("Yose Rizal");
    expect(figures).toContain("Angka kunci");
    expect(figures).toContain("7.952.597");
    expect(messages).toContain("Hingga Oktober 2020, Sumbagsel mencatat 7.952.597 peserta.");
    expect(messages).toContain("56,7 persen* atau 1.652.310* peserta");
    expect(messages).toContain("* Data ilustrasi");
  });

  it("sets the tables as the page does, marks and dashes included, and its sources", () => {
    const table = deck.slides.find((s) => s.startsWith("Rincian per wilayah")) ?? "";
    expect(table).toContain("2.916.275");
    expect(table).toContain("2.310.418*");
    expect(table).toContain("29,1%*");
    expect(deck.slides.at(-1)).toContain("Liputan6.com");
    expect(deck.slides.at(-1)).toContain("Catatan");
  });

  it("is set in Source Sans 3, in Indonesian, with the briefing's title and organisation", async () => {
    const parts = Object.keys(deck.zip.files).filter((n) =>
      /^ppt\/(slides|charts)\/\w+\.xml$/.test(n),
    );
    for (const part of parts) {
      const xml = await deck.xml(part);
      for (const [, face] of xml.matchAll(/<a:latin typeface="([^"]+)"/g))
        expect(face).toBe("Source Sans 3");
    }
    // Every run of text says its language (PowerPoint proofs it so), tables' cells included.
    for (const part of parts.filter((name) => name.includes("/slides/"))) {
      const langs = [...(await deck.xml(part)).matchAll(/<a:r><a:rPr lang="([^"]+)"/g)];
      expect(langs.length, part).toBeGreaterThan(0);
      for (const [, lang] of langs) expect(lang, part).toBe("id-ID");
    }
    expect(await deck.xml("docProps/core.xml")).toContain(
      "<dc:title>Audiensi dengan Gubernur Sumatera Selatan</dc:title>",
    );
    expect(await deck.xml("docProps/app.xml")).toContain("<Company>BPJS Ketenagakerjaan</Company>");
  });

  it("escapes an organisation's name where pptxgenjs writes it as it is", async () => {
    const named = { ...rendered, model: { ...rendered.model, organisation: "Dinas & <Kantor>" } };
    const app = await (await readDeck(await pptxOf(named))).xml("docProps/app.xml");
    expect(app).toContain("<Company>Dinas &#38; &#60;Kantor&#62;</Company>");
  });
});

describe("the Sumbagsel briefing as a deck in English", () => {
  it("writes English words and figures", async () => {
    const { rendered, deck } = await deckOf(example2020, "en");
    const words = deck.slides.join("\n");
    expect(words).toContain("Audience with the Governor of South Sumatra");
    expect(words).toContain("Key figures");
    expect(words).toContain("7,952,597");
    expect(words).not.toContain("Angka kunci");
    for (const chart of rendered.model.charts) expect(words).toContain(chart.title);
    expect(words).toContain("* Illustrative: this figure");
    expect(await deck.xml("ppt/slides/slide1.xml")).toContain('lang="en-GB"');
    const [share] = seriesOf(deck.charts.find(Boolean) ?? "");
    expect(share?.categories).toContain("South Sumatra");
  });
});

describe("the Central Java health briefing as a deck", () => {
  let rendered: Rendered;
  let deck: Deck;

  beforeAll(async () => {
    ({ rendered, deck } = await deckOf(jateng));
  });

  it("draws each indicator's chart in the template set's colour, with the spec's figures", () => {
    const drawn = deck.charts.filter((chart): chart is string => chart !== undefined);
    expect(drawn).toHaveLength(rendered.specs.length);
    rendered.specs.forEach((spec, i) => {
      const [series] = seriesOf(drawn[i] ?? "");
      expect(series?.values).toEqual([...(spec as BarSpec).values].reverse());
    });
    // templates/dinkes/template.yaml's own colour for vita_bayi, as the page draws it.
    expect(drawn[0]).toContain('<a:srgbClr val="DDAA33"/>');
  });

  it("splits a long table over slides, its header on each", () => {
    const table = rendered.model.indicatorTables[0];
    const count = table?.rows.length ?? 0;
    expect(count).toBeGreaterThan(ROWS_PER_SLIDE);
    const parts = deck.slides.filter((s) => s.startsWith(table?.title ?? "?"));
    expect(parts).toHaveLength(Math.ceil(count / ROWS_PER_SLIDE));
    expect(parts[0]).toContain(`(1–12 dari ${count})`);
    for (const part of parts) expect(part).toContain(table?.countLabel ?? "?");
    // Every row once: the first in the first part, the total in the last.
    expect(parts[0]).toContain(table?.rows[0]?.name ?? "?");
    expect(parts.at(-1)).toContain(table?.rows.at(-1)?.name ?? "?");
  });
});
