/**
 * The PDF's bookmarks, in the page's words. Chromium makes them from the headings, but a heading
 * on a page where a table breaks comes out twice ("Rincian per wilayahRincian per wilayah"),
 * spans lose the spaces between them ("SumateraSelatan"), and a badge inside a heading joins its
 * text. The page knows its headings: each bookmark, in order, takes its heading's text.
 */
import { Parser } from "htmlparser2";
import { PDFDict, type PDFDocument, PDFHexString, PDFName } from "./pdf-lib.js";

const HEADING = /^h[1-6]$/;

/**
 * The text of the page's headings, in order, without what is not part of the heading's words.
 * Only the headings are parsed: the page around them is mostly its inlined fonts and charts.
 */
export function headingsOf(html: string): string[] {
  return [...html.matchAll(/<h[1-6][\s>][\s\S]*?<\/h[1-6]\s*>/gi)].flatMap((match) =>
    headingsIn(match[0]),
  );
}

function headingsIn(html: string): string[] {
  const headings: string[] = [];
  let current: string[] | undefined;
  let depth = 0;
  // Elements inside a heading that are not its words: a badge, anything hidden from readers.
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (HEADING.test(name) && current === undefined) {
          current = [];
          depth = 0;
          return;
        }
        if (current === undefined) return;
        depth++;
        const classes = (attributes.class ?? "").split(/\s+/);
        if (skipping > 0 || classes.includes("badge") || attributes["aria-hidden"] === "true")
          skipping++;
      },
      ontext(text) {
        if (current !== undefined && skipping === 0) current.push(text);
      },
      onclosetag(name) {
        if (current === undefined) return;
        if (depth === 0 && HEADING.test(name)) {
          headings.push(current.join("").replace(/\s+/g, " ").trim());
          current = undefined;
          return;
        }
        depth--;
        if (skipping > 0) skipping--;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return headings;
}

/** Every bookmark, depth first, in the order a reader meets them. */
function bookmarks(doc: PDFDocument): PDFDict[] {
  const items: PDFDict[] = [];
  const walk = (item: PDFDict | undefined): void => {
    for (let at = item; at; at = at.lookupMaybe(PDFName.of("Next"), PDFDict)) {
      items.push(at);
      walk(at.lookupMaybe(PDFName.of("First"), PDFDict));
    }
  };
  const outlines = doc.catalog.lookupMaybe(PDFName.of("Outlines"), PDFDict);
  walk(outlines?.lookupMaybe(PDFName.of("First"), PDFDict));
  return items;
}

/**
 * Gives each bookmark its heading's text, when there are as many of them as headings (then they
 * are the headings, in order); otherwise leaves them as Chromium made them.
 */
export function cleanOutline(doc: PDFDocument, headings: readonly string[]): boolean {
  const items = bookmarks(doc);
  if (items.length === 0 || items.length !== headings.length) return false;
  items.forEach((item, i) => {
    item.set(PDFName.of("Title"), PDFHexString.fromText(headings[i] ?? ""));
  });
  return true;
}
