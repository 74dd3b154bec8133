/**
 * Archival PDF (--pdfa): each PDF/A-3b clause the README says is checked here, read back with
 * the tools a reader has (pdfinfo, pdffonts, pdfdetach, qpdf --json), and `briefing verify`
 * on a fresh PDF, on one whose data or figures record was changed, and on one without them.
 * No PDF/A validator runs here: these are the clauses we can see.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildArchive } from "../../src/archive/run.js";
import { briefing } from "../support/cli.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { pdfFonts, pdfInfo } from "../support/pdf.js";

afterAll(removeTempDirs);

const SMALL = path.join(ROOT, "test/fixtures/ok/small.yaml");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");
const md5 = (data: Uint8Array) => createHash("md5").update(data).digest("hex");

type Json = Record<string, unknown>;
/** qpdf's JSON v2: every object by "obj:N 0 R", and the trailer. */
function qpdfObjects(file: string): Record<string, { value?: unknown; stream?: { dict: Json } }> {
  const out = execFileSync("qpdf", ["--json=2", "--json-key=qpdf", file], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(out) as { qpdf: [unknown, Record<string, never>] }).qpdf[1];
}
const dictOf = (o: { value?: unknown; stream?: { dict: Json } }): Json | undefined =>
  (o.stream?.dict ?? (typeof o.value === "object" ? o.value : undefined)) as Json | undefined;
const num = (ref: unknown) => Number(/^(\d+) 0 R$/.exec(String(ref))?.[1]);
const streamData = (file: string, ref: unknown): Buffer =>
  execFileSync("qpdf", [`--show-object=${num(ref)}`, "--filtered-stream-data", file]);

function attachmentsOf(file: string, dir: string): Map<string, Buffer> {
  execFileSync("pdfdetach", ["-saveall", "-o", dir, file]);
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]));
}

/** A copy of an archival PDF with one attachment's bytes replaced (as pdf-lib writes it). */
async function withAttachment(file: string, name: string, bytes: Uint8Array, to: string) {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const tree = doc.catalog
    .lookup(PDFName.of("Names"), PDFDict)
    .lookup(PDFName.of("EmbeddedFiles"), PDFDict);
  const list = tree.lookup(PDFName.of("Names"), PDFArray).asArray();
  const at = list.findIndex((v) => v instanceof PDFHexString && v.decodeText() === name);
  expect(at).toBeGreaterThanOrEqual(0);
  const spec = doc.context.lookup(list[at + 1], PDFDict);
  const ef = spec.lookup(PDFName.of("EF"), PDFDict);
  const old = doc.context.lookup(ef.get(PDFName.of("F")));
  if (!(old instanceof PDFRawStream)) throw new Error("not an embedded file stream");
  const stream = doc.context.flateStream(bytes, {
    Type: "EmbeddedFile",
    Subtype: old.dict.get(PDFName.of("Subtype")),
  });
  const ref = doc.context.register(stream);
  ef.set(PDFName.of("F"), ref);
  ef.set(PDFName.of("UF"), ref);
  writeFileSync(to, await doc.save({ useObjectStreams: false }));
}

describe("briefing build --pdfa: one file", () => {
  let out: string;
  let pdf: string;
  let objects: ReturnType<typeof qpdfObjects>;
  let catalog: Json;
  let xmp: string;
  beforeAll(() => {
    out = tempDir();
    const run = briefing(["build", SMALL, "--pdfa", "-f", "pdf", "-o", out]);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.status).toBe(0);
    pdf = path.join(out, "small.pdf");
    objects = qpdfObjects(pdf);
    catalog = Object.values(objects)
      .map(dictOf)
      .find((d) => d?.["/Type"] === "/Catalog") as Json;
    xmp = execFileSync("pdfinfo", ["-meta", pdf], { encoding: "utf8" });
  }, 180_000);

  it("6.1.2: a %PDF-1.7 header and a comment of four bytes above 127", () => {
    const head = readFileSync(pdf).subarray(0, 15);
    expect(head.subarray(0, 10).toString("latin1")).toBe("%PDF-1.7\n%");
    expect([...head.subarray(10, 14)].every((b) => b > 127)).toBe(true);
  });

  it("6.1.3: the trailer has an /ID of two 16-byte strings and no /Encrypt; qpdf finds no error", () => {
    const trailer = dictOf(objects.trailer as never) as Json;
    const id = trailer["/ID"] as string[];
    expect(id).toHaveLength(2);
    for (const part of id) expect(part).toMatch(/^b:[0-9a-f]{32}$/);
    expect(trailer["/Encrypt"]).toBeUndefined();
    expect(pdfInfo(pdf).Encrypted).toBe("no");
    expect(execFileSync("qpdf", ["--check", pdf], { encoding: "utf8" })).toContain(
      "No syntax or stream encoding errors",
    );
  });

  it("6.6.2: XMP in the catalog, unfiltered, pdfaid part 3 conformance B, no bytes/encoding attributes", () => {
    const metadata = dictOf(objects[`obj:${num(catalog["/Metadata"])} 0 R`] as never) as Json;
    expect(metadata).toMatchObject({ "/Type": "/Metadata", "/Subtype": "/XML" });
    expect(metadata["/Filter"]).toBeUndefined();
    expect(xmp).toContain("<pdfaid:part>3</pdfaid:part>");
    expect(xmp).toContain("<pdfaid:conformance>B</pdfaid:conformance>");
    expect(xmp).not.toMatch(/<\?xpacket[^>]*(bytes|encoding)=/);
    expect(xmp.trimEnd()).toMatch(/<\?xpacket end="w"\?>$/);
  });

  it("6.6.2.3: the Info dictionary and the XMP say the same: title, author, subject, keywords, tools, dates, language", () => {
    const info = pdfInfo(pdf);
    const one = (re: RegExp) => re.exec(xmp)?.[1];
    expect(one(/<dc:title><rdf:Alt><rdf:li xml:lang="x-default">(.*?)<\/rdf:li>/)).toBe(info.Title);
    expect(one(/<dc:creator><rdf:Seq><rdf:li>(.*?)<\/rdf:li>/)).toBe(info.Author);
    expect(one(/<dc:description><rdf:Alt><rdf:li xml:lang="x-default">(.*?)<\/rdf:li>/)).toBe(
      info.Subject,
    );
    expect(one(/<pdf:Keywords>(.*?)</)).toBe(info.Keywords);
    expect(one(/<xmp:CreatorTool>(.*?)</)).toBe(info.Creator);
    expect(one(/<pdf:Producer>(.*?)</)).toBe(info.Producer);
    // The meeting's date, 2020-11-16, as the file says it.
    expect(info.CreationDate).toBe("2020-11-16T00:00:00Z");
    expect(one(/<xmp:CreateDate>(.*?)</)).toBe(info.CreationDate);
    expect(one(/<xmp:ModifyDate>(.*?)</)).toBe(info.ModDate);
    expect(one(/<xmp:MetadataDate>(.*?)</)).toBe(info.ModDate);
    expect(one(/<dc:language><rdf:Bag><rdf:li>(.*?)</)).toBe("id");
    expect(catalog["/Lang"]).toBe("u:id");
    const id = (dictOf(objects.trailer as never) as Json)["/ID"] as string[];
    expect(one(/<xmpMM:DocumentID>uuid:(.*?)</)?.replace(/-/g, "")).toBe(id[0]?.slice(2));
  });

  it("6.6.2.3.3: briefing's own XMP property is declared in a PDF/A extension schema", () => {
    const ns = /xmlns:briefing="([^"]+)"/.exec(xmp)?.[1];
    expect(ns).toBeDefined();
    expect(xmp).toContain(`<pdfaSchema:namespaceURI>${ns}</pdfaSchema:namespaceURI>`);
    expect(xmp).toContain("<pdfaSchema:prefix>briefing</pdfaSchema:prefix>");
    expect(xmp).toContain("<pdfaProperty:name>sources</pdfaProperty:name>");
  });

  it("6.2.2/6.2.3: a GTS_PDFA1 OutputIntent with an RGB ICC profile (N 3), the shipped sRGB.icc", () => {
    const intents = catalog["/OutputIntents"] as Json[];
    expect(intents).toHaveLength(1);
    const intent = intents[0] as Json;
    expect(intent["/S"]).toBe("/GTS_PDFA1");
    expect(intent["/OutputConditionIdentifier"]).toBe("u:sRGB IEC61966-2.1");
    const profile = dictOf(objects[`obj:${num(intent["/DestOutputProfile"])} 0 R`] as never);
    expect(profile?.["/N"]).toBe(3);
    const bytes = streamData(pdf, intent["/DestOutputProfile"]);
    expect(bytes.subarray(12, 20).toString("latin1")).toBe("mntrRGB ");
    expect(sha256(bytes)).toBe(sha256(readFileSync(path.join(ROOT, "icc/sRGB.icc"))));
  });

  it("6.8: the YAML is attached byte for byte as /Source, listed in /AF, with MIME type, size, ModDate and MD5; its sha256 is in the XMP", () => {
    const specs = (catalog["/AF"] as string[]).map(
      (ref) => dictOf(objects[`obj:${num(ref)} 0 R`] as never) as Json,
    );
    const byName = new Map(specs.map((s) => [String(s["/UF"]).slice(2), s]));
    expect([...byName.keys()].sort()).toEqual(["briefing-figures.json", "small.yaml"]);
    const source = readFileSync(SMALL);
    const yaml = byName.get("small.yaml") as Json;
    expect(yaml["/AFRelationship"]).toBe("/Source");
    expect(yaml["/F"]).toBe("u:small.yaml");
    expect(byName.get("briefing-figures.json")?.["/AFRelationship"]).toBe("/Data");
    const ef = (yaml["/EF"] as Json)["/F"];
    const stream = dictOf(objects[`obj:${num(ef)} 0 R`] as never) as Json;
    expect(stream["/Subtype"]).toBe("/application/yaml");
    const params = stream["/Params"] as Json;
    expect(params["/Size"]).toBe(source.length);
    expect(params["/ModDate"]).toBe("u:D:20201116000000Z");
    expect(params["/CheckSum"]).toBe(`b:${md5(source)}`);
    // Listed in the EmbeddedFiles name tree too, and read back by poppler as the same bytes.
    const embedded = ((catalog["/Names"] as Json)["/EmbeddedFiles"] as Json)["/Names"] as string[];
    expect(embedded.filter((_, i) => i % 2 === 0)).toEqual([
      "u:briefing-figures.json",
      "u:small.yaml",
    ]);
    const attached = attachmentsOf(pdf, tempDir());
    expect(sha256(attached.get("small.yaml") as Buffer)).toBe(sha256(source));
    expect(xmp).toContain(`<rdf:li>sha256:${sha256(source)} small.yaml</rdf:li>`);
    const record = JSON.parse(String(attached.get("briefing-figures.json")));
    expect(record.files).toEqual([
      { name: "small.yaml", sha256: sha256(source), role: "briefing" },
    ]);
    expect(record.figures["derived.units[jambi].members.value"]).toBe(690514 + 147203);
  });

  it("6.2.11.4: every font is embedded (Chromium embeds subsets)", () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
  });

  it("6.1.7, 6.2.8, 6.3.2, 6.5: no external or LZW streams, no interpolated images, annotations printed, no JavaScript or Launch actions", () => {
    for (const object of Object.values(objects)) {
      const d = dictOf(object as never);
      if (!d) continue;
      for (const key of ["/F", "/FFilter", "/FDecodeParms"]) {
        if (object.stream) expect(d[key]).toBeUndefined();
      }
      expect(JSON.stringify(d["/Filter"] ?? "")).not.toContain("LZW");
      if (d["/Subtype"] === "/Image") expect(d["/Interpolate"] ?? false).toBe(false);
      if (d["/Type"] === "/Annot") expect(Number(d["/F"]) & 4).toBe(4);
      expect(["/JavaScript", "/Launch"]).not.toContain(d["/S"]);
      expect(d["/AA"]).toBeUndefined();
    }
  });

  it("the same input gives the same bytes", () => {
    const again = tempDir();
    expect(briefing(["build", SMALL, "--pdfa", "-f", "pdf", "-o", again]).status).toBe(0);
    expect(sha256(readFileSync(path.join(again, "small.pdf")))).toBe(sha256(readFileSync(pdf)));
  }, 120_000);

  it("verify: a fresh PDF matches its data (exit 0)", () => {
    const run = briefing(["verify", pdf]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/small\.pdf: matches its data \(\d+ figures from small\.yaml\)/);
    expect(run.status).toBe(0);
  });

  it("verify: a PDF whose YAML was swapped does not (exit 1), and says which figures differ", async () => {
    const swapped = path.join(tempDir(), "swapped.pdf");
    const yaml = readFileSync(SMALL, "utf8").replace("pu: 690514", "pu: 690000");
    await withAttachment(pdf, "small.yaml", Buffer.from(yaml), swapped);
    const run = briefing(["verify", swapped]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("does not match its data");
    expect(run.stdout).toContain(`small.yaml sha256: printed ${sha256(readFileSync(SMALL))}`);
    expect(run.stdout).toContain(
      `derived.units[jambi].members.value: printed ${690514 + 147203}, now ${690000 + 147203}`,
    );
  }, 60_000);

  it("verify: a PDF whose figures record was changed does not (exit 1)", async () => {
    const changed = path.join(tempDir(), "changed.pdf");
    const attached = attachmentsOf(pdf, tempDir());
    const record = JSON.parse(String(attached.get("briefing-figures.json")));
    record.figures["derived.units[lampung].members.value"] = 1;
    await withAttachment(
      pdf,
      "briefing-figures.json",
      Buffer.from(JSON.stringify(record)),
      changed,
    );
    const run = briefing(["verify", changed]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      `derived.units[lampung].members.value: printed 1, now ${1402116 + 356880}`,
    );
  }, 60_000);

  it("verify: a PDF without attachments, or not a PDF, is not an archival briefing (exit 2)", () => {
    const plain = tempDir();
    expect(briefing(["build", SMALL, "-f", "pdf", "-o", plain]).status).toBe(0);
    const run = briefing(["verify", path.join(plain, "small.pdf")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("carries no figures record");
    expect(run.stderr).toContain("--pdfa");
    const notPdf = briefing(["verify", SMALL]);
    expect(notPdf.status).toBe(2);
    expect(notPdf.stderr).toContain("is not a PDF");
  }, 120_000);

  it("without --pdfa the PDF stays plain: no XMP, OutputIntent, ID or attachments", () => {
    const plain = tempDir();
    expect(briefing(["build", SMALL, "-f", "pdf", "-o", plain]).status).toBe(0);
    const file = path.join(plain, "small.pdf");
    const objs = qpdfObjects(file);
    const cat = Object.values(objs)
      .map(dictOf)
      .find((d) => d?.["/Type"] === "/Catalog") as Json;
    expect(Object.keys(cat)).not.toEqual(expect.arrayContaining(["/Metadata"]));
    expect(cat["/OutputIntents"]).toBeUndefined();
    expect(cat["/AF"]).toBeUndefined();
    expect((dictOf(objs.trailer as never) as Json)["/ID"]).toBeUndefined();
  }, 120_000);
});

describe("an archive built with --pdfa", () => {
  let data: string;
  let out: string;
  beforeAll(async () => {
    data = tempDir();
    cpSync(path.join(ROOT, "test/fixtures/archive-gaps"), data, { recursive: true });
    out = tempDir();
    const result = await buildArchive({ dataDir: data, outDir: out, pdfa: true });
    expect(result.failed).toEqual([]);
  }, 180_000);

  it("attaches the earlier periods each briefing was compared with, and verify derives the changes again", () => {
    const pdf = path.join(out, "2024-03/gamma.pdf");
    const attached = attachmentsOf(pdf, tempDir());
    expect([...attached.keys()].sort()).toEqual([
      "2023-03.yaml",
      "2024-01.yaml",
      "2024-03.yaml",
      "briefing-figures.json",
    ]);
    const record = JSON.parse(String(attached.get("briefing-figures.json")));
    expect(record.files.map((f: { role: string }) => f.role)).toEqual([
      "briefing",
      "latest",
      "year",
    ]);
    expect(Object.keys(record.figures).some((k) => k.startsWith("changes[year]"))).toBe(true);
    const run = briefing(["verify", pdf]);
    expect(run.stdout).toContain("matches its data");
    expect(run.status).toBe(0);
  });

  it("keeps PDF/A as the archive's default (manifest pdfa: true) until --no-pdfa", async () => {
    const manifest = () => JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(manifest().pdfa).toBe(true);
    expect(manifest().briefings[0].options.pdfa).toBe(true);
    const again = await buildArchive({ dataDir: data, outDir: out });
    expect(again.built).toEqual([]);
    expect(manifest().pdfa).toBe(true);
    const plain = await buildArchive({ dataDir: data, outDir: out, pdfa: false });
    expect(plain.built).toHaveLength(3);
    expect(manifest().pdfa).toBeUndefined();
    expect(briefing(["verify", path.join(out, "2024-03/gamma.pdf")]).status).toBe(2);
  }, 180_000);
});
