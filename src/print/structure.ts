/**
 * The tagged PDF's structure in standard PDF 1.7 types, as PDF/UA checkers and poppler read it.
 * Chromium tags <strong> and <em> as /Strong and /Em (PDF 2.0 types) without a role map, so
 * readers of PDF 1.7 drop their text ("Herman Deru" went missing from the tagged text); and a
 * chart's <figure> around its <img> is a Figure inside a Figure, the outer one without alt text.
 */
import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFRef } from "./pdf-lib.js";

/** PDF 2.0 types Chromium writes, and the PDF 1.7 type each stands for. */
const ROLES: Record<string, string> = { Strong: "Span", Em: "Span", Mark: "Span" };

function kidsOf(doc: PDFDocument, element: PDFDict): PDFDict[] {
  const kids = element.get(PDFName.of("K"));
  const list = kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
  return list.flatMap((kid) => {
    const resolved = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
    return resolved instanceof PDFDict &&
      String(resolved.get(PDFName.of("Type")) ?? "/StructElem") === "/StructElem" &&
      resolved.has(PDFName.of("S"))
      ? [resolved]
      : [];
  });
}

export function standardStructure(doc: PDFDocument): void {
  const root = doc.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  if (!root) return;
  const roles = root.lookupMaybe(PDFName.of("RoleMap"), PDFDict) ?? doc.context.obj({});
  for (const [from, to] of Object.entries(ROLES)) roles.set(PDFName.of(from), PDFName.of(to));
  root.set(PDFName.of("RoleMap"), roles);
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (String(object.get(PDFName.of("Type"))) !== "/StructElem") continue;
    if (String(object.get(PDFName.of("S"))) !== "/Figure") continue;
    // A figure that holds a figure (the chart's image, with its alt text) is its group.
    const inner = kidsOf(doc, object).some((kid) => String(kid.get(PDFName.of("S"))) === "/Figure");
    if (inner && !object.has(PDFName.of("Alt"))) object.set(PDFName.of("S"), PDFName.of("Div"));
  }
}
