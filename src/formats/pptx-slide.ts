/**
 * What every slide of a briefing's deck is made of: pptxgenjs, the page's font and colours,
 * a title, a footnote, a list. The deck (pptx.ts), its charts and its tables share them.
 */
import pptxgen from "pptxgenjs";
import type { Theme } from "../chart/theme.js";
import type { View } from "../render/view.js";
import { hex } from "./pptx-chart.js";

/**
 * pptxgenjs's types are read as CommonJS under NodeNext (a .d.ts with `export default`, in a
 * package without "type": "module"), so its default import types as the module object; Node
 * loads its ES build, whose default import is the class itself. Either way: the class.
 */
export const PptxGenJS = ((pptxgen as { default?: unknown }).default ??
  pptxgen) as typeof pptxgen.default;
export type Pptx = InstanceType<typeof PptxGenJS>;
export type Slide = pptxgen.default.Slide;
export type Run = pptxgen.default.TextProps;
export type TextOptions = pptxgen.default.TextPropsOptions;
export type Cell = pptxgen.default.TableCell;
export type CellOptions = pptxgen.default.TableCellProps;

/**
 * The page's font, named, not embedded (pptxgenjs cannot embed a font): where Source Sans 3 is
 * not installed, PowerPoint shows its own substitute.
 */
export const FONT = "Source Sans 3";
export const MARGIN = 0.5;
/** LAYOUT_WIDE is 13.333 × 7.5 inches. */
export const WIDTH = 13.333 - 2 * MARGIN;
/** What a slide of cards or messages holds before the next one continues it. */
export const PER_SLIDE = 6;

export interface Deck {
  pptx: Pptx;
  v: View;
  theme: Theme;
  /** BCP 47 ("id-ID"): set on every run of text, which is how PowerPoint knows a deck's language. */
  lang: string;
}

export const chunks = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
    list.slice(i * size, (i + 1) * size),
  );

export function text(
  slide: Slide,
  deck: Deck,
  content: string | Run[],
  options: TextOptions,
): void {
  slide.addText(content, {
    fontFace: FONT,
    lang: deck.lang,
    color: hex(deck.theme.text),
    margin: 0,
    valign: "top",
    ...options,
  });
}

/** A slide with its title (a chart's finding, a section's name) and what it is about. */
export function slideOf(deck: Deck, title: string, subtitle?: Run[]): Slide {
  const slide = deck.pptx.addSlide({ masterName: "BRIEFING" });
  text(slide, deck, title, {
    ...{ x: MARGIN, y: 0.3, w: WIDTH, h: 0.8, fontSize: 26, bold: true, valign: "bottom" },
    color: hex(deck.theme.accent),
    fit: "shrink",
  });
  if (subtitle && subtitle.length > 0) {
    text(slide, deck, subtitle, {
      ...{ x: MARGIN, y: 1.12, w: WIDTH, h: 0.4, fontSize: 15 },
      color: hex(deck.theme.muted),
    });
  }
  return slide;
}

/** The slide's small print: a caption, what its marks mean. */
export function footnote(slide: Slide, deck: Deck, lines: readonly string[]): void {
  if (lines.length === 0) return;
  text(slide, deck, lines.join("\n"), {
    ...{ x: MARGIN, y: 6.2, w: WIDTH, h: 0.8, fontSize: 11, valign: "bottom", fit: "shrink" },
    color: hex(deck.theme.muted),
  });
}

export const bullets = (items: readonly string[], numbered = false): Run[] =>
  items.map((item) => ({
    text: item,
    options: { bullet: numbered ? { type: "number" } : true, breakLine: true, paraSpaceAfter: 8 },
  }));
