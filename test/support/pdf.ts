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

/**
 * The text each Figure of the PDF's tag tree holds, as poppler's `pdfinfo -struct-text` reads
 * it: what a screen reader or a tagged-PDF extractor finds under the chart.
 */
export function figureTexts(file: string): string[] {
  const lines = run("pdfinfo", ["-struct-text", file]).split("\n");
  const texts: string[] = [];
  lines.forEach((line, at) => {
    const figure = /^(\s*)Figure\b/.exec(line);
    if (!figure) return;
    const depth = figure[1]?.length ?? 0;
    let text = "";
    for (let next = at + 1; next < lines.length; next++) {
      const inner = lines[next] ?? "";
      if (inner.trim() !== "" && (/^\s*/.exec(inner)?.[0].length ?? 0) <= depth) break;
      const quoted = /^\s*"(.*)"\s*$/.exec(inner);
      if (quoted) text += quoted[1];
    }
    texts.push(text.replace(/\u00a0/g, " "));
  });
  return texts;
}
