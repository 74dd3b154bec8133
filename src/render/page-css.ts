/** The running header and footer, drawn by Chromium in the page margins of every page. */
import { ellipsize } from "../locale/format.js";
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

/**
 * Screens up to this wide show the charts drawn for a phone: wider, the page's column (at least
 * 669 px with the default style's 16 px margins) shows the A4 chart with its text ≥ 11 px.
 */
export const NARROW_SCREEN = 700;

/** A running header holds one short line: a longer title is cut, with an ellipsis. */
const HEADER_MAX = 90;

export function pageCss(model: PageModel, locale: Locale): string {
  const header = cssString(ellipsize(model.title, HEADER_MAX));
  // A report without a meeting date is dated by its data: "Data per Oktober 2020".
  const date = cssString(model.meetingDate ?? `${locale.labels.data_as_of ?? ""} ${model.asOf}`);
  const footerLeft = cssString(
    ellipsize([model.organisation, model.office].filter(Boolean).join(" · "), HEADER_MAX + 20),
  );
  const page = cssString(`${locale.labels.page ?? "Page"} `);
  const of = cssString(` ${locale.labels.of ?? "of"} `);
  return `@page {
  @top-left { content: ${header}; }
  @top-right { content: ${date}; }
  @bottom-left { content: ${footerLeft}; }
  @bottom-right { content: ${page} counter(page) ${of} counter(pages); }
}
/* The first page's cover says the title and the date already. */
@page :first {
  @top-left { content: none; }
  @top-right { content: none; }
}
/* Each chart is drawn twice (the chart helper): for the page, and for a phone's width. */
.chart-narrow { display: none; }
@media screen and (max-width: ${NARROW_SCREEN}px) {
  .chart-wide { display: none; }
  .chart-narrow { display: block; }
}`;
}
