/**
 * Deliver stage: `briefing send --period 2020-10`. Each recipient gets one message with the
 * period's briefings meant for them, once.
 *
 *   plan (from the manifest, the recipients and the ledger) → compose → record "prepared"
 *   with its Message-ID → send, retrying temporary failures → record the outcome
 *
 * Never twice: what the ledger says was accepted is not sent again; a message whose fate is
 * unknown (the connection ended after the data, or the run was killed mid-send) is not sent
 * again on our own. Never lost: every step is on disk before the next one starts.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { type ManifestEntry, readManifest } from "../archive/manifest.js";
import {
  type Chosen,
  recipientsToSend,
  templatesChanged,
  templatesToSend,
} from "../archive/named.js";
import { BriefingError, type Issue, usageError } from "../errors.js";
import { t } from "../locale/messages.js";
import { slugify } from "../output/slug.js";
import { writeAll } from "../output/write.js";
import { loadTemplates } from "../render/templates.js";
import { Ledger, type MessageState, readLedger, type SentBriefing } from "./ledger.js";
import { composeMessage, type Message } from "./message.js";
import { loadRecipients, type Recipient } from "./recipients.js";
import {
  asMailError,
  classify,
  createTransport,
  type MailError,
  redact,
  type SmtpSettings,
  smtpSettings,
} from "./smtp.js";

export interface SendOptions {
  outDir: string;
  period: string;
  /** Instead of the recipients file the archive names (see archive/named.ts). */
  recipientsFile?: string;
  /** Write the messages to <out>/<period>/outbox/*.eml and send nothing. */
  dryRun?: boolean;
  /** Only this recipient (their email). */
  only?: string;
  /** Send again a briefing whose PDF changed since it was sent. */
  resendChanged?: boolean;
  /** Send again messages whose delivery is unknown. */
  resendUnknown?: boolean;
  /** Try again addresses the server refused for good (a 5xx) on an earlier run. */
  resendRefused?: boolean;
  smtpConfig?: string;
  env?: NodeJS.ProcessEnv;
  maxAttachmentMb?: number;
  /** Overrides of the SMTP settings' retry policy (tests use short waits). */
  retries?: number;
  retryDelayMs?: number;
  /** Instead of the template set the archive was built with. */
  templates?: string;
  onEvent?: (event: SendEvent) => void;
  /** Warnings: the archive's recipients or templates changed since it was built. */
  onIssue?: (issue: Issue) => void;
}

export type Outcome = "sent" | "written" | "skipped" | "failed" | "unknown";

export interface SendEvent {
  recipient: string;
  outcome: Outcome;
  /** Why skipped, failed or unknown; where written. */
  detail: string;
  messageId?: string;
}

export interface SendReport {
  /** The recipients file and template folder used, and whether given instead of the archive's. */
  recipients: Chosen<string>;
  templates: Chosen<string | undefined>;
  events: SendEvent[];
  count: (outcome: Outcome) => number;
}

/**
 * The same briefings: the same keys, each with the same content (what it says), or, for a
 * ledger written before contents were recorded, the same PDF bytes. A PDF printed again by
 * another version of the tool, saying the same, is not a changed briefing.
 */
const same = (a: readonly SentBriefing[], b: readonly SentBriefing[]) => {
  if (a.length !== b.length) return false;
  const other = new Map(b.map((x) => [x.key, x]));
  return a.every((x) => {
    const y = other.get(x.key);
    if (!y) return false;
    return x.content !== undefined && y.content !== undefined
      ? x.content === y.content
      : x.sha256 === y.sha256;
  });
};

function meantFor(recipient: Recipient, entries: ManifestEntry[]): ManifestEntry[] {
  const theirs = entries.filter((entry) => {
    const series = recipient.series.includes("*") || recipient.series.includes(entry.series);
    const unit = !recipient.units || recipient.units.includes(entry.summary.focus?.id ?? "");
    return series && unit;
  });
  // A briefing archived in several languages is sent once: in the recipient's language when
  // it is one of them, else in the archive's first.
  return theirs.filter((entry) => {
    const copies = theirs.filter((e) => e.series === entry.series);
    const own = copies.find((e) => e.summary.lang === recipient.language);
    return own ? own === entry : entry.translation === undefined;
  });
}

type Decision =
  | { send: true; pending: string[]; previous: MessageState | undefined }
  | { send: false; outcome: Outcome; detail: string };

/** What the ledger says about this recipient, this period, and these exact briefings. */
function decide(message: Message, history: MessageState[], options: SendOptions): Decision {
  const mine = history.filter(
    (s) =>
      s.recipient.toLowerCase() === message.recipient.email.toLowerCase() &&
      s.period === options.period,
  );
  const previous = mine.find((s) => s.messageId === message.messageId);
  const unknown = (state: MessageState): Decision => ({
    send: false,
    outcome: "unknown",
    detail: t`delivery of ${state.messageId} is unknown (${state.reason ?? t`the run ended while sending`}): it may have arrived. Check with the recipient or the server log; to send it again, run with --resend-unknown --only ${message.recipient.email}`,
  });
  if (
    previous &&
    (previous.status === "unknown" || previous.status === "open") &&
    !options.resendUnknown
  ) {
    return unknown(previous);
  }
  // An earlier version that may have reached them (sent, in part, or unknown) is not followed
  // by a new one unasked; one that certainly failed is.
  const earlier = previous
    ? undefined
    : mine.find((s) => s.messageId !== message.messageId && s.status !== "failed");
  if (earlier && same(earlier.briefings, message.briefings)) {
    // The same PDFs under another Message-ID: the sender address changed, not the briefings.
    return { send: false, outcome: "skipped", detail: t`already sent as ${earlier.messageId}` };
  }
  if (earlier && !options.resendChanged) {
    return {
      send: false,
      outcome: "skipped",
      detail: t`the briefings changed since ${earlier.messageId} (${earlier.status}); send them again with --resend-changed`,
    };
  }
  // Addresses that have this message already are not sent it again; a cc added since is.
  // Addresses refused for good are not tried again unless asked.
  const accepted = previous?.accepted ?? new Set<string>();
  const refused = options.resendRefused
    ? new Map<string, string>()
    : (previous?.refused ?? new Map());
  const pending = message.to.filter(
    (address) => !accepted.has(address.toLowerCase()) && !refused.has(address.toLowerCase()),
  );
  if (pending.length === 0) {
    const reasons = [
      ...new Set(
        message.to.flatMap((address) => {
          const reason = refused.get(address.toLowerCase());
          return reason === undefined ? [] : [reason.replace(/^refused: /, "")];
        }),
      ),
    ];
    return {
      send: false,
      outcome: "skipped",
      detail:
        reasons.length > 0
          ? accepted.size > 0
            ? t`already sent (${message.messageId}); not tried again, refused before: ${reasons.join("; ")}; to try again, run with --resend-refused`
            : t`not tried again, refused before: ${reasons.join("; ")}; to try again, run with --resend-refused`
          : t`already sent (${message.messageId})`,
    };
  }
  return { send: true, pending, previous };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each refused address's answer, as nodemailer attaches them to a result or an error. */
function rejectedErrorsOf(value: unknown): unknown[] {
  if (value && typeof value === "object" && "rejectedErrors" in value) {
    const errors = (value as { rejectedErrors?: unknown }).rejectedErrors;
    return Array.isArray(errors) ? errors : [];
  }
  return [];
}

interface Delivery {
  outcome: Outcome;
  detail: string;
}

/** Sends one message, retrying what is temporary, recording every step in the ledger. */
async function deliver(
  message: Message,
  pending: string[],
  settings: SmtpSettings,
  ledger: Ledger,
): Promise<Delivery> {
  const transport = createTransport(settings);
  const at = () => new Date().toISOString();
  const { messageId } = message;
  const accepted: string[] = [];
  const describe = (e: MailError) => {
    const text = e.response ?? e.message;
    // The server's reply already starts with its code: do not say it twice.
    const shown =
      e.responseCode !== undefined && !text.startsWith(String(e.responseCode))
        ? `${e.responseCode} ${text}`
        : text;
    return redact(shown, settings);
  };
  /** Sorts refused addresses into those to try again (4xx) and those refused for good. */
  const refused = async (addresses: string[], errors: unknown[]) => {
    if (addresses.length === 0 || errors.length === 0) return undefined;
    const answer = (address: string) =>
      asMailError(errors.find((e) => String((e as { recipient?: unknown }).recipient) === address));
    const temporary = addresses.filter((a) => {
      const code = answer(a).responseCode;
      return code !== undefined && code >= 400 && code < 500;
    });
    const forGood = addresses.filter((a) => !temporary.includes(a));
    const reason = `refused: ${addresses.map((a) => `${a} (${describe(answer(a))})`).join(", ")}`;
    // Refused for good: recorded, so that it is reported at the end (whatever the others do)
    // and not tried again on the next run unless asked.
    if (forGood.length > 0) {
      const why = `refused: ${forGood.map((a) => `${a} (${describe(answer(a))})`).join(", ")}`;
      refusedForGood.push(why);
      await ledger.append({
        event: "rejected",
        at: at(),
        messageId,
        addresses: forGood,
        reason: why,
      });
    }
    return { temporary, reason };
  };
  /** Addresses refused for good over all attempts: the message failed for them. */
  const refusedForGood: string[] = [];
  const outcome = (): Delivery =>
    refusedForGood.length > 0
      ? {
          outcome: "failed",
          detail: t`sent to ${accepted.join(", ")}; ${refusedForGood.join("; ")}`,
        }
      : { outcome: "sent", detail: t`to ${accepted.join(", ")}` };
  const fail = async (reason: string): Promise<Delivery> => {
    await ledger.append({ event: "failed", at: at(), messageId, reason });
    return {
      outcome: "failed",
      detail: accepted.length > 0 ? t`sent to ${accepted.join(", ")}; ${reason}` : reason,
    };
  };

  let to = pending;
  try {
    for (let attempt = 1; ; attempt++) {
      let dataSent = false;
      const stream = Readable.from([message.raw]);
      stream.on("end", () => {
        dataSent = true;
      });
      let reason: string;
      try {
        const info = await transport.sendMail({
          envelope: { from: settings.from, to },
          raw: stream,
        });
        accepted.push(...info.accepted.map(String));
        await ledger.append({
          event: "sent",
          at: at(),
          messageId,
          accepted: info.accepted.map(String),
          response: redact(info.response, settings),
        });
        // Some addresses refused: those refused for now are tried again, the rest reported.
        const refusal = await refused(info.rejected.map(String), rejectedErrorsOf(info));
        // A 550 on one cc while another got a 451 and was sent on the retry was reported
        // "sent": the outcome counts every refusal of every attempt.
        if (!refusal || refusal.temporary.length === 0) return outcome();
        reason = refusal.reason;
        to = refusal.temporary;
      } catch (error) {
        // Every address refused: nodemailer throws, with each address's answer attached.
        const refusal = await refused(to, rejectedErrorsOf(error));
        if (refusal) {
          if (refusal.temporary.length === 0) return fail(refusal.reason);
          reason = refusal.reason;
          to = refusal.temporary;
        } else {
          const mailError = asMailError(error);
          reason = describe(mailError);
          const kind = classify(mailError, dataSent);
          if (kind === "permanent") return fail(reason);
          if (kind === "unknown") {
            await ledger.append({ event: "unknown", at: at(), messageId, reason });
            return {
              outcome: "unknown",
              detail: t`the connection ended after the message was sent (${reason}): it may have arrived. It is not sent again on its own; to send it again, run with --resend-unknown --only ${message.recipient.email}`,
            };
          }
        }
      }
      if (attempt > settings.retries) return fail(`gave up after ${attempt} attempts: ${reason}`);
      await ledger.append({ event: "retry", at: at(), messageId, to, reason, attempt });
      await sleep(settings.retryDelayMs * 2 ** (attempt - 1));
    }
  } finally {
    transport.close();
  }
}

export async function send(options: SendOptions): Promise<SendReport> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.period)) {
    throw usageError(
      t`--period must be a month written YYYY-MM, not ${JSON.stringify(options.period)}`,
    );
  }
  const { manifest, problem } = readManifest(options.outDir);
  if (problem) throw usageError(problem);
  const entries = manifest.briefings.filter((b) => b.period === options.period);
  if (entries.length === 0) {
    throw usageError(
      t`no briefings for ${options.period} in ${options.outDir}`,
      t`Build the archive first: briefing build <data folder>.`,
    );
  }
  const onIssue = options.onIssue ?? (() => undefined);
  // The archive's own recipients and templates, never the current folder's.
  const recipientsFile = recipientsToSend(
    options.outDir,
    manifest,
    options.recipientsFile,
    onIssue,
  );
  const templatesDir = templatesToSend(options.outDir, manifest, options.templates);
  let recipients = await loadRecipients(recipientsFile.used);
  if (options.only) {
    const only = options.only.toLowerCase();
    recipients = recipients.filter((r) => r.email.toLowerCase() === only);
    if (recipients.length === 0)
      throw usageError(t`${options.only} is not in ${recipientsFile.used}`);
  }
  // In a dry run the SMTP server need not be configured; the sender falls back to a placeholder.
  const settings = await smtpSettings(
    options.smtpConfig,
    options.dryRun
      ? {
          BRIEFING_SMTP_HOST: "dry-run.invalid",
          BRIEFING_SMTP_FROM: "briefing@dry-run.invalid",
          ...(options.env ?? process.env),
        }
      : (options.env ?? process.env),
    { maxAttachmentMb: options.maxAttachmentMb },
  );
  if (options.retries !== undefined) settings.retries = options.retries;
  if (options.retryDelayMs !== undefined) settings.retryDelayMs = options.retryDelayMs;

  const templates = loadTemplates(templatesDir.used);
  templatesChanged(manifest, templates, templatesDir, onIssue);
  const history = readLedger(options.outDir);
  const events: SendEvent[] = [];
  const report = (event: SendEvent) => {
    const safe = { ...event, detail: redact(event.detail, settings) };
    events.push(safe);
    options.onEvent?.(safe);
  };
  const ledger = options.dryRun ? undefined : await Ledger.open(options.outDir);
  try {
    for (const recipient of recipients) {
      const theirs = meantFor(recipient, entries);
      if (theirs.length === 0) {
        report({
          recipient: recipient.email,
          outcome: "skipped",
          detail: t`no briefing of ${options.period} is meant for them`,
        });
        continue;
      }
      let message: Message;
      try {
        message = await composeMessage({
          recipient,
          period: options.period,
          entries: theirs,
          outDir: options.outDir,
          templates,
          from: settings.from,
          maxAttachmentBytes: settings.maxAttachmentBytes,
        });
      } catch (error) {
        if (!(error instanceof BriefingError)) throw error;
        const detail =
          error.issues.map((i) => `${i.file}: ${i.message}`).join("; ") || error.message;
        report({ recipient: recipient.email, outcome: "failed", detail });
        continue;
      }
      if (options.dryRun) {
        const outbox = path.join(options.outDir, options.period, "outbox");
        await mkdir(outbox, { recursive: true });
        const name = `${slugify(recipient.email.replace("@", "-at-"))}.eml`;
        await writeAll(outbox, [{ name, data: message.raw }]);
        report({
          recipient: recipient.email,
          outcome: "written",
          detail: path.join(outbox, name),
          messageId: message.messageId,
        });
        continue;
      }
      const decision = decide(message, history, options);
      if (!decision.send) {
        report({
          recipient: recipient.email,
          outcome: decision.outcome,
          detail: decision.detail,
          messageId: message.messageId,
        });
        continue;
      }
      if (!ledger) throw new Error("sending without a ledger");
      // The Message-ID is on disk before a byte goes to the server.
      await ledger.append({
        event: "prepared",
        at: new Date().toISOString(),
        messageId: message.messageId,
        recipient: recipient.email,
        to: message.to,
        period: options.period,
        briefings: message.briefings,
      });
      const result = await deliver(message, decision.pending, settings, ledger);
      report({ recipient: recipient.email, ...result, messageId: message.messageId });
    }
  } finally {
    await ledger?.close();
  }
  return {
    recipients: recipientsFile,
    templates: templatesDir,
    events,
    count: (outcome) => events.filter((e) => e.outcome === outcome).length,
  };
}
