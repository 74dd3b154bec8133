/** The HTML format: the rendered page itself, self-contained (fonts, charts and styles inline). */
import type { Format } from "./registry.js";

export const html: Format = {
  id: "html",
  async make({ rendered, name }) {
    return [{ name: `${name}.html`, data: rendered.html }];
  },
};
