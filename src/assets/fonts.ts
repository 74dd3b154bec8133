/**
 * The font every briefing is set in: Source Sans 3, shipped as the npm package
 * `source-sans` (SIL Open Font License). Charts read its TTF files (node-canvas cannot read
 * WOFF2); pages embed its WOFF2 files. No system font is ever needed.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const FONT_FAMILY = "Source Sans 3";

export interface FontFace {
  weight: 400 | 600 | 700;
  style: "normal" | "italic";
  /** File name without extension, as in the package: SourceSans3-Regular. */
  name: string;
}

export const fontFaces: readonly FontFace[] = [
  { weight: 400, style: "normal", name: "SourceSans3-Regular" },
  { weight: 400, style: "italic", name: "SourceSans3-It" },
  { weight: 600, style: "normal", name: "SourceSans3-Semibold" },
  { weight: 700, style: "normal", name: "SourceSans3-Bold" },
];

const packageDir = path.dirname(createRequire(import.meta.url).resolve("source-sans/package.json"));

export function ttfPath(face: FontFace): string {
  return path.join(packageDir, "TTF", `${face.name}.ttf`);
}

export function woff2Path(face: FontFace): string {
  return path.join(packageDir, "WOFF2", "TTF", `${face.name}.ttf.woff2`);
}

let fontFaceCss: string | undefined;

/** `@font-face` rules with the fonts inlined as data: URLs; read once per process. */
export function embeddedFontCss(): string {
  fontFaceCss ??= fontFaces
    .map((face) => {
      const data = readFileSync(woff2Path(face)).toString("base64");
      return `@font-face{font-family:"${FONT_FAMILY}";font-weight:${face.weight};font-style:${face.style};src:url(data:font/woff2;base64,${data}) format("woff2");}`;
    })
    .join("\n");
  return fontFaceCss;
}
