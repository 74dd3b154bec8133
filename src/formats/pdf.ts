/**
 * The PDF format: the page printed by Chromium, with its metadata, bookmarks and tags mended
 * (print/metadata.ts), and as PDF/A-3b carrying its sources when the build asks (`--pdfa`).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Rendered } from "../build.js";
import type { ChangeKind } from "../derive/change.js";
import type { Briefing } from "../load/schema.js";
import { sheetFileOf } from "../load/sheet/named.js";
import { parseYaml } from "../load/yaml.js";
import type { Finish } from "../print/metadata.js";
import type { Archival, SourceFile } from "../print/pdfa.js";
import { dateOf, type PageModel } from "../render/model.js";
import type { View } from "../render/view.js";
import { figuresOf } from "../verify/record.js";
import { GENERATOR } from "../version.js";
import type { Format } from "./registry.js";

/** The PDF's title, author, subject, keywords, date and language (print/metadata.ts). */
export function pdfMetadata(briefing: Briefing, model: PageModel, v: View): Finish["meta"] {
  return {
    title: model.title,
    author: [model.presenter.map((p) => p.name).join(", "), model.organisation]
      .filter(Boolean)
      .join(" · "),
    subject: [model.subtitle, `${model.region}, ${model.asOf}`].filter(Boolean).join(" · "),
    keywords: [
      model.organisation,
      model.region,
      ...briefing.units.map((unit) => v.text(unit.name)),
      ...briefing.segments.map((segment) => v.text(segment.name)),
      briefing.period.as_of,
    ],
    creator: GENERATOR,
    date: dateOf(briefing),
    lang: v.locale.lang,
  };
}

/** An earlier period's file a briefing was compared with. */
export interface EarlierFile {
  file: string;
  role: ChangeKind;
  period: string;
}

/**
 * What an archival PDF carries: the briefing's file and the earlier periods' files it was
 * compared with, as read now (each under its own name; an earlier one whose name is taken is
 * prefixed with its role), and the figures derived from them. A template set's files are not
 * attached: they shape the page, not its figures.
 */
function archivalOf(rendered: Rendered, earlier: readonly EarlierFile[]): Archival {
  const { checked, view: v, lang, model } = rendered;
  const taken = new Set<string>();
  const nameFor = (file: string, prefix: string) => {
    const base = path.basename(file);
    const name = taken.has(base) ? `${prefix}-${base}` : base;
    taken.add(name);
    return name;
  };
  const files: SourceFile[] = [
    {
      name: nameFor(checked.source.file, "briefing"),
      bytes: readFileSync(checked.source.file),
      role: "briefing",
    },
    ...earlier.map((e) => ({
      name: nameFor(e.file, e.role),
      bytes: readFileSync(e.file),
      role: e.role,
      period: e.period,
    })),
  ];
  // The sheets their units are read from, each beside the file that names it, as it names it.
  const yamlFiles = [checked.source.file, ...earlier.map((e) => e.file)];
  for (const [i, file] of yamlFiles.entries()) {
    const sheet = sheetFileOf(file, parseYaml(file, readFileSync(file)).data);
    const of = files[i]?.name;
    if (sheet === undefined || of === undefined) continue;
    files.push({
      name: nameFor(sheet, "sheet"),
      bytes: readFileSync(sheet),
      role: "sheet",
      of,
      path: path.relative(path.dirname(file), sheet),
    });
  }
  return {
    files,
    record: {
      generator: GENERATOR,
      title: model.title,
      asOf: checked.briefing.period.as_of,
      lang,
      figures: figuresOf(checked.derived, v.changes),
    },
  };
}

export const pdf: Format = {
  id: "pdf",
  async make({ rendered, name, printer, print, archival }) {
    if (!printer) throw new Error("the PDF format needs a printer");
    // The printer finishes the PDF (its metadata, bookmarks and tags; PDF/A when asked) on
    // its own thread, once the page is free for the next briefing.
    const { briefing } = rendered.checked;
    const meta = pdfMetadata(briefing, rendered.model, rendered.view);
    const carried = archival ? archivalOf(rendered, archival) : undefined;
    const data = await printer.print(rendered.html, {
      javascript: rendered.javascript,
      ...print,
      finish: { meta, ...(carried ? { archival: carried } : {}) },
    });
    return [{ name: `${name}.pdf`, data }];
  },
};
