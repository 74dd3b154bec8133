/**
 * Document metadata Chromium cannot set: title, author, subject, keywords, and fixed dates.
 * The creation date is the meeting's date, so the same input gives the same bytes.
 */

import { markPageArtifacts } from "./artifacts.js";
import { cleanOutline, headingsOf } from "./outline.js";
import {
  ParseSpeeds,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFString,
} from "./pdf-lib.js";
import type { Archival } from "./pdfa.js";
import { standardStructure } from "./structure.js";

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator: string;
  /** ISO date, YYYY-MM-DD: both creation and modification date. */
  date: string;
  lang: string;
  /** The page's headings, in order: the bookmarks' clean text (print/outline.ts). */
  headings?: readonly string[];
}

/**
 * What a printed page is finished with: its metadata, and with `archival` what makes it a
 * PDF/A-3b. Plain data: it goes to the printer's thread with the page's HTML (print/remote.ts).
 */
export interface Finish {
  meta: Omit<PdfMetadata, "headings">;
  archival?: Archival;
}

/**
 * A printed page finished (setMetadata), its bookmarks named after the headings of the HTML
 * it was printed from.
 */
export function finishPdf(pdf: Uint8Array, html: string, finish: Finish): Promise<Uint8Array> {
  return setMetadata(pdf, { ...finish.meta, headings: headingsOf(html) }, finish.archival);
}

/** Sets the metadata; with `archival`, makes the PDF a PDF/A-3b carrying its data (pdfa.ts). */
export async function setMetadata(
  pdf: Uint8Array,
  meta: PdfMetadata,
  archival?: Archival,
): Promise<Uint8Array> {
  // pdf-lib yields to the event loop every few objects by default; a briefing is small, and
  // doing it in one go takes a third of the time.
  const doc = await PDFDocument.load(pdf, {
    updateMetadata: false,
    parseSpeed: ParseSpeeds.Fastest,
  });
  const date = new Date(`${meta.date}T00:00:00Z`);
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.creator);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.catalog.set(PDFName.of("Lang"), PDFString.of(meta.lang));
  renumberStructureIds(doc);
  standardStructure(doc);
  markPageArtifacts(doc);
  if (meta.headings) cleanOutline(doc, meta.headings);
  // Loaded only for PDF/A: its record's schema brings zod (~95 modules) to the printer's thread.
  if (archival) (await import("./pdfa.js")).makeArchival(doc, archival);
  return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}

const textOf = (value: PDFObject | undefined): string | undefined =>
  value instanceof PDFString
    ? value.asString()
    : value instanceof PDFHexString
      ? value.decodeText()
      : undefined;

/**
 * Chromium names the elements of a tagged PDF's structure tree (node00000082) from counters
 * that live as long as its renderer: a page reused for many briefings gives the same briefing
 * other names, and so other bytes, depending on what it printed before. The names are
 * renumbered in their order (node00000001, node00000002…), everywhere they are used (an
 * element's /ID, a cell's /Headers, the /IDTree), so the same page gives the same bytes
 * whatever was printed before it. The order is kept: the ID tree stays sorted.
 */
export function renumberStructureIds(doc: PDFDocument): void {
  const objects = doc.context.enumerateIndirectObjects().map(([, object]) => object);
  const ids = new Set<string>();
  for (const object of objects) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of("Type"))?.toString() !== "/StructElem") continue;
    const id = textOf(object.get(PDFName.of("ID")));
    if (id !== undefined) ids.add(id);
  }
  if (ids.size === 0) return;
  const number = (id: string) => Number(/\d+$/.exec(id)?.[0] ?? Number.NaN);
  const ordered = [...ids].sort((a, b) => number(a) - number(b) || a.localeCompare(b));
  const renamed = new Map(
    ordered.map((id, i) => [id, `node${String(i + 1).padStart(8, "0")}`] as const),
  );
  const replace = (value: PDFObject | undefined): PDFObject | undefined => {
    const text = textOf(value);
    const to = text === undefined ? undefined : renamed.get(text);
    return to === undefined ? undefined : PDFString.of(to);
  };
  const walk = (object: PDFObject, seen: Set<PDFObject>): void => {
    if (seen.has(object)) return;
    seen.add(object);
    if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) {
        const to = replace(value);
        if (to) object.set(key, to);
        else walk(value, seen);
      }
    } else if (object instanceof PDFArray) {
      for (let i = 0; i < object.size(); i++) {
        const value = object.get(i);
        const to = replace(value);
        if (to) object.set(i, to);
        else walk(value, seen);
      }
    }
  };
  const seen = new Set<PDFObject>();
  for (const object of objects) walk(object, seen);
}
