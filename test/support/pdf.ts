/** Reads PDFs back the way a reader's tools do: poppler's pdftotext, pdffonts and pdfinfo. */
import { execFileSync } from "node:child_process";

const run = (tool: string, args: string[]): string =>
  execFileSync(tool, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

/** The PDF's text, with no-break spaces turned into plain ones so that they can be searched. */
export function pdfText(file: string): string {
  return run("pdftotext", ["-layout", file, "-"]).replace(/\u00a0/g, " ");
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdfFonts(file: string): PdfFont[] {
  const lines = run("pdffonts", [file])
    .split("\n")
    .slice(2)
    .filter((line) => line.trim() !== "");
  return lines.map((line) => {
    // name, type (may contain spaces), encoding, emb, sub, uni, object, id
    const match = /^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(
      line,
    );
    if (!match) throw new Error(`unexpected pdffonts line: ${line}`);
    return { name: match[1] ?? "", type: match[2] ?? "", embedded: match[4] === "yes" };
  });
}

export function pdfInfo(file: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of run("pdfinfo", ["-isodates", file]).split("\n")) {
    const at = line.indexOf(":");
    if (at > 0) info[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return info;
}
