/** The running header and footer, drawn by Chromium in the page margins of every page. */
import type { Locale } from "../locale/locale.js";
import type { PageModel } from "./model.js";

/** Escapes text for a CSS string literal: every character that could end or bend it. */
export function cssString(text: string): string {
  let out = '"';
  for (const ch of text) {
    out += /[\p{L}\p{N} ,.:;()\-–—·]/u.test(ch)
      ? ch
      : `\\${ch.codePointAt(0)?.toString(16) ?? "20"} `;
  }
  return `${out}"`;
}

export function pageCss(model: PageModel, locale: Locale): string {
  const header = cssString(model.title);
  // A report without a meeting date is dated by its data: "Data per Oktober 2020".
  const date = cssString(model.meetingDate ?? `${locale.labels.data_as_of ?? ""} ${model.asOf}`);
  const footerLeft = cssString([model.organisation, model.office].filter(Boolean).join(" · "));
  const page = cssString(`${locale.labels.page ?? "Page"} `);
  const of = cssString(` ${locale.labels.of ?? "of"} `);
  return `@page {
  @top-left { content: ${header}; }
  @top-right { content: ${date}; }
  @bottom-left { content: ${footerLeft}; }
  @bottom-right { content: ${page} counter(page) ${of} counter(pages); }
}`;
}
