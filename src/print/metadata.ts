/**
 * Document metadata Chromium cannot set: title, author, subject, keywords, and fixed dates.
 * The creation date is the meeting's date, so the same input gives the same bytes.
 */
import { ParseSpeeds, PDFDocument, PDFName, PDFString } from "pdf-lib";

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator: string;
  /** ISO date, YYYY-MM-DD: both creation and modification date. */
  date: string;
  lang: string;
}

export async function setMetadata(pdf: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
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
  return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
