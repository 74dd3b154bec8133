/**
 * The slides format: `<name>.slides.html` to present from (self-contained, keyboard-driven,
 * works from the file system) and `<name>.slides.pdf`, the same slides printed 16:9, a slide a
 * page (render/slides.ts).
 */
import { slidesOf } from "../render/slides.js";
import { pdfMetadata } from "./pdf.js";
import type { Format } from "./registry.js";

export const slides: Format = {
  id: "slides",
  async make({ rendered, name, printer, print }) {
    if (!printer) throw new Error("the slides format needs a printer");
    const deck = await slidesOf(rendered);
    const meta = pdfMetadata(rendered.checked.briefing, rendered.model, rendered.view);
    const pdf = await printer.print(deck.print, { javascript: false, ...print, finish: { meta } });
    return [
      { name: `${name}.slides.html`, data: deck.screen },
      { name: `${name}.slides.pdf`, data: pdf },
    ];
  },
};
