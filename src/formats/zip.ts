/**
 * Office files are zips, and the libraries that write them date each entry (and the document's
 * own properties) by the clock: the same briefing would give other bytes each build. This dates
 * them all by the briefing, nested workbooks (a chart's data in a .pptx) included.
 */
import JSZip from "jszip";

/** `bytes`, a zip, with every entry, every nested zip and the core properties dated `date`. */
export async function datedZip(
  bytes: Uint8Array,
  date: Date,
  edit?: (zip: JSZip) => Promise<void>,
): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  if (edit) await edit(zip);
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    if (name === "docProps/core.xml") {
      const core = await entry.async("string");
      zip.file(
        name,
        core.replace(
          /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g,
          `$1${stamp}$2`,
        ),
      );
    } else if (/\.(xlsx|pptx|docx|zip)$/.test(name)) {
      zip.file(name, await datedZip(await entry.async("uint8array"), date));
    }
  }
  for (const entry of Object.values(zip.files)) entry.date = date;
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}
