/**
 * `-f png` and `-f svg`: each chart of a briefing as a picture of its own, with its finding,
 * unit, marks, source and maker inside it; text as text in the SVG, drawn at 2× in the PNG.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createCanvas, loadImage } from "canvas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildArchive } from "../../src/archive/run.js";
import { build } from "../../src/build.js";
import { fixtureArchive } from "../support/archive.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";

afterAll(removeTempDirs);

let out: string;
let files: string[];
beforeAll(async () => {
  out = tempDir();
  const [built] = await build({
    files: [path.join(ROOT, "data/sumbagsel/2020-10.yaml")],
    outDir: out,
    formats: ["png", "svg"],
  });
  files = (built?.files ?? []).map((file) => path.basename(file));
});

const texts = (svg: string) =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => (m[1] ?? "").replace(/&#42;/g, "*"));

describe("a briefing's charts as pictures", () => {
  it("writes one PNG and one SVG per chart, named after the chart, and no page", () => {
    expect(files).toEqual([
      "sumbagsel-2020-10-units-share.png",
      "sumbagsel-2020-10-segments-by-unit.png",
      "sumbagsel-2020-10-units-share.svg",
      "sumbagsel-2020-10-segments-by-unit.svg",
    ]);
  });

  it("says in the SVG, as text, the finding, the unit, the figures with their marks, the marks' meaning, the source and the maker", () => {
    const svg = readFileSync(path.join(out, "sumbagsel-2020-10-segments-by-unit.svg"), "utf8");
    const words = texts(svg);
    expect(words[0]).toBe("Penerima Upah terbesar di semua provinsi");
    expect(words).toContain("Peserta per segmen");
    expect(words).toContain("2.916.275");
    expect(words).toContain("2.310.418*");
    expect(words.join(" ")).toContain(
      "* Data ilustrasi: angka ini, atau angka yang mendasarinya, bukan angka resmi.",
    );
    expect(words).toContain("Sumber: Liputan6.com, 16 November 2020");
    expect(words.join(" ")).toContain(
      "BPJS Ketenagakerjaan · Kantor Wilayah Sumatera Bagian Selatan",
    );
    // Self-contained: the font embedded, the chart inline, nothing fetched.
    expect(svg).toContain("@font-face");
    expect(svg).not.toMatch(/(?:href|src)="(?!data:)|url\((?!data:)/);
    expect(svg.match(/https?:\/\/[^"]*/g)).toEqual(["http://www.w3.org/2000/svg"]);
  });

  it("draws the PNG at twice the SVG's size, its words in ink on white", async () => {
    const svg = readFileSync(path.join(out, "sumbagsel-2020-10-units-share.svg"), "utf8");
    const width = Number(/width="([\d.]+)"/.exec(svg)?.[1]);
    const height = Number(/height="([\d.]+)"/.exec(svg)?.[1]);
    const image = await loadImage(path.join(out, "sumbagsel-2020-10-units-share.png"));
    expect(image.width).toBe(Math.ceil(width * 2));
    expect(image.height).toBe(Math.ceil(height * 2));
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext("2d");
    ctx.drawImage(image, 0, 0);
    // The title's band (the first 50 px at 2×) holds dark ink; a corner is white.
    const band = ctx.getImageData(0, 0, image.width, 50).data;
    let ink = 0;
    for (let i = 0; i < band.length; i += 4) if ((band[i] ?? 255) < 80) ink++;
    expect(ink).toBeGreaterThan(500);
    expect([...ctx.getImageData(1, 1, 1, 1).data]).toEqual([255, 255, 255, 255]);
  });
});

describe("an archive built with -f html,png", () => {
  it("links each chart's picture from the index, by its chart, beside the page", async () => {
    const archive = fixtureArchive();
    const result = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      formats: ["html", "png"],
      onIssue: () => {},
    });
    expect(result.failed).toEqual([]);
    const index = readFileSync(path.join(archive.out, "index.html"), "utf8");
    expect(index).toMatch(
      /<a href="2024-03\/alpha\.html"[^>]*>HTML<\/a> · PNG: <a href="2024-03\/alpha-[a-z-]+\.png"/,
    );
    const manifest = JSON.parse(readFileSync(path.join(archive.out, "manifest.json"), "utf8")) as {
      briefings: { outputs: { path: string; format?: string }[] }[];
    };
    for (const b of manifest.briefings)
      for (const o of b.outputs) expect(o.format).toBe(o.path.endsWith(".html") ? "html" : "png");
    // A later build that names no format keeps the archive's: nothing to rebuild.
    const again = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      onIssue: () => {},
    });
    expect(again.built).toEqual([]);
    expect(
      JSON.parse(readFileSync(path.join(archive.out, "manifest.json"), "utf8")).formats,
    ).toEqual(["html", "png"]);
  });
});
