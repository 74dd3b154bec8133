/**
 * The slides format: `<name>.slides.html` to present from (self-contained, keyboard-driven,
 * works from the file system) and `<name>.slides.pdf`, the same slides printed 16:9, a slide a
 * page (render/slides.ts).
 */
import { setMetadata } from "../print/metadata.js";
import { slidesOf } from "../render/slides.js";
import { pdfMetadata } from "./pdf.js";
import type { Format } from "./registry.js";

export const slides: Format = {
  id: "slides",
  async make({ rendered, name, printer, print }) {
    if (!printer) throw new Error("the slides format needs a printer");
    const deck = await slidesOf(rendered);
    const raw = await printer.print(deck.print, { javascript: false, ...print });
    const { briefing } = rendered.checked;
    return [
      { name: `${name}.slides.html`, data: deck.screen },
      {
        name: `${name}.slides.pdf`,
        data: await setMetadata(
          raw,
          await pdfMetadata(briefing, rendered.model, rendered.view, deck.print),
        ),
      },
    ];
  },
};
