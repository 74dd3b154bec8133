/**
 * The font every briefing is set in: Source Sans 3, shipped as the npm package
 * `source-sans` (SIL Open Font License). Charts read its TTF files (node-canvas cannot read
 * WOFF2); pages embed subsets of them, as TrueType (fontCss). No system font is ever needed.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import v8 from "node:v8";

// Fonts are cut with harfbuzz, compiled to WebAssembly. V8 compiles it twice: at once for a
// first, plain version, and again, optimised, in the background; a process then waits ~0.3 s
// at its exit for that second compile (measured: 0.55 s against 0.21 s for a script that
// subsets four fonts), and the compile takes a core from Chromium meanwhile. The plain version
// alone is faster here: a page's subsets take 60 ms, not 92. No other WebAssembly runs in
// briefing. Set before harfbuzz is first compiled (at the first subset).
v8.setFlagsFromString("--liftoff-only");

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

/** Characters every page may need whatever its text: page counters, punctuation, spaces. */
const ALWAYS = `${Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join("")}\u00a0–—‘’“”…·•−×`;

/** A page without its inlined data (fonts, charts): its text, markup and styles. */
const withoutData = (html: string): string => html.replace(/data:[^"')\s]+/g, "");

/**
 * The characters a page shows: its HTML without the inlined data, with entities and CSS
 * escapes (the running header's strings) decoded.
 */
export function charactersOf(html: string): string {
  const text = withoutData(html)
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/\\([0-9a-f]{1,6}) ?/gi, (_, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    );
  return [...new Set(ALWAYS + text)].sort().join("");
}

const subsets = new Map<string, Promise<Buffer>>();

type SubsetFont = typeof import("subset-font");
let cutter: Promise<SubsetFont> | undefined;

/**
 * The font cutter, loaded once: subset-font, and harfbuzz compiled from WebAssembly (~50 ms,
 * on V8's background threads). Loaded when a page is first cut, or before, by a build that
 * knows it will cut one (print/early.ts): the compile then runs while the build's code loads.
 * Not with the code that checks a briefing's glyphs: its WOFF2 encoder alone is 1.2 MB of
 * JavaScript that a check does not need.
 */
export function fontCutter(): Promise<SubsetFont> {
  cutter ??= import("subset-font").then(async ({ default: subset }) => {
    // A first cut compiles harfbuzz.
    await subset(readFileSync(ttfPath(fontFaces[0] as FontFace)), " ", {
      targetFormat: "truetype",
    });
    return subset;
  });
  return cutter;
}

/**
 * The OpenType features browsers apply by themselves, which a subset keeps whatever the page
 * (fontTools' subsetter keeps the same by default): ligatures, kerning, marks, contextual and
 * fraction forms, and what other scripts and vertical text need. Source Sans 3 has many more
 * (small capitals, old-style and superior figures, stylistic sets): kept, each pulled its
 * glyphs into every subset, which was then two and a half times the size and four times as
 * long to cut (measured on a briefing: 270 kB against 122 kB, 28 ms against 8 ms).
 */
const DEFAULT_FEATURES = [
  ...["rvrn", "ccmp", "liga", "locl", "mark", "mkmk", "rlig", "frac", "numr", "dnom"],
  ...["calt", "clig", "curs", "kern", "rclt", "valt", "vert", "vkrn", "vpal", "vrt2"],
  ...["ltra", "ltrm", "rtla", "rtlm", "rand", "jalt", "chws", "vchw", "halt", "vhal"],
  ...["init", "medi", "fina", "isol", "med2", "fin2", "fin3", "cswh", "mset", "stch"],
  ...["ljmo", "vjmo", "tjmo", "abvs", "blws", "nukt", "akhn", "rphf", "rkrf", "pref"],
  ...["blwf", "half", "abvf", "pstf", "cfar", "vatu", "cjct", "pres", "psts", "haln"],
  ...["dist", "abvm", "blwm"],
];

/** The features a `font-variant-*` keyword turns on; "normal", "none" and the no- ones none. */
const VARIANT_FEATURES: Readonly<Record<string, readonly string[]>> = {
  "lining-nums": ["lnum"],
  "oldstyle-nums": ["onum"],
  "proportional-nums": ["pnum"],
  "tabular-nums": ["tnum"],
  "diagonal-fractions": ["frac"],
  "stacked-fractions": ["afrc"],
  ordinal: ["ordn"],
  "slashed-zero": ["zero"],
  "small-caps": ["smcp"],
  "all-small-caps": ["smcp", "c2sc"],
  "petite-caps": ["pcap"],
  "all-petite-caps": ["pcap", "c2pc"],
  unicase: ["unic"],
  "titling-caps": ["titl"],
  "common-ligatures": ["liga", "clig"],
  "discretionary-ligatures": ["dlig"],
  "historical-ligatures": ["hlig"],
  contextual: ["calt"],
  sub: ["subs"],
  super: ["sups"],
  "historical-forms": ["hist"],
};
const NO_FEATURE = /^(normal|none|inherit|initial|unset|revert(-layer)?|no-[a-z-]+|!important)$/;

/**
 * The OpenType features a page may use: the browser's own, and those its styles ask for
 * (`font-variant-*`, `font-feature-settings`, small capitals in `font`). Undefined, to keep
 * them all, where a style asks for one in a way not read here (stylistic alternates, a
 * variable, an East Asian variant): a subset never lacks a glyph the page shows.
 */
export function featuresOf(html: string): string[] | undefined {
  // Quotes as a style attribute written through a template carries them.
  const css = withoutData(html)
    .replace(/&quot;|&#34;|&#x22;/gi, '"')
    .replace(/&#39;|&#x27;|&apos;/gi, "'");
  const features = new Set(DEFAULT_FEATURES);
  const declarations =
    /\bfont(-variant(?:-[a-z]+){0,2}|-feature-settings)?\s*:\s*([^;}<>]{0,500})/gi;
  for (const [, property = "", value = ""] of css.matchAll(declarations)) {
    const kind = property.toLowerCase();
    if (kind === "") {
      // The shorthand sets small capitals, or anything through a variable.
      if (/\bvar\(/i.test(value)) return undefined;
      if (/\bsmall-caps\b/i.test(value)) features.add("smcp");
      continue;
    }
    if (kind === "-feature-settings") {
      // Quoted tags, each with on, off or a number: anything else is not read here.
      const rest = value.replace(/(["'])([\x20-\x7e]{4})\1/g, (_, _quote, tag: string) => {
        features.add(tag);
        return " ";
      });
      const others = (rest.split(/["]/)[0] ?? "").split(/[\s,]+/).filter(Boolean);
      if (others.some((word) => !/^(normal|on|off|\d+|!important)$/i.test(word))) return undefined;
      continue;
    }
    // A style attribute's value ends at its quote: `style="font-variant-caps:small-caps"`.
    const words = (value.split(/["']/)[0] ?? "").toLowerCase();
    for (const word of words.split(/[\s,]+/)) {
      if (word === "" || NO_FEATURE.test(word)) continue;
      const tags = VARIANT_FEATURES[word];
      if (!tags) return undefined;
      for (const tag of tags) features.add(tag);
    }
  }
  return [...features].sort();
}

/** The page sets text in italic somewhere: the italic face is embedded only then. */
export const usesItalic = (html: string): boolean =>
  /italic|oblique|<(em|i|cite|var|dfn|address)\b/i.test(withoutData(html));

/**
 * `@font-face` rules with each face cut down to the characters the page uses and inlined as a
 * data: URL. Chromium's time to load a page grows with its size, and a whole face is ~430 kB
 * of TrueType: the subset of a briefing is ~30 kB. TrueType rather than WOFF2, because cutting
 * takes harfbuzz ~10 ms and compressing to WOFF2 another ~600 ms. Subsets are kept per
 * character set, so a batch cuts each set once.
 */
export async function fontCss(
  characters: string,
  italic: boolean,
  /** The OpenType features kept (featuresOf); all of them when undefined. */
  features?: readonly string[],
): Promise<string> {
  const faces = fontFaces.filter((face) => italic || face.style !== "italic");
  const subsetFont = await fontCutter();
  const rules = await Promise.all(
    faces.map(async (face) => {
      const key = `${face.name}|${features?.join() ?? "*"}|${characters}`;
      let subset = subsets.get(key);
      if (!subset) {
        subset = subsetFont(readFileSync(ttfPath(face)), characters, {
          targetFormat: "truetype",
          ...(features ? { keepFeatures: [...features] } : {}),
        });
        subsets.set(key, subset);
        // Bounded: a batch whose pages all use different characters does not keep them all.
        if (subsets.size > 64) {
          const oldest = subsets.keys().next().value;
          if (oldest !== undefined) subsets.delete(oldest);
        }
      }
      const data = (await subset).toString("base64");
      return `@font-face{font-family:"${FONT_FAMILY}";font-weight:${face.weight};font-style:${face.style};src:url(data:font/ttf;base64,${data}) format("truetype");}`;
    }),
  );
  return rules.join("\n");
}

/**
 * Where a page's stylesheet takes its fonts: a page is rendered once with this in their place,
 * to learn which characters it shows, and `withFonts` puts them there, cut to those.
 */
export const FONTS_HERE = "/* fonts */";

/** The page with its fonts, cut to the characters it shows, in place of FONTS_HERE. */
export async function withFonts(html: string): Promise<string> {
  // The charts' data is most of a page: set aside once, not by each reader below.
  const page = withoutData(html);
  return html.replace(
    FONTS_HERE,
    await fontCss(charactersOf(page), usesItalic(page), featuresOf(page)),
  );
}
