/**
 * `briefing verify <file.pdf>`: whether an archival briefing still matches its data. The files
 * it carries are written to a temporary folder and checked and derived again, as a build would;
 * the figures that gives are compared with the record printed beside them, and the attachments,
 * the XMP's sha256 and the pages with what the record says of them.
 *
 * Not a briefing's archival PDF (no PDF, no record, a file the record names not attached):
 * a usage error (exit 2), said plainly.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkFile } from "../check/check-file.js";
import { changesOf, type Earlier } from "../derive/change.js";
import { BriefingError, usageError } from "../errors.js";
import { t } from "../locale/messages.js";
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFStream,
  PDFString,
} from "../print/pdf-lib.js";
import { pagesHash } from "../print/pdfa.js";
import { xmpSources } from "../print/xmp.js";
import {
  type Difference,
  differences,
  FiguresRecord,
  figuresOf,
  RECORD_NAME,
  type RecordFile,
} from "./record.js";

export interface Verdict {
  file: string;
  record: FiguresRecord;
  /** How many figures were compared. */
  figures: number;
  differences: Difference[];
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

const textOf = (value: PDFObject | undefined): string | undefined =>
  value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;

function bytesOf(stream: PDFObject | undefined): Uint8Array | undefined {
  if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode();
  if (stream instanceof PDFStream) return stream.getContents();
  return undefined;
}

/** The embedded files of a PDF by name, from its EmbeddedFiles name tree. */
function attachments(doc: PDFDocument): Map<string, Uint8Array> {
  const found = new Map<string, Uint8Array>();
  const { context } = doc;
  const names = doc.catalog.lookupMaybe(PDFName.of("Names"), PDFDict);
  const root = names?.lookupMaybe(PDFName.of("EmbeddedFiles"), PDFDict);
  const seen = new Set<PDFDict>();
  const walk = (node: PDFDict | undefined) => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    const pairs = node.lookupMaybe(PDFName.of("Names"), PDFArray);
    for (let i = 0; pairs && i + 1 < pairs.size(); i += 2) {
      const name = textOf(pairs.lookup(i));
      const spec = context.lookup(pairs.get(i + 1));
      if (name === undefined || !(spec instanceof PDFDict)) continue;
      const ef = spec.lookupMaybe(PDFName.of("EF"), PDFDict);
      const bytes = bytesOf(context.lookup(ef?.get(PDFName.of("F"))));
      if (bytes) found.set(name, bytes);
    }
    const kids = node.lookupMaybe(PDFName.of("Kids"), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) walk(kids.lookupMaybe(i, PDFDict));
  };
  walk(root);
  return found;
}

/** A name safe to write in a folder of our own: the attachment's, without any folder. */
function safeName(name: string, i: number): string {
  const base = path.basename(name.replace(/\\/g, "/"));
  return /^[\w.@ -]+$/.test(base) && !/^\.+$/.test(base) ? base : `file-${i}.yaml`;
}

async function loadRecord(file: string): Promise<{
  doc: PDFDocument;
  record: FiguresRecord;
  attached: Map<string, Uint8Array>;
}> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw usageError(
      t`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch {
    throw usageError(t`${file} is not a PDF`);
  }
  const attached = attachments(doc);
  const recordBytes = attached.get(RECORD_NAME);
  if (!recordBytes) {
    throw usageError(
      t`${file} carries no figures record (${RECORD_NAME}): it is not an archival briefing`,
      t`Build the briefing with --pdfa to have it carry its data.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(recordBytes).toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const record = FiguresRecord.safeParse(parsed);
  if (!record.success) {
    throw usageError(t`${file}: its ${RECORD_NAME} is not a figures record this version reads`);
  }
  for (const named of record.data.files) {
    if (!attached.has(named.name)) {
      throw usageError(t`${file}: ${named.name}, named in its figures record, is not attached`);
    }
  }
  return { doc, record: record.data, attached };
}

/** The figures the attached files give now, or why they give none. */
async function deriveAgain(
  files: readonly RecordFile[],
  attached: ReadonlyMap<string, Uint8Array>,
): Promise<{ figures: Record<string, number | string | boolean> } | { invalid: Difference }> {
  const dir = await mkdtemp(path.join(tmpdir(), "briefing-verify-"));
  try {
    const written: { file: string; named: RecordFile }[] = [];
    const sheets = files.filter((named) => named.role === "sheet");
    for (const [i, named] of files.entries()) {
      if (named.role === "sheet") continue;
      const folder = path.join(dir, String(i));
      await mkdir(folder);
      const file = path.join(folder, safeName(named.name, i));
      await writeFile(file, attached.get(named.name) as Uint8Array);
      written.push({ file, named });
    }
    // A sheet goes beside the file that reads it, where that file names it (never outside).
    for (const sheet of sheets) {
      const owner = written.find((w) => w.named.name === sheet.of);
      const relative = path.normalize(sheet.path ?? sheet.name);
      if (!owner || path.isAbsolute(relative) || relative.startsWith("..")) continue;
      const file = path.join(path.dirname(owner.file), relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, attached.get(sheet.name) as Uint8Array);
    }
    const check = async (file: string, named: RecordFile) => {
      try {
        return await checkFile(file, { figuresOnly: true });
      } catch (error) {
        if (!(error instanceof BriefingError)) throw error;
        const first = error.issues.find((i) => i.severity === "error") ?? error.issues[0];
        const where = first?.line === undefined ? "" : `:${first.line}`;
        const why = first
          ? `${first.path ? `${first.path}: ` : ""}${first.message}`
          : error.message;
        return {
          invalid: {
            field: `${named.name}${where}`,
            printed: t`valid`,
            now: t`not valid: ${why}`,
          },
        };
      }
    };
    const [main, ...rest] = written;
    if (!main) throw new Error("a record without files");
    const current = await check(main.file, main.named);
    if ("invalid" in current) return current;
    const earlier: Earlier[] = [];
    for (const e of rest) {
      const checked = await check(e.file, e.named);
      if ("invalid" in checked) return checked;
      const { role } = e.named;
      if (role === "sheet") continue;
      const kind = role === "briefing" ? "latest" : role;
      earlier.push({ period: e.named.period ?? "", kind, derived: checked.derived });
    }
    return { figures: figuresOf(current.derived, changesOf(current.derived, earlier)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function verifyPdf(file: string): Promise<Verdict> {
  const { doc, record, attached } = await loadRecord(file);
  const found: Difference[] = [];
  for (const named of record.files) {
    const now = sha256(attached.get(named.name) as Uint8Array);
    if (now !== named.sha256)
      found.push({ field: `${named.name} sha256`, printed: named.sha256, now });
  }
  // The XMP says the same of every attachment, the record included.
  const xmp = bytesOf(doc.catalog.lookup(PDFName.of("Metadata")));
  const listed = new Map(
    xmpSources(xmp ? Buffer.from(xmp).toString("utf8") : "").map((entry) => {
      const [hash = "", ...name] = entry.split(" ");
      return [name.join(" "), hash.replace(/^sha256:/, "")] as const;
    }),
  );
  for (const [name, bytes] of attached) {
    const now = sha256(bytes);
    if (listed.get(name) !== now)
      found.push({ field: t`XMP sha256 of ${name}`, printed: listed.get(name), now });
  }
  const pages = pagesHash(doc);
  if (pages !== record.pages) found.push({ field: t`pages`, printed: record.pages, now: pages });
  const again = await deriveAgain(record.files, attached);
  if ("invalid" in again) found.push(again.invalid);
  else found.push(...differences(record.figures, again.figures));
  return {
    file,
    record,
    figures: Object.keys(record.figures).length,
    differences: found,
  };
}
