import { FONTS_HERE, withFonts } from "../assets/fonts.js";
import type { Rendered } from "../build.js";
import { cspHash, harden, withScript } from "./harden.js";

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

/** The script's hash as a Content-Security-Policy source. */
export const DECK_HASH = cspHash(DECK_SCRIPT);

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
      css: [FONTS_HERE, templates.slidesCss].join("\n"),
    },
  );
  const source = templates.dirs[templates.dirs.length - 1] ?? "templates";
  const { html } = harden(deck, { javascript: false, source, scripts: [DECK_HASH] });
  const print = await withFonts(html);
  return { screen: withScript(print, DECK_SCRIPT), print };
}
