/**
 * A template set's colours reach what is drawn and printed: the charts (read back pixel by
 * pixel from the image the HTML embeds), the tables' colour keys, the index's accent; a chart
 * in another theme is another chart; a changed colour rebuilds the archive's briefings.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createCanvas, loadImage } from "canvas";
import { afterAll, describe, expect, it } from "vitest";
import { buildArchive } from "../../src/archive/run.js";
import { build } from "../../src/build.js";
import { ChartRenderer } from "../../src/chart/canvas.js";
import type { StackedSpec } from "../../src/chart/specs.js";
import { colourOf, PALETTE, theme } from "../../src/chart/theme.js";
import { figureText } from "../../src/locale/figure-text.js";
import { loadLocale } from "../../src/locale/locale.js";
import { DEFAULT_TEMPLATES } from "../../src/render/templates.js";
import { example2018, example2020, ROOT, removeTempDirs, tempDir } from "../support/files.js";

afterAll(removeTempDirs);

function templateSet(yaml: string): string {
  const dir = tempDir("briefing-theme-");
  writeFileSync(path.join(dir, "template.yaml"), yaml);
  return dir;
}

/** The example briefing built to HTML (no browser needed) with a template set; its page. */
async function page(templates?: string): Promise<string> {
  const outDir = tempDir("briefing-theme-out-");
  const [built] = await build({
    files: [example2020],
    outDir,
    formats: ["html"],
    onIssue: () => {},
    ...(templates ? { templates } : {}),
  });
  if (!built?.html) throw new Error("no HTML built");
  return readFileSync(built.html, "utf8");
}

/** The chart images a page embeds, by chart id. */
function chartImages(html: string): Map<string, Buffer> {
  const images = new Map<string, Buffer>();
  for (const m of html.matchAll(
    /<figure class="chart" id="chart-([^"]+)">[\s\S]*?href="data:image\/svg\+xml;base64,([^"]+)"/g,
  )) {
    images.set(m[1] as string, Buffer.from(m[2] as string, "base64"));
  }
  return images;
}

/** How many pixels of an SVG, drawn at its size, are (near enough) this colour. */
async function pixelsOf(svg: Buffer, hex: string): Promise<number> {
  const image = await loadImage(svg);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ];
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    const near =
      Math.abs((data[i] ?? 0) - r) +
      Math.abs((data[i + 1] ?? 0) - g) +
      Math.abs((data[i + 2] ?? 0) - b);
    if (near < 24 && (data[i + 3] ?? 0) > 200) count++;
  }
  return count;
}

/** The colour key drawn before a header or row name, as the page has it. */
const swatchBefore = (html: string, name: string) =>
  new RegExp(`<rect [^>]*fill="(#[0-9a-f]{6})"/></svg>${name}`).exec(html)?.[1];

describe("colours: { pu: '#ff0000' }", () => {
  it("draws PU red in the chart by segment, keys it red in both tables, and keeps the other segments' palette colours", async () => {
    const plain = await page();
    const red = await page(templateSet('colours: { pu: "#ff0000" }\n'));

    const before = chartImages(plain).get("segments-by-unit");
    const after = chartImages(red).get("segments-by-unit");
    if (!before || !after) throw new Error("no chart of segments by unit");
    expect(await pixelsOf(before, "#ff0000")).toBe(0);
    // Five bars' PU parts and the legend's box: thousands of pixels.
    expect(await pixelsOf(after, "#ff0000")).toBeGreaterThan(2000);
    expect(await pixelsOf(after, "#002b5b")).toBe(0);
    expect(await pixelsOf(after, "#d9a62f")).toBeGreaterThan(500);

    // The unit table's column head and the segment table's row.
    expect(swatchBefore(plain, "PU")).toBe("#002b5b");
    expect(swatchBefore(red, "PU")).toBe("#ff0000");
    expect(swatchBefore(red, "Penerima Upah")).toBe("#ff0000");
    expect(swatchBefore(red, "BPU")).toBe("#d9a62f");
    expect(swatchBefore(red, "Bukan Penerima Upah")).toBe("#d9a62f");
  });

  it("draws the accent in the focus unit's bar and on the page", async () => {
    const html = await page(templateSet('accent: "#7a1fa2"\n'));
    const units = chartImages(html).get("units-share");
    if (!units) throw new Error("no chart of units");
    expect(await pixelsOf(units, "#7a1fa2")).toBeGreaterThan(1000);
    expect(html).toContain(":root { --accent: #7a1fa2; }");
  });
});

describe("a chart in another theme", () => {
  it("is another chart: drawn again, not taken from the cache", async () => {
    const fmt = figureText(await loadLocale([DEFAULT_TEMPLATES], "id"), 1);
    const spec: StackedSpec = {
      kind: "stacked",
      id: "segments-by-unit",
      title: "t",
      subtitle: "s",
      caption: "c",
      illustrative: false,
      legend: [],
      alt: "a",
      categories: ["A", "B"],
      series: [
        { id: "pu", label: "PU", values: [3, 4] },
        { id: "bpu", label: "BPU", values: [1, 2] },
      ],
      totals: ["4", "6"],
      format: "count",
      highlight: [],
    };
    const renderer = new ChartRenderer();
    const plain = renderer.render(spec, fmt);
    const red = renderer.render(spec, fmt, { ...theme, colours: { pu: "#ff0000" } });
    const again = renderer.render(spec, fmt, { ...theme, colours: { pu: "#ff0000" } });
    expect(renderer.rendered).toBe(2);
    expect(red.src).not.toBe(plain.src);
    expect(again.src).toBe(red.src);
    expect(colourOf({ ...theme, colours: { pu: "#ff0000" } }, "pu", 0)).toBe("#ff0000");
  });
});

describe("an archive", () => {
  it("rebuilds its briefings when a colour changes, and its index takes the accent", async () => {
    const root = tempDir("briefing-theme-archive-");
    const data = path.join(root, "data");
    mkdirSync(path.join(data, "sumbagsel"), { recursive: true });
    cpSync(example2020, path.join(data, "sumbagsel", "2020-10.yaml"));
    const out = path.join(root, "out");
    const templates = templateSet('colours: { pu: "#ff0000" }\n');
    const run = () =>
      buildArchive({ dataDir: data, outDir: out, templates, formats: ["html"], onIssue: () => {} });

    expect((await run()).built).toEqual(["2020-10/sumbagsel"]);
    expect((await run()).skipped).toEqual(["2020-10/sumbagsel"]);
    const index = () => readFileSync(path.join(out, "index.html"), "utf8");
    expect(index()).toContain("h1 { color: #0f4c81;");

    writeFileSync(
      path.join(templates, "template.yaml"),
      'colours: { pu: "#00aa00" }\naccent: "#7a1fa2"\n',
    );
    expect((await run()).built).toEqual(["2020-10/sumbagsel"]);
    const html = readFileSync(path.join(out, "2020-10", "sumbagsel.html"), "utf8");
    expect(swatchBefore(html, "PU")).toBe("#00aa00");
    expect(index()).toContain("h1 { color: #7a1fa2;");
  });
});

describe("an archive's segments", () => {
  /** The colour keys of a built page's segment table, by segment name. */
  const keys = (html: string) => ({
    pu: swatchBefore(html, "Penerima Upah"),
    bpu: swatchBefore(html, "Bukan Penerima Upah"),
    jakon: swatchBefore(html, "Jasa Konstruksi"),
  });
  const archived = { pu: PALETTE[0], bpu: PALETTE[1], jakon: PALETTE[2] };

  it("keep one colour each in every briefing, whatever order a file lists them in, and a briefing is rebuilt only when its colours move", async () => {
    const root = tempDir("briefing-theme-slots-");
    const data = path.join(root, "data");
    const out = path.join(root, "out");
    const place = (from: string, series: string, period: string) => {
      mkdirSync(path.join(data, series), { recursive: true });
      cpSync(from, path.join(data, series, `${period}.yaml`));
    };
    const run = () =>
      buildArchive({ dataDir: data, outDir: out, formats: ["html"], onIssue: () => {} });
    const read = (key: string) => readFileSync(path.join(out, `${key}.html`), "utf8");

    // Sumatera Selatan 2018 lists Jakon first: alone, it takes the first colour.
    place(example2018, "sumsel", "2018-10");
    expect((await run()).built).toEqual(["2018-10/sumsel"]);
    expect(keys(read("2018-10/sumsel"))).toEqual({
      pu: PALETTE[1],
      bpu: PALETTE[2],
      jakon: PALETTE[0],
    });

    // December 2017 lists PU, BPU, Jakon and comes first: 2018 is redrawn in its colours.
    place(path.join(ROOT, "data/sumbagsel/2017-12.yaml"), "sumbagsel", "2017-12");
    expect((await run()).built.sort()).toEqual(["2017-12/sumbagsel", "2018-10/sumsel"]);
    expect(keys(read("2017-12/sumbagsel"))).toEqual(archived);
    expect(keys(read("2018-10/sumsel"))).toEqual(archived);

    // A later briefing of the same segments moves no colour: nothing else is rebuilt.
    place(example2020, "sumbagsel", "2020-10");
    const third = await run();
    expect(third.built).toEqual(["2020-10/sumbagsel"]);
    expect(third.skipped.sort()).toEqual(["2017-12/sumbagsel", "2018-10/sumsel"]);
    expect(keys(read("2020-10/sumbagsel"))).toEqual(archived);
  });

  it("built together with `build`, take the colours the archive gives them", async () => {
    const outDir = tempDir("briefing-theme-together-");
    const built = await build({
      files: [example2018, path.join(ROOT, "data/sumbagsel/2017-12.yaml")],
      outDir,
      formats: ["html"],
      onIssue: () => {},
    });
    for (const one of built)
      expect(keys(readFileSync(one.html as string, "utf8"))).toEqual(archived);
  });
});
