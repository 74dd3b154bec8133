/**
 * The chart formats: each chart of a briefing as a picture of its own, `<name>-<chart>.png`
 * (twice its size, for a phone or a slide) or `.svg`, with its finding, its unit, what its marks
 * mean, its source and who made it inside the picture (chart/picture.ts).
 */
import { charactersOf, featuresOf, fontCss } from "../assets/fonts.js";
import type { Rendered } from "../build.js";
import {
  type Picture,
  type PictureWords,
  picture,
  picturePng,
  pictureSvg,
} from "../chart/picture.js";
import type { Format } from "./registry.js";

/** What a briefing's pictures say besides their chart: its source and who made it. */
function wordsOf(rendered: Rendered): Omit<PictureWords, "title" | "subtitle" | "notes"> {
  const { model, view } = rendered;
  const sources = model.sources.map((s) => [s.publisher, s.date].filter(Boolean).join(", "));
  return {
    source: sources.length > 0 ? `${view.label("sources")}: ${sources.join("; ")}` : null,
    credit: [model.organisation, model.office].filter(Boolean).join(" · "),
  };
}

/** Each chart of the page laid out as a picture, with its file name's part and its alt text. */
function pictures(rendered: Rendered): { id: string; alt: string; picture: Picture }[] {
  const shared = wordsOf(rendered);
  return rendered.model.charts.map((chart) => ({
    id: chart.id,
    alt: chart.alt,
    picture: picture(chart.image, {
      ...shared,
      title: chart.title,
      subtitle: chart.subtitle,
      notes: [chart.caption, ...chart.legend].filter((note) => note.trim() !== ""),
    }),
  }));
}

export const png: Format = {
  id: "png",
  async make({ rendered, name }) {
    return Promise.all(
      pictures(rendered).map(async (p) => ({
        name: `${name}-${p.id}.png`,
        data: await picturePng(p.picture),
      })),
    );
  },
};

export const svg: Format = {
  id: "svg",
  async make({ rendered, name }) {
    return Promise.all(
      pictures(rendered).map(async (p) => {
        const words = [...p.picture.texts, ...p.picture.chart.texts].map((t) => t.text).join(" ");
        // The features its styles ask for are read from the picture without its fonts.
        const features = featuresOf(pictureSvg(p.picture, p.alt, ""));
        const fonts = await fontCss(charactersOf(words), false, features);
        return { name: `${name}-${p.id}.svg`, data: pictureSvg(p.picture, p.alt, fonts) };
      }),
    );
  },
};
