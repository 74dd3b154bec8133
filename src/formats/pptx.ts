/**
 * A briefing as a PowerPoint deck (16:9), made from the same page model as the HTML briefing and
 * in its language: the cover, the meeting, the key figures, the messages, a slide per chart
 * (native charts, their data editable: pptx-chart.ts), the tables, the sources. Every figure is
 * written as the page writes it, by the page model or the briefing's FigureText, with its mark,
 * and each slide that shows a mark says what it means.
 */
import type { Rendered } from "../build.js";
import type { ChartSpec } from "../chart/specs.js";
import { plural } from "../locale/format.js";
import { type ChartView, dateOf, type PersonView } from "../render/model.js";
import { addChart, type ChartStyle, hex } from "./pptx-chart.js";
import {
  bullets,
  type Cell,
  chunks,
  type Deck,
  FONT,
  footnote,
  MARGIN,
  PER_SLIDE,
  PptxGenJS,
  type Run,
  slideOf,
  text,
  WIDTH,
} from "./pptx-slide.js";
import { tables } from "./pptx-table.js";
import type { Format } from "./registry.js";
import { datedZip } from "./zip.js";

/** pptxgenjs writes the company into docProps/app.xml as it is given: "&" would break the XML. */
const xmlEscaped = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const person = (p: PersonView): string =>
  [p.name, p.title, p.organisation].filter((part): part is string => Boolean(part)).join(", ");

/** 1. The cover, as templates/default/partials/cover.hbs has it. */
function cover(deck: Deck, model: Rendered["model"]): void {
  const { v, theme } = deck;
  const slide = deck.pptx.addSlide({ masterName: "BRIEFING" });
  const org: Run[] = [
    { text: model.organisation, options: { bold: true } },
    ...(model.office ? [{ text: ` · ${model.office}` }] : []),
  ];
  text(slide, deck, org, { x: MARGIN, y: 0.6, w: WIDTH, h: 0.4, fontSize: 16 });
  text(slide, deck, v.label(model.audience.length > 0 ? "document" : "report"), {
    ...{ x: MARGIN, y: 1.1, w: WIDTH, h: 0.35, fontSize: 14 },
    color: hex(theme.muted),
  });
  text(slide, deck, model.title, {
    ...{ x: MARGIN, y: 1.5, w: WIDTH, h: 1.4, fontSize: 38, bold: true, valign: "bottom" },
    ...{ color: hex(theme.accent), fit: "shrink" },
  });
  if (model.subtitle) {
    text(slide, deck, model.subtitle, {
      ...{ x: MARGIN, y: 3.0, w: WIDTH, h: 0.5, fontSize: 20 },
      color: hex(theme.muted),
    });
  }
  const people = (list: PersonView[]) =>
    list.map((p) => (p.title ? `${p.name}, ${p.title}` : p.name)).join("; ");
  const meta: [string, string | null][] = [
    [v.label("to"), model.audience.length > 0 ? people(model.audience) : null],
    [
      v.label("date"),
      model.meetingDate &&
        (model.time ? `${model.meetingDate}, ${v.label("time")} ${model.time}` : model.meetingDate),
    ],
    [v.label("place"), model.place],
    [v.label("presenter"), model.presenter.length > 0 ? people(model.presenter) : null],
    [v.label("data_as_of"), model.asOf],
  ];
  const rows = meta.flatMap(([label, value]): Cell[][] =>
    value
      ? [
          [
            { text: label, options: { bold: true, color: hex(theme.muted), lang: deck.lang } },
            { text: value, options: { lang: deck.lang } },
          ],
        ]
      : [],
  );
  slide.addTable(rows, {
    ...{ x: MARGIN, y: 3.75, w: WIDTH, colW: [2.2, WIDTH - 2.2], fontSize: 14 },
    ...{ fontFace: FONT, lang: deck.lang, color: hex(theme.text), margin: 0.04 },
  });
  if (model.illustrative.any) {
    text(
      slide,
      deck,
      [
        { text: `${v.label("illustrative")}. `, options: { bold: true } },
        { text: model.illustrative.note ?? v.label("illustrative_banner") },
      ],
      { x: MARGIN, y: 6.3, w: WIDTH, h: 0.5, fontSize: 13, color: hex(theme.target) },
    );
  }
}

/** A heading inside a slide's text, in the accent colour, `space` points below what precedes it. */
const heading = (deck: Deck, label: string, space: number): Run => ({
  text: label,
  options: { bold: true, color: hex(deck.theme.accent), breakLine: true, paraSpaceBefore: space },
});

/** 2. The agenda, then who is there: for, presented by, also present. */
function meeting(deck: Deck, model: Rendered["model"]): void {
  const { v } = deck;
  if (model.agenda.length === 0 && model.attendees.length === 0) return;
  const slide = slideOf(deck, v.label(model.agenda.length > 0 ? "agenda" : "attendees"));
  const people = (label: string, list: PersonView[]): Run[] =>
    list.length > 0 ? [heading(deck, label, 6), ...bullets(list.map(person))] : [];
  const count = plural(
    v.locale,
    v.locale.formats.people,
    model.attendees.length,
    v.fmt.count(model.attendees.length),
  );
  const who = [
    ...people(v.label("to"), model.audience),
    ...people(v.label("presenter"), model.presenter),
    ...people(`${v.label("attendees")} (${count})`, model.attendees),
  ];
  const half = (WIDTH - 0.5) / 2;
  const box = { y: 1.5, h: 4.6, fontSize: 16, fit: "shrink" as const };
  if (model.agenda.length > 0) {
    text(slide, deck, bullets(model.agenda, true), { x: MARGIN, w: half, ...box });
    text(slide, deck, who, { x: MARGIN + half + 0.5, w: half, ...box });
  } else text(slide, deck, who, { x: MARGIN, w: WIDTH, ...box });
}

/** 3. The key figures as cards, large, each with its label, detail, change and source. */
function keyFigures(deck: Deck, model: Rendered["model"]): void {
  const { v, theme } = deck;
  const legend = v.legend(model.keyFigures.flatMap((card) => card.marks));
  for (const cards of chunks(model.keyFigures, PER_SLIDE)) {
    const slide = slideOf(deck, v.label("key_figures"));
    const columns = cards.length <= 4 ? cards.length : 3;
    const rows = Math.ceil(cards.length / columns);
    const w = (WIDTH - 0.3 * (columns - 1)) / columns;
    // One row of cards as tall as they need, not the whole slide.
    const h = rows === 1 ? 2.8 : (4.5 - 0.3 * (rows - 1)) / rows;
    cards.forEach((card, i) => {
      const line = (content: string, options: Run["options"] = {}): Run => ({
        text: content,
        options: { breakLine: true, ...options },
      });
      const runs: Run[] = [
        line(card.label, { fontSize: 15, color: hex(theme.muted) }),
        { text: card.value, options: { fontSize: rows > 1 ? 34 : 44, bold: true } },
        line(card.mark, { fontSize: 24, bold: true }),
        ...(card.detail ? [line(card.detail, { fontSize: 14 })] : []),
        ...card.changes.map((change) => line(change, { fontSize: 14 })),
        ...(card.provenance
          ? [line(card.provenance, { fontSize: 11, italic: true, color: hex(theme.muted) })]
          : []),
      ];
      text(slide, deck, runs, {
        ...{ x: MARGIN + (i % columns) * (w + 0.3), y: 1.5 + Math.floor(i / columns) * (h + 0.3) },
        ...{ w, h, color: hex(theme.accent), fit: "shrink", margin: 10 },
        fill: { color: hex(theme.grid) },
      });
    });
    footnote(slide, deck, legend);
  }
}

/** 4. The messages, one a bullet, the marks they carry explained below. */
function messages(deck: Deck, model: Rendered["model"]): void {
  for (const sentences of chunks(model.narrative, PER_SLIDE)) {
    const slide = slideOf(deck, deck.v.label("summary"));
    text(slide, deck, bullets(sentences), {
      ...{ x: MARGIN, y: 1.5, w: WIDTH, h: 4.6, fontSize: 20, fit: "shrink" },
    });
    footnote(slide, deck, model.narrativeLegend);
  }
}

/** What a chart slide says around the chart: the page's words for it. */
type ChartWords = Pick<ChartView, "title" | "subtitle" | "caption" | "legend" | "illustrative">;

/** 5. A chart: its finding, its unit, the chart, its reference lines in words, its caption. */
function chartSlide(deck: Deck, spec: ChartSpec, view: ChartWords, style: ChartStyle): void {
  const { v, theme } = deck;
  const subtitle: Run[] = [
    { text: view.subtitle },
    ...(view.illustrative
      ? [{ text: ` · ${v.label("illustrative")}`, options: { color: hex(theme.target) } }]
      : []),
  ];
  const slide = slideOf(deck, view.title, subtitle);
  const top = 1.6;
  // A box so that PowerPoint draws the same chart wherever the lines' words are.
  const lines = addChart(slide, spec, style, { x: MARGIN, y: top + 0.4, w: WIDTH, h: 4.2 });
  if (lines.length > 0) {
    text(slide, deck, lines.join(" · "), {
      ...{ x: MARGIN, y: top, w: WIDTH, h: 0.35, fontSize: 13, bold: true },
      color: hex(theme.target),
    });
  }
  // No bar is outlined here (chart.js outlines one past 100 %): its sentence would say otherwise.
  const caption = view.caption.replace(` ${v.locale.charts.over_full}`, "");
  footnote(slide, deck, [caption, ...view.legend]);
}

/** 7. Where the figures come from, and the office's notes. */
function sources(deck: Deck, model: Rendered["model"]): void {
  const { v } = deck;
  if (model.sources.length === 0 && model.notes.length === 0) return;
  const slide = slideOf(deck, v.label(model.sources.length > 0 ? "sources" : "notes"));
  const listed = model.sources.map((s) =>
    [`${s.ref ? `[${s.ref}] ` : ""}${s.publisher}`, s.title && `“${s.title}”`, s.date]
      .filter(Boolean)
      .join(", "),
  );
  const runs = [
    ...(model.sources.length > 0 ? bullets(listed) : []),
    ...(model.notes.length > 0
      ? [
          ...(model.sources.length > 0 ? [heading(deck, v.label("notes"), 12)] : []),
          ...bullets(model.notes),
        ]
      : []),
  ];
  text(slide, deck, runs, { x: MARGIN, y: 1.5, w: WIDTH, h: 5.2, fontSize: 16, fit: "shrink" });
}

/** The briefing as a .pptx file's bytes. */
export async function pptxOf(rendered: Rendered): Promise<Uint8Array> {
  const { model, view: v, specs, theme } = rendered;
  const pptx = new PptxGenJS();
  pptx.layout = "LAYOUT_WIDE";
  pptx.title = model.title;
  pptx.subject = [model.subtitle, `${model.region}, ${model.asOf}`].filter(Boolean).join(" · ");
  pptx.author = [model.presenter.map((p) => p.name).join(", "), model.organisation]
    .filter(Boolean)
    .join(" · ");
  pptx.company = xmlEscaped(model.organisation);
  pptx.theme = { headFontFace: FONT, bodyFontFace: FONT };
  const lang = v.locale.intl;
  pptx.defineSlideMaster({
    title: "BRIEFING",
    background: { color: "FFFFFF" },
    objects: [
      { rect: { x: 0, y: 0, w: "100%", h: 0.1, fill: { color: hex(theme.accent) } } },
      {
        text: {
          text: `${model.organisation} · ${model.title} · ${model.asOf}`,
          options: { x: MARGIN, y: 7.05, w: WIDTH - 1, h: 0.3, fontFace: FONT, fontSize: 9, lang },
        },
      },
    ],
    slideNumber: { x: 12.3, y: 7.05, w: 0.55, h: 0.3, fontFace: FONT, fontSize: 9, align: "right" },
  });
  const deck: Deck = { pptx, v, theme, lang };
  cover(deck, model);
  meeting(deck, model);
  keyFigures(deck, model);
  messages(deck, model);
  const style: ChartStyle = { theme, font: FONT, lang, fmt: v.fmt };
  for (const spec of specs) {
    // The page's words for the chart, which the page model holds for the spec of its id.
    chartSlide(deck, spec, model.charts.find((c) => c.id === spec.id) ?? spec, style);
  }
  tables(deck, model);
  sources(deck, model);
  const bytes = await pptx.write({ outputType: "uint8array", compression: true });
  // "uint8array" asks for bytes; the union type also names what other output types give.
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`pptxgenjs wrote ${typeof bytes}, not bytes`);
  }
  // Dated by the briefing, not the clock: the same briefing gives the same bytes.
  return datedZip(bytes, new Date(`${dateOf(rendered.checked.briefing)}T00:00:00Z`));
}

/** The format: the briefing as editable slides, its charts PowerPoint's own. */
export const pptx: Format = {
  id: "pptx",
  async make({ rendered, name }) {
    return [{ name: `${name}.pptx`, data: await pptxOf(rendered) }];
  },
};
