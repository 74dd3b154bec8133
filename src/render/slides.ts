/**
 * The briefing as 16:9 slides, from the same page model as the page: the title, the agenda and
 * who attends, the key figures, one key message a slide, each chart the width of a slide, the
 * office's sections and the sources. The template set's `slides.hbs` and `slide-*` partials say
 * how; this says what each slide holds.
 *
 * Two copies: the one to present, with the deck's one script (arrow keys, Page Up/Down, Home,
 * End, a click; the slide's number in the address), allowed by its hash in the page's policy;
 * and the one to print, without it (every slide a page).
 */
import { createHash } from "node:crypto";
import { charactersOf, fontCss, usesItalic } from "../assets/fonts.js";
import type { Rendered } from "../build.js";
import { harden } from "./harden.js";

export const DECK_SCRIPT = `(function () {
  var slides = [].slice.call(document.querySelectorAll(".slide"));
  if (!slides.length) return;
  document.documentElement.classList.add("deck");
  // A hidden slide counts in no CSS counter: each says its own number.
  slides.forEach(function (slide, i) { slide.dataset.number = (i + 1) + " / " + slides.length; });
  var at = 0;
  function show(n) {
    at = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (slide, i) { slide.hidden = i !== at; });
    history.replaceState(null, "", "#" + (at + 1));
  }
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var k = e.key;
    if (k === "ArrowRight" || k === "ArrowDown" || k === "PageDown" || k === " ") show(at + 1);
    else if (k === "ArrowLeft" || k === "ArrowUp" || k === "PageUp") show(at - 1);
    else if (k === "Home") show(0);
    else if (k === "End") show(slides.length - 1);
    else return;
    e.preventDefault();
  });
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a")) return;
    show(at + (e.clientX > window.innerWidth / 3 ? 1 : -1));
  });
  var n = parseInt(location.hash.slice(1), 10);
  show(isNaN(n) ? 0 : n - 1);
})();`;

/** The script's hash as a Content-Security-Policy source: 'sha256-…'. */
export const DECK_HASH = `'sha256-${createHash("sha256").update(DECK_SCRIPT).digest("base64")}'`;

/** The meanings of the marks a text uses: the legend lines that start with a mark it has. */
function legendFor(text: string, legend: readonly string[]): string[] {
  return legend.filter((line) => {
    const mark = line.trim().split(/\s/)[0] ?? "";
    return mark !== "" && !/[\p{L}\p{N}]/u.test(mark) && text.includes(mark);
  });
}

/** The slides of a rendered briefing: `screen` to present, `print` to print as a 16:9 PDF. */
export async function slidesOf(rendered: Rendered): Promise<{ screen: string; print: string }> {
  const { model, view, templates } = rendered;
  const FONTS = "/* fonts */";
  const deck = templates.renderSlides(
    {
      ...model,
      footer: [model.organisation, model.title].filter(Boolean).join(" · "),
      messages: model.narrative.map((text, i) => ({
        position: i + 1,
        text,
        legend: legendFor(text, model.narrativeLegend),
      })),
    },
    {
      locale: view.locale,
      decimals: rendered.checked.briefing.decimals,
      fmt: view.fmt,
      css: [FONTS, templates.slidesCss].join("\n"),
    },
  );
  const source = templates.dirs[templates.dirs.length - 1] ?? "templates";
  const { html } = harden(deck, { javascript: false, source, scripts: [DECK_HASH] });
  const print = html.replace(FONTS, await fontCss(charactersOf(html), usesItalic(html)));
  const screen = print.replace(
    /<\/body>(?![\s\S]*<\/body>)/,
    `<script>${DECK_SCRIPT}</script>\n</body>`,
  );
  return { screen, print };
}
