/**
 * Everything a page paints is either part of the tagged structure or an artifact (PDF/UA
 * 7.1). Chromium tags the page's content but paints the running header and footer, and the
 * backgrounds and rules of boxes, outside any marked content. Each such painting operation is
 * wrapped here in `/Artifact BMC … EMC`, so that a reader or checker skips it rather than
 * finding content that is neither.
 *
 * The content stream is read as PDF operands and operators; a stream this reader does not know
 * how to read (an inline image, an unbalanced sequence) is left as it was.
 */
import { deflateSync, inflateSync } from "node:zlib";
import {
  decodePDFRawStream,
  PDFArray,
  type PDFDocument,
  PDFName,
  PDFRawStream,
  type PDFRef,
} from "./pdf-lib.js";

/** Each byte's class in a content stream: white space, a delimiter, or a regular character. */
const WHITE = 1;
const DELIMITER = 2;
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = WHITE;
for (const ch of "()<>[]{}/%") CLASS[ch.charCodeAt(0)] = DELIMITER;

/** A word starts a number when it starts with a digit, a sign or a point. */
const NUMBER_START = new Uint8Array(256);
for (const ch of "0123456789+-.") NUMBER_START[ch.charCodeAt(0)] = 1;

/** The bytes are a number as PDF writes one: a sign, digits, at most one point, a digit. */
function isNumber(bytes: Uint8Array, from: number, to: number): boolean {
  let at = from;
  if (bytes[at] === 0x2b || bytes[at] === 0x2d) at++;
  let digits = 0;
  let points = 0;
  for (; at < to; at++) {
    const c = bytes[at] as number;
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2e && points === 0) points++;
    else return false;
  }
  return digits > 0;
}

/** An operator's bytes as text: one to three Latin-1 characters, in the streams Chromium writes. */
function text(bytes: Uint8Array, from: number, to: number): string {
  let word = "";
  for (let at = from; at < to; at++) word += String.fromCharCode(bytes[at] as number);
  return word;
}

/** One operation: its operands' bytes (as written) and its operator. */
interface Operation {
  start: number;
  end: number;
  operator: string;
}

/**
 * Splits a content stream into operations, or undefined where it cannot be read safely. Read a
 * byte at a time against a table of byte classes: a page's streams are a few hundred kB.
 */
export function operations(bytes: Uint8Array): Operation[] | undefined {
  const ops: Operation[] = [];
  let i = 0;
  let opStart = -1;
  const n = bytes.length;
  const skipString = (): boolean => {
    // A literal string: balanced parentheses, backslash escapes.
    let depth = 0;
    for (; i < n; i++) {
      const c = bytes[i];
      if (c === 0x5c) i++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) {
        i++;
        return true;
      }
    }
    return false;
  };
  /** Past a run of regular characters. */
  const skipRegular = () => {
    while (i < n && CLASS[bytes[i] as number] === 0) i++;
  };
  while (i < n) {
    const c = bytes[i] as number;
    if (CLASS[c] === WHITE) {
      i++;
      continue;
    }
    if (opStart < 0) opStart = i;
    if (c === 0x25) {
      // A comment, to the end of the line.
      while (i < n && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
      continue;
    }
    if (c === 0x28) {
      if (!skipString()) return undefined;
      continue;
    }
    if (c === 0x3c && bytes[i + 1] === 0x3c) {
      i += 2; // a dictionary opens; its contents are read as operands
      continue;
    }
    if (c === 0x3e && bytes[i + 1] === 0x3e) {
      i += 2;
      continue;
    }
    if (c === 0x3c) {
      const close = bytes.indexOf(0x3e, i);
      if (close < 0) return undefined;
      i = close + 1;
      continue;
    }
    if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
      i++;
      continue;
    }
    if (c === 0x2f) {
      i++;
      skipRegular();
      continue;
    }
    // A number or an operator: a run of regular characters.
    const from = i;
    skipRegular();
    if (NUMBER_START[c] === 1) {
      if (isNumber(bytes, from, i)) continue;
      return undefined; // neither a number nor an operator
    }
    const word = text(bytes, from, i);
    if (word === "true" || word === "false" || word === "null") continue;
    if (word === "BI" || word === "ID" || word === "EI") return undefined; // inline image
    ops.push({ start: opStart, end: i, operator: word });
    opStart = -1;
  }
  return ops;
}

const TEXT_SHOW = new Set(["Tj", "TJ", "'", '"']);
const PATH_BUILD = new Set(["m", "l", "c", "v", "y", "h", "re"]);
const PATH_PAINT = new Set(["S", "s", "f", "F", "f*", "B", "B*", "b", "b*"]);

/**
 * The stream with each painting operation outside marked content wrapped as an artifact; the
 * same bytes when there is none, undefined when the stream cannot be read safely.
 */
export function markArtifacts(bytes: Uint8Array): Uint8Array | undefined {
  const ops = operations(bytes);
  if (!ops) return undefined;
  // Where each artifact starts and ends, as byte offsets.
  const wraps: { from: number; to: number }[] = [];
  let depth = 0;
  let pathStart: number | undefined;
  for (const op of ops) {
    const o = op.operator;
    if (o === "BDC" || o === "BMC") {
      depth++;
      continue;
    }
    if (o === "EMC") {
      depth--;
      if (depth < 0) return undefined;
      continue;
    }
    if (PATH_BUILD.has(o)) {
      if (pathStart === undefined) pathStart = op.start;
      continue;
    }
    if (PATH_PAINT.has(o) || o === "n") {
      // A path painted outside marked content, from its first construction operator; a
      // clipping path (ending in n) paints nothing and stays as it is.
      if (depth === 0 && o !== "n" && pathStart !== undefined)
        wraps.push({ from: pathStart, to: op.end });
      pathStart = undefined;
      continue;
    }
    if (o === "W" || o === "W*") continue; // between a path and its n
    pathStart = undefined;
    if (depth === 0 && (TEXT_SHOW.has(o) || o === "Do" || o === "sh"))
      wraps.push({ from: op.start, to: op.end });
  }
  if (depth !== 0) return undefined;
  if (wraps.length === 0) return bytes;
  const encoder = new TextEncoder();
  const open = encoder.encode("/Artifact BMC\n");
  const close = encoder.encode("\nEMC");
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const { from, to } of wraps) {
    parts.push(bytes.subarray(at, from), open, bytes.subarray(from, to), close);
    at = to;
  }
  parts.push(bytes.subarray(at));
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Marks the artifacts of every page of a tagged PDF. Returns how many streams it rewrote. */
export function markPageArtifacts(doc: PDFDocument): number {
  if (!doc.catalog.has(PDFName.of("StructTreeRoot"))) return 0;
  let rewritten = 0;
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of("Contents"));
    const refs: PDFRef[] =
      contents instanceof PDFArray
        ? (contents.asArray() as PDFRef[])
        : contents
          ? [contents as PDFRef]
          : [];
    // A marked sequence may not run from one stream of a page into the next: one stream only.
    if (refs.length !== 1) continue;
    const ref = refs[0] as PDFRef;
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const flate = stream.dict.get(PDFName.of("Filter"))?.toString() === "/FlateDecode";
    // zlib is Node's own, in C: pdf-lib's inflate and deflate, in JavaScript, took ~0,1 s a briefing.
    const decoded = flate
      ? new Uint8Array(inflateSync(stream.contents))
      : decodePDFRawStream(stream).decode();
    const marked = markArtifacts(decoded);
    if (!marked || marked === decoded) continue;
    doc.context.assign(ref, doc.context.stream(deflateSync(marked), { Filter: "FlateDecode" }));
    rewritten++;
  }
  return rewritten;
}
