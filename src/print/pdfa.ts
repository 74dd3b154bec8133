/**
 * PDF/A-3b, added to a printed briefing: the XMP metadata, an sRGB OutputIntent, a document
 * ID, and the files the briefing was made from attached as associated files (the data as
 * /Source, the figures record as /Data), each with its MD5 in /Params and its sha256 in the
 * XMP. Which clauses of ISO 19005-3 this covers, and which it leaves to Chromium, is in the
 * README ("Archival PDF").
 *
 * Everything here follows from the input: the same briefing gives the same bytes.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { FiguresRecord, RECORD_FORMAT, RECORD_NAME, type RecordFile } from "../verify/record.js";
import {
  decodePDFRawStream,
  PDFArray,
  PDFBool,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  type PDFRef,
  PDFStream,
  PDFString,
} from "./pdf-lib.js";
import { xmpPacket } from "./xmp.js";

/** A file the briefing was made from, to attach. */
export interface SourceFile {
  name: string;
  bytes: Uint8Array;
  role: RecordFile["role"];
  period?: string;
  /** A sheet's: the attached file that reads it, and its path from that file's folder. */
  of?: string;
  path?: string;
}

export interface Archival {
  files: readonly SourceFile[];
  /** The record's figures and what names the briefing; the pages' hash is added here. */
  record: Pick<FiguresRecord, "generator" | "title" | "asOf" | "lang" | "figures">;
}

/** sRGB IEC 61966-2.1, ICC v2 (icc/README.md says where it is from and its licence). */
const SRGB = new URL("../../icc/sRGB.icc", import.meta.url);
let profile: Uint8Array | undefined;

const hash = (algorithm: "sha256" | "md5", data: Uint8Array | string) =>
  createHash(algorithm).update(data).digest("hex");

/** sha256 of the pages' content streams, decoded: what is printed, however it is compressed. */
export function pagesHash(doc: PDFDocument): string {
  const digest = createHash("sha256");
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray
        ? contents.asArray().map((ref) => doc.context.lookup(ref))
        : [contents];
    for (const stream of streams) {
      if (stream instanceof PDFRawStream) digest.update(decodePDFRawStream(stream).decode());
      else if (stream instanceof PDFStream) digest.update(stream.getContents());
    }
    digest.update("\u0000page\u0000");
  }
  return digest.digest("hex");
}

const MIME: Record<string, string> = { yaml: "application/yaml", json: "application/json" };

/** D:20240812000000Z → 2024-08-12T00:00:00Z */
function isoOf(pdfDate: string): string {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(pdfDate);
  if (!m) throw new Error(`not a PDF date: ${pdfDate}`);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
}

function attach(
  doc: PDFDocument,
  file: { name: string; bytes: Uint8Array; description: string; relationship: string },
  date: PDFString,
): PDFRef {
  const { context } = doc;
  const extension = /\.([a-z]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? "";
  const stream = context.flateStream(file.bytes, {
    Type: "EmbeddedFile",
    Subtype: MIME[extension] ?? "application/octet-stream",
    Params: {
      Size: file.bytes.length,
      ModDate: date,
      CheckSum: PDFHexString.of(hash("md5", file.bytes)),
    },
  });
  const streamRef = context.register(stream);
  return context.register(
    context.obj({
      Type: "Filespec",
      F: PDFString.of(file.name),
      UF: PDFHexString.fromText(file.name),
      Desc: PDFHexString.fromText(file.description),
      EF: { F: streamRef, UF: streamRef },
      AFRelationship: file.relationship,
    }),
  );
}

/**
 * What PDF/A asks of what Chromium draws, where it does not already: annotations printed
 * (6.3.2: the Print flag set) and images not interpolated (6.2.8).
 */
function conform(doc: PDFDocument): void {
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const dict =
      object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : undefined;
    if (!dict) continue;
    if (dict.get(PDFName.of("Subtype"))?.toString() === "/Image") {
      if (dict.has(PDFName.of("Interpolate"))) dict.set(PDFName.of("Interpolate"), PDFBool.False);
    }
    if (dict.get(PDFName.of("Type"))?.toString() === "/Annot") {
      const flags = dict.get(PDFName.of("F"));
      const value = flags instanceof PDFNumber ? flags.asNumber() : 0;
      // Print on; Invisible, Hidden, ToggleNoView and NoView off.
      dict.set(PDFName.of("F"), PDFNumber.of((value | 4) & ~(1 | 2 | 32 | 256)));
    }
  }
}

/** Makes a loaded briefing PDF/A-3b; its Info dictionary is set already (metadata.ts). */
export function makeArchival(doc: PDFDocument, archival: Archival): void {
  const { context: ctx, catalog } = doc;
  conform(doc);

  const info = ctx.lookup(ctx.trailerInfo.Info);
  const infoText = (key: string): string => {
    const value = info instanceof PDFDict ? info.get(PDFName.of(key)) : undefined;
    return value instanceof PDFHexString || value instanceof PDFString ? value.decodeText() : "";
  };
  const pdfDate = infoText("CreationDate");
  const date = PDFString.of(pdfDate);

  const files = archival.files.map((file) => ({
    name: file.name,
    sha256: hash("sha256", file.bytes),
    role: file.role,
    ...(file.period === undefined ? {} : { period: file.period }),
    ...(file.of === undefined ? {} : { of: file.of }),
    ...(file.path === undefined ? {} : { path: file.path }),
  }));
  const record = FiguresRecord.parse({
    format: RECORD_FORMAT,
    ...archival.record,
    files,
    pages: pagesHash(doc),
  });
  const recordBytes = Buffer.from(`${JSON.stringify(record, null, 2)}\n`, "utf8");

  // Attached in name order: the EmbeddedFiles name tree must be sorted.
  const attached = [
    ...archival.files.map((file) => ({
      name: file.name,
      bytes: file.bytes,
      description:
        file.role === "briefing"
          ? "The briefing's data"
          : file.role === "sheet"
            ? `The sheet ${file.of ?? ""} reads its units from`
            : `The earlier period compared with (${file.role}, ${file.period ?? ""})`,
      relationship: "Source",
    })),
    {
      name: RECORD_NAME,
      bytes: recordBytes,
      description: "The figures printed, as derived from the data (briefing verify reads it)",
      relationship: "Data",
    },
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const specs = attached.map((file) => ({ name: file.name, ref: attach(doc, file, date) }));
  const names = catalog.lookupMaybe(PDFName.of("Names"), PDFDict) ?? ctx.obj({});
  names.set(
    PDFName.of("EmbeddedFiles"),
    ctx.obj({ Names: specs.flatMap((s) => [PDFHexString.fromText(s.name), s.ref]) }),
  );
  catalog.set(PDFName.of("Names"), names);
  catalog.set(PDFName.of("AF"), ctx.obj(specs.map((s) => s.ref)));

  profile ??= new Uint8Array(readFileSync(SRGB));
  const icc = ctx.register(ctx.flateStream(profile, { N: 3 }));
  catalog.set(
    PDFName.of("OutputIntents"),
    ctx.obj([
      {
        Type: "OutputIntent",
        S: "GTS_PDFA1",
        OutputConditionIdentifier: PDFString.of("sRGB IEC61966-2.1"),
        Info: PDFString.of("sRGB IEC61966-2.1"),
        RegistryName: PDFString.of("http://www.color.org"),
        DestOutputProfile: icc,
      },
    ]),
  );

  // The document's identity follows from what it prints and what it carries.
  const id = hash("sha256", `${record.pages}\n${recordBytes.toString("utf8")}`).slice(0, 32);
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  const uuid = `uuid:${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;

  const xmp = xmpPacket({
    title: infoText("Title"),
    author: infoText("Author"),
    subject: infoText("Subject"),
    keywords: infoText("Keywords"),
    creator: infoText("Creator"),
    producer: infoText("Producer"),
    date: isoOf(pdfDate),
    lang: archival.record.lang,
    documentId: uuid,
    sources: attached.map((f) => `sha256:${hash("sha256", f.bytes)} ${f.name}`),
  });
  // Not compressed: a reader that knows no PDF finds it by its packet header.
  const metadata = ctx.stream(Buffer.from(xmp, "utf8"), { Type: "Metadata", Subtype: "XML" });
  catalog.set(PDFName.of("Metadata"), ctx.register(metadata));
}
