/**
 * Which characters the shipped font can draw. A briefing embeds Source Sans 3 and nothing
 * else, so that it prints the same everywhere; a character it lacks (an emoji, Arabic, Chinese)
 * printed blank. Read from the font's own character map (the TrueType `cmap` table, formats 4
 * and 12), once per process.
 */
import { readFileSync } from "node:fs";
import { fontFaces, ttfPath } from "./fonts.js";

let drawable: Set<number> | undefined;

function readCmap(font: Buffer): Set<number> {
  const codes = new Set<number>();
  const tables = font.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++) {
    const record = 12 + i * 16;
    if (font.toString("latin1", record, record + 4) === "cmap")
      cmap = font.readUInt32BE(record + 8);
  }
  if (cmap < 0) return codes;
  const subtables = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < subtables; i++) {
    const offset = cmap + font.readUInt32BE(cmap + 4 + i * 8 + 4);
    const format = font.readUInt16BE(offset);
    if (format === 4) {
      const segments = font.readUInt16BE(offset + 6) / 2;
      const ends = offset + 14;
      const starts = ends + segments * 2 + 2;
      const deltas = starts + segments * 2;
      const ranges = deltas + segments * 2;
      for (let s = 0; s < segments; s++) {
        const end = font.readUInt16BE(ends + s * 2);
        const start = font.readUInt16BE(starts + s * 2);
        const delta = font.readInt16BE(deltas + s * 2);
        const rangeOffset = font.readUInt16BE(ranges + s * 2);
        for (let code = start; code <= end && code !== 0xffff; code++) {
          let glyph: number;
          if (rangeOffset === 0) glyph = (code + delta) & 0xffff;
          else {
            const at = ranges + s * 2 + rangeOffset + (code - start) * 2;
            glyph = font.readUInt16BE(at);
            if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
          }
          if (glyph !== 0) codes.add(code);
        }
      }
    } else if (format === 12) {
      const groups = font.readUInt32BE(offset + 12);
      for (let g = 0; g < groups; g++) {
        const at = offset + 16 + g * 12;
        const start = font.readUInt32BE(at);
        const end = font.readUInt32BE(at + 4);
        for (let code = start; code <= end; code++) codes.add(code);
      }
    }
  }
  return codes;
}

/** The characters every face of the shipped font draws. */
function characters(): Set<number> {
  if (!drawable) {
    const sets = fontFaces.map((face) => readCmap(readFileSync(ttfPath(face))));
    const [first, ...rest] = sets;
    drawable = new Set([...(first ?? [])].filter((code) => rest.every((set) => set.has(code))));
  }
  return drawable;
}

/** Characters that need no glyph: zero-width spaces and joiners, variation selectors. */
const INVISIBLE = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0xfe0e, 0xfe0f]);

/** The first character of `text` the shipped font cannot draw, with its position; or undefined. */
export function undrawable(text: string): { char: string; index: number } | undefined {
  const set = characters();
  let index = 0;
  for (const char of text) {
    index += 1;
    const code = char.codePointAt(0) ?? 0;
    if (/\s/u.test(char) || INVISIBLE.has(code)) continue;
    if (!set.has(code)) return { char, index };
  }
  return undefined;
}
