/**
 * One recipient's message for a period: a short summary of each briefing meant for them (key
 * figures and narrative, in their language, derived again from the same data the archived PDF
 * was built from) and the archived PDFs attached, byte for byte.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import MailComposer from "nodemailer/lib/mail-composer";
import { formatOf, type ManifestEntry } from "../archive/manifest.js";
import { checkFile } from "../check/check-file.js";
import { changesOf, type Earlier } from "../derive/change.js";
import { type Issue, invalidInput } from "../errors.js";
import { FORMAT_INFO, isFormatId, type OutputFormat } from "../formats/ids.js";
import { figureText, type MarkKind } from "../locale/figure-text.js";
import { interpolate } from "../locale/format.js";
import { loadLocale } from "../locale/locale.js";
import { withWords } from "../locale/measure.js";
import { t } from "../locale/messages.js";
import { keyFigures } from "../render/figures.js";
import { titleOf } from "../render/model.js";
import { narrative } from "../render/narrative.js";
import type { TemplateSet } from "../render/templates.js";
import { type View, view } from "../render/view.js";
import { GENERATOR } from "../version.js";
import type { SentBriefing } from "./ledger.js";
import type { Recipient } from "./recipients.js";

export interface Message {
  recipient: Recipient;
  messageId: string;
  /** Every address it goes to: the recipient's, then their cc. */
  to: string[];
  briefings: SentBriefing[];
  attachments: { filename: string; path: string; bytes: number }[];
  subject: string;
  /** The whole message, as sent and as written to a .eml file. */
  raw: Buffer;
}

/** 0.21 MB, 10 MB: three significant digits at most, so that small limits are not shown as 0. */
const megabytes = (bytes: number) => `${Number((bytes / 1048576).toPrecision(3))} MB`;

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** Stale means the archive no longer matches its manifest: build again before sending. */
function stale(file: string, message: string): Issue {
  return {
    severity: "error",
    file,
    message,
    hint: t`Build the archive again (briefing build <data>), then send.`,
  };
}

/** Legend lines for the marks the cards and the narrative carry, each once. */
function legendOf(v: View, cardMarks: readonly MarkKind[], narrativeLegend: readonly string[]) {
  return [...new Set([...v.legend(cardMarks), ...narrativeLegend])];
}

/** The Message-ID is fixed by what is sent: the same briefings to the same person, the same ID. */
export function messageIdFor(
  recipient: string,
  period: string,
  briefings: SentBriefing[],
  from: string,
): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "briefing.invalid";
  // The PDFs' bytes fix the ID, as they always have, so that ledgers written before stay valid.
  const sent = briefings.map(({ key, sha256: bytes }) => ({ key, sha256: bytes }));
  const id = sha256(JSON.stringify([recipient.toLowerCase(), period, sent])).slice(0, 32);
  return `<${id}.briefing@${domain}>`;
}

export async function composeMessage(options: {
  recipient: Recipient;
  period: string;
  entries: ManifestEntry[];
  outDir: string;
  templates: TemplateSet;
  from: string;
  maxAttachmentBytes: number;
}): Promise<Message> {
  const { recipient, period, entries, outDir, templates } = options;
  // The message's own words are general; each briefing in it speaks in its own (its view's).
  const general = await loadLocale(templates.dirs, recipient.language);
  const locale = withWords(general, general.measure);
  const problems: Issue[] = [];
  const briefings: SentBriefing[] = [];
  const attachments: Message["attachments"] = [];
  const summaries = [];

  for (const entry of entries) {
    const pdf = entry.outputs.find((o) => formatOf(o) === "pdf");
    const pdfPath = pdf ? path.join(outDir, pdf.path) : undefined;
    if (!pdf || !pdfPath) {
      problems.push(
        stale(
          path.join(outDir, entry.period),
          t`${entry.period}/${entry.series} has no PDF in the archive`,
        ),
      );
      continue;
    }
    const bytes = readFileSync(pdfPath);
    if (sha256(bytes) !== pdf.sha256) {
      problems.push(stale(pdfPath, "the PDF is not the one the manifest records"));
      continue;
    }
    if (bytes.length > options.maxAttachmentBytes) {
      problems.push({
        severity: "error",
        file: pdfPath,
        message: t`the attachment is ${megabytes(bytes.length)}, larger than the limit of ${megabytes(options.maxAttachmentBytes)}`,
        hint: t`Raise the limit with --max-attachment-mb (or max_attachment_mb in the SMTP config), if the mail server takes it.`,
      });
      continue;
    }
    // The summary is derived again, in the recipient's language, from the very inputs the
    // archived PDF was built from (checked by their sha256).
    const inputs = entry.inputs.map((input) => path.resolve(outDir, input.path));
    const changed = entry.inputs.find(
      (input, i) => sha256(readFileSync(inputs[i] as string)) !== input.sha256,
    );
    if (changed) {
      problems.push(
        stale(path.resolve(outDir, changed.path), "changed since the archive was built"),
      );
      continue;
    }
    const checked = await checkFile(inputs[0] as string);
    const earlier: Earlier[] = [];
    for (const [i, input] of entry.inputs.entries()) {
      if (i === 0 || !input.role || !input.period) continue;
      earlier.push({
        period: input.period,
        kind: input.role,
        derived: (await checkFile(inputs[i] as string)).derived,
      });
    }
    const v = view(checked.briefing, checked.derived, general, changesOf(checked.derived, earlier));
    // A copy in another of the archive's languages says which: alpha-2024-03.en.pdf.
    const filename = `${entry.series}-${entry.period}${entry.translation ? `.${entry.translation}` : ""}.pdf`;
    const story = narrative(v);
    const cards = keyFigures(v);
    summaries.push({
      title: titleOf(v),
      region: v.region,
      asOf: v.fmt.date(checked.briefing.period.as_of, "long"),
      illustrative: entry.summary.illustrative,
      keyFigures: cards,
      narrative: story.sentences,
      legend: legendOf(
        v,
        cards.flatMap((c) => c.marks),
        story.legend,
      ),
      attachment: filename,
      // What else of it the archive holds: "HTML, Slides, PowerPoint".
      others: [...new Set(entry.outputs.map(formatOf))]
        .filter((f): f is OutputFormat => f !== undefined && f !== "pdf" && isFormatId(f))
        .map((f) => FORMAT_INFO[f].label)
        .join(", "),
    });
    briefings.push({
      key: `${entry.period}/${entry.series}`,
      sha256: pdf.sha256,
      ...(entry.content ? { content: entry.content } : {}),
    });
    attachments.push({ filename, path: pdfPath, bytes: statSync(pdfPath).size });
  }
  if (problems.length > 0) throw invalidInput(problems);

  const periodLabel = figureText(locale, 1).date(period, "month");
  const label = (key: string, values: Record<string, string>) =>
    interpolate(
      (Object.hasOwn(locale.labels, key) ? locale.labels[key] : undefined) ?? key,
      values,
    );
  const model = {
    lang: locale.lang,
    subject: label("email_subject", { period: periodLabel }),
    greeting: label("email_greeting", { name: recipient.name }),
    intro: label("email_intro", { period: periodLabel }),
    from: options.from,
    briefings: summaries,
    generator: GENERATOR,
  };
  const { subject, text, html } = templates.renderEmail(model, { locale, decimals: 1, css: "" });
  const to = [recipient.email, ...recipient.cc];
  const messageId = messageIdFor(recipient.email, period, briefings, options.from);
  const raw = await new MailComposer({
    from: options.from,
    to: { name: recipient.name, address: recipient.email },
    cc: recipient.cc,
    subject,
    text,
    html,
    messageId,
    headers: { "X-Briefing-Period": period, "X-Mailer": GENERATOR },
    attachments: attachments.map((a) => ({
      filename: a.filename,
      path: a.path,
      contentType: "application/pdf",
    })),
  })
    .compile()
    .build();
  return { recipient, messageId, to, briefings, attachments, subject, raw };
}
