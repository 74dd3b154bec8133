/**
 * `briefing send`, against a real SMTP server on 127.0.0.1 (test/support/smtp.ts) whose faults
 * each test scripts: every recipient gets one message with the period's briefings meant for
 * them, in their language, the archived PDFs attached byte for byte; once, whatever fails on
 * the way (a refusal for now or for good, a refused connection, a connection dropped after the
 * data, a run killed mid-send, a rebuilt PDF); and the password is never shown.
 *
 * The fixture archive (alpha 2024-01..03, beta 2024-02) is built once with real Chromium; each
 * test sends from a copy of it, with a ledger of its own.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { FileRecordValue as FileRecord } from "../../src/archive/manifest.js";
import { buildArchive } from "../../src/archive/run.js";
import { LEDGER, type LedgerEvent } from "../../src/deliver/ledger.js";
import { type SendOptions, type SendReport, send } from "../../src/deliver/send.js";
import { type ArchiveCopy, copyOf, fixtureArchive } from "../support/archive.js";
import { spawnBriefing } from "../support/cli.js";
import { removeTempDirs, tempDir } from "../support/files.js";
import {
  closedPort,
  type DataAction,
  type Faults,
  FROM,
  parse,
  rcptAccepted,
  smtpEnv,
  startSmtp,
  type TestSmtp,
  type Transaction,
} from "../support/smtp.js";

/** A person in recipients.yaml. */
interface Person {
  name: string;
  title?: string;
  email: string;
  cc?: string[];
  language?: string;
  series: string[];
  units?: string[];
}

const KEPALA: Person = {
  name: "Kepala Alpha",
  title: "Kepala Kantor Alpha",
  email: "kepala.alpha@example.org",
  cc: ["ajudan.alpha@example.org"],
  language: "id",
  series: ["alpha"],
};
const LIAISON: Person = {
  name: "Liaison",
  email: "liaison@example.org",
  language: "en",
  series: ["*"],
};
const KANWIL: Person = { name: "Kanwil", email: "kanwil@example.org", series: ["*"] };
/** Nothing in 2024-03: beta has February only. */
const BETA: Person = { name: "Beta", email: "beta@example.org", series: ["beta"] };
/** Nothing at all: every fixture briefing's focus is unit a. */
const UNIT_B: Person = {
  name: "Unit B",
  email: "unit.b@example.org",
  series: ["*"],
  units: ["b"],
};

const PERIOD = "2024-03";

const PASSWORD = "s3cret-Pa55word-xyzzy";
/** The password as it may leak: itself, and base64 as AUTH LOGIN and AUTH PLAIN send it. */
const SECRETS = [
  PASSWORD,
  Buffer.from(PASSWORD).toString("base64"),
  Buffer.from(`\0sender\0${PASSWORD}`).toString("base64"),
];
/** The server's settings, with a login it refuses. */
const withLogin = (server: TestSmtp) => ({
  ...server.env,
  BRIEFING_SMTP_USER: "sender",
  BRIEFING_SMTP_PASSWORD: PASSWORD,
});

afterAll(removeTempDirs);

/** The fixture, built once; tests send from copies of it. */
let base: ArchiveCopy;
beforeAll(async () => {
  base = fixtureArchive();
  const result = await buildArchive({ dataDir: base.data, outDir: base.out, onIssue: () => {} });
  expect(result.failed).toEqual([]);
});

/** Servers started by the tests (some run at once), closed at the end. */
const servers: TestSmtp[] = [];
async function smtp(faults: Faults = {}, port = 0): Promise<TestSmtp> {
  const server = await startSmtp(faults, port);
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function recipientsFile(people: Person[]): string {
  const file = path.join(tempDir("briefing-recipients-"), "recipients.yaml");
  writeFileSync(file, stringify({ recipients: people }));
  return file;
}

/** A fresh copy of the built archive (no ledger yet) and a recipients file. */
function setup(people: Person[]): { archive: ArchiveCopy; recipients: string } {
  return { archive: copyOf(base), recipients: recipientsFile(people) };
}

function sendWith(
  server: Pick<TestSmtp, "env">,
  archive: ArchiveCopy,
  recipients: string,
  options: Partial<SendOptions> = {},
): Promise<SendReport> {
  return send({
    outDir: archive.out,
    period: PERIOD,
    recipientsFile: recipients,
    env: server.env,
    retryDelayMs: 50,
    ...options,
  });
}

const eventOf = (report: SendReport, recipient: string) => {
  const found = report.events.find((e) => e.recipient === recipient);
  if (!found) throw new Error(`no event for ${recipient}`);
  return found;
};

function ledgerOf(archive: ArchiveCopy): LedgerEvent[] {
  const file = path.join(archive.out, LEDGER);
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LedgerEvent);
}

/** The ledger's events about one message, by kind. */
const about = (archive: ArchiveCopy, messageId: string | undefined) =>
  ledgerOf(archive)
    .filter((e) => e.messageId === messageId)
    .map((e) => e.event);

const pdf = (archive: ArchiveCopy, period: string, series: string) =>
  readFileSync(path.join(archive.out, period, `${series}.pdf`));

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** Text as a reader searches it: no-break spaces as plain ones. */
const plain = (text: string | false | undefined) => (text || "").replace(/\u00a0/g, " ");

const addresses = (field: ParsedMail["to"]) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) =>
    a.value.map((v) => v.address),
  );

/** The messages a recipient got, in the order they arrived. */
const deliveredTo = (server: TestSmtp, email: string) =>
  server.accepted().filter((t) => rcptAccepted(t).includes(email));

const briefing = (args: string[], env: Record<string, string> = {}) =>
  spawnBriefing(args, { env }).done;

const sendArgs = (archive: ArchiveCopy, recipients: string, ...more: string[]) => [
  "send",
  "--period",
  PERIOD,
  "--out",
  archive.out,
  "--recipients",
  recipients,
  ...more,
];

describe("what arrives", () => {
  it("says what else of a briefing the archive holds: its other formats, by name", async () => {
    const { archive, recipients } = setup([KEPALA]);
    const result = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      formats: ["html", "pdf", "xlsx"],
      onIssue: () => {},
    });
    expect(result.failed).toEqual([]);
    const server = await smtp();
    await sendWith(server, archive, recipients);
    const [message] = deliveredTo(server, KEPALA.email);
    if (!message) throw new Error("nothing arrived for the kepala");
    const mail = await parse(message);
    expect(plain(mail.text)).toContain(
      "Terlampir: alpha-2024-03.pdf\nJuga ada di arsip: HTML, Excel",
    );
    expect(plain(mail.html)).toContain("Juga ada di arsip: HTML, Excel");
    expect(mail.attachments.map((a) => a.filename)).toEqual(["alpha-2024-03.pdf"]);
  });

  it("from an archive in two languages, sends each recipient the copy in their language, once", async () => {
    const { archive, recipients } = setup([KEPALA, LIAISON, KANWIL]);
    const result = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      languages: ["id", "en"],
      onIssue: () => {},
    });
    expect(result.failed).toEqual([]);
    // Only the English copies are new: the Indonesian ones were built in Indonesian already.
    expect(result.built.every((key) => key.endsWith(".en"))).toBe(true);
    expect(result.built).toContain("2024-03/alpha.en");
    const server = await smtp();
    const report = await sendWith(server, archive, recipients);
    expect(report.count("sent")).toBe(3);
    const attached = async (email: string) => {
      const [message] = deliveredTo(server, email);
      if (!message) throw new Error(`nothing arrived for ${email}`);
      return (await parse(message)).attachments.map((a) => [a.filename, sha256(a.content)]);
    };
    const file = (name: string) => sha256(readFileSync(path.join(archive.out, PERIOD, name)));
    expect(await attached(KEPALA.email)).toEqual([["alpha-2024-03.pdf", file("alpha.pdf")]]);
    expect(await attached(LIAISON.email)).toEqual([["alpha-2024-03.en.pdf", file("alpha.en.pdf")]]);
    // No language of their own (Indonesian by default): the archive's first.
    expect(await attached(KANWIL.email)).toEqual([["alpha-2024-03.pdf", file("alpha.pdf")]]);
  });

  it("sends each recipient one message in their language, with the key figures and the archived PDF; skips who has nothing", async () => {
    const { archive, recipients } = setup([KEPALA, LIAISON, BETA, UNIT_B]);
    const server = await smtp();
    const report = await sendWith(server, archive, recipients);

    expect(report.events.map((e) => [e.recipient, e.outcome])).toEqual([
      [KEPALA.email, "sent"],
      [LIAISON.email, "sent"],
      [BETA.email, "skipped"],
      [UNIT_B.email, "skipped"],
    ]);
    expect(eventOf(report, BETA.email).detail).toBe("no briefing of 2024-03 is meant for them");
    expect(eventOf(report, UNIT_B.email).detail).toBe("no briefing of 2024-03 is meant for them");
    expect(report.count("sent")).toBe(2);
    expect(server.transactions).toHaveLength(2);
    const march = pdf(archive, PERIOD, "alpha");

    // Bahasa Indonesia, to the recipient and their cc.
    const [toKepala] = deliveredTo(server, KEPALA.email);
    if (!toKepala) throw new Error("nothing arrived for the kepala");
    expect(toKepala.from).toBe("briefing@example.org");
    expect(toKepala.rcpt).toEqual([
      { address: KEPALA.email, code: 250 },
      { address: "ajudan.alpha@example.org", code: 250 },
    ]);
    const id = await parse(toKepala);
    expect(id.subject).toBe("Bahan briefing Maret 2024 · Alpha 2024-03");
    expect(addresses(id.to)).toEqual([KEPALA.email]);
    expect(addresses(id.cc)).toEqual(["ajudan.alpha@example.org"]);
    expect(addresses(id.from)).toEqual(["briefing@example.org"]);
    expect(id.messageId).toBe(eventOf(report, KEPALA.email).messageId);
    expect(id.headers.get("x-briefing-period")).toBe(PERIOD);
    for (const body of [plain(id.text), plain(id.html)]) {
      expect(body).toContain("Yth. Kepala Alpha,");
      expect(body).toContain("480");
      expect(body).toContain("+120 sejak Februari 2024");
      expect(body).toContain("80,0%");
      expect(body).toContain("alpha-2024-03.pdf");
    }
    expect(id.attachments).toHaveLength(1);
    expect(id.attachments[0]?.filename).toBe("alpha-2024-03.pdf");
    expect(id.attachments[0]?.contentType).toBe("application/pdf");
    expect(id.attachments[0]?.content.equals(march)).toBe(true);

    // English, to the liaison alone.
    const [toLiaison] = deliveredTo(server, LIAISON.email);
    if (!toLiaison) throw new Error("nothing arrived for the liaison");
    expect(rcptAccepted(toLiaison)).toEqual([LIAISON.email]);
    const en = await parse(toLiaison);
    expect(en.subject).toBe("Briefing, March 2024 · Alpha 2024-03");
    expect(addresses(en.to)).toEqual([LIAISON.email]);
    expect(en.cc).toBeUndefined();
    expect(en.messageId).toBe(eventOf(report, LIAISON.email).messageId);
    for (const body of [plain(en.text), plain(en.html)]) {
      expect(body).toContain("Dear Liaison,");
      expect(body).toContain("480");
      expect(body).toContain("+120 since February 2024");
      expect(body).toContain("80.0%");
      expect(body).not.toContain("sejak");
    }
    expect(en.attachments.map((a) => a.filename)).toEqual(["alpha-2024-03.pdf"]);
    expect(en.attachments[0]?.content.equals(march)).toBe(true);

    // The ledger: each message prepared with its Message-ID, then sent to every address.
    const ledger = ledgerOf(archive);
    expect(ledger.map((e) => [e.event, e.messageId])).toEqual([
      ["prepared", id.messageId],
      ["sent", id.messageId],
      ["prepared", en.messageId],
      ["sent", en.messageId],
    ]);
    expect(ledger[1]).toMatchObject({ accepted: [KEPALA.email, "ajudan.alpha@example.org"] });
  });

  it("sends each recipient the series and units meant for them: every one of the period's PDFs for *", async () => {
    const { archive, recipients } = setup([KEPALA, LIAISON, BETA, UNIT_B]);
    const server = await smtp();
    const report = await sendWith(server, archive, recipients, { period: "2024-02" });
    expect(report.events.map((e) => [e.recipient, e.outcome])).toEqual([
      [KEPALA.email, "sent"],
      [LIAISON.email, "sent"],
      [BETA.email, "sent"],
      [UNIT_B.email, "skipped"],
    ]);
    const attached = async (email: string) => {
      const [t, ...more] = deliveredTo(server, email);
      expect(more).toEqual([]);
      if (!t) throw new Error(`nothing arrived for ${email}`);
      return (await parse(t)).attachments;
    };
    const alpha = pdf(archive, "2024-02", "alpha");
    const beta = pdf(archive, "2024-02", "beta");

    const kepala = await attached(KEPALA.email);
    expect(kepala.map((a) => a.filename)).toEqual(["alpha-2024-02.pdf"]);
    expect(kepala[0]?.content.equals(alpha)).toBe(true);

    const liaison = await attached(LIAISON.email);
    expect(liaison.map((a) => a.filename).sort()).toEqual([
      "alpha-2024-02.pdf",
      "beta-2024-02.pdf",
    ]);
    for (const a of liaison) {
      expect(a.content.equals(a.filename?.startsWith("alpha") ? alpha : beta)).toBe(true);
    }

    const onlyBeta = await attached(BETA.email);
    expect(onlyBeta.map((a) => a.filename)).toEqual(["beta-2024-02.pdf"]);
    expect(onlyBeta[0]?.content.equals(beta)).toBe(true);
    expect(server.accepted()).toHaveLength(3);
  });

  it("sends nothing on a second run: every message was already sent", async () => {
    const { archive, recipients } = setup([KEPALA, LIAISON, BETA]);
    const server = await smtp();
    const first = await sendWith(server, archive, recipients);
    expect(first.count("sent")).toBe(2);
    const connections = server.connections;
    const lines = ledgerOf(archive).length;

    const second = await sendWith(server, archive, recipients);
    expect(second.count("sent")).toBe(0);
    for (const person of [KEPALA, LIAISON]) {
      const event = eventOf(second, person.email);
      expect(event.outcome).toBe("skipped");
      expect(event.detail).toBe(`already sent (${eventOf(first, person.email).messageId})`);
    }
    expect(server.connections).toBe(connections);
    expect(server.transactions).toHaveLength(2);
    expect(ledgerOf(archive)).toHaveLength(lines);
  });
});

describe("--dry-run", () => {
  it("writes one .eml per recipient to <out>/<period>/outbox/, sends nothing, records nothing; the real send has the same Message-IDs", async () => {
    const { archive, recipients } = setup([KEPALA, LIAISON, BETA]);
    const server = await smtp();
    const report = await sendWith(server, archive, recipients, { dryRun: true });

    const outbox = path.join(archive.out, PERIOD, "outbox");
    expect(report.events.map((e) => [e.recipient, e.outcome])).toEqual([
      [KEPALA.email, "written"],
      [LIAISON.email, "written"],
      [BETA.email, "skipped"],
    ]);
    expect(readdirSync(outbox).sort()).toEqual([
      "kepala-alpha-at-example-org.eml",
      "liaison-at-example-org.eml",
    ]);
    expect(eventOf(report, KEPALA.email).detail).toBe(
      path.join(outbox, "kepala-alpha-at-example-org.eml"),
    );
    const march = pdf(archive, PERIOD, "alpha");
    const kepala = await simpleParser(
      readFileSync(path.join(outbox, "kepala-alpha-at-example-org.eml")),
    );
    expect(kepala.subject).toBe("Bahan briefing Maret 2024 · Alpha 2024-03");
    expect(addresses(kepala.to)).toEqual([KEPALA.email]);
    expect(addresses(kepala.cc)).toEqual(["ajudan.alpha@example.org"]);
    expect(kepala.messageId).toBe(eventOf(report, KEPALA.email).messageId);
    expect(kepala.attachments).toHaveLength(1);
    expect(kepala.attachments[0]?.content.equals(march)).toBe(true);
    const liaison = await simpleParser(
      readFileSync(path.join(outbox, "liaison-at-example-org.eml")),
    );
    expect(liaison.subject).toBe("Briefing, March 2024 · Alpha 2024-03");
    expect(liaison.attachments[0]?.content.equals(march)).toBe(true);

    expect(server.connections).toBe(0);
    expect(existsSync(path.join(archive.out, LEDGER))).toBe(false);

    // What was previewed is what goes out.
    const real = await sendWith(server, archive, recipients);
    expect(real.count("sent")).toBe(2);
    expect(eventOf(real, KEPALA.email).messageId).toBe(kepala.messageId);
    expect(eventOf(real, LIAISON.email).messageId).toBe(liaison.messageId);
  });

  it("needs no SMTP server configured", async () => {
    const { archive, recipients } = setup([LIAISON]);
    const report = await sendWith({ env: {} }, archive, recipients, { dryRun: true });
    expect(report.count("written")).toBe(1);
  });
});

describe("temporary failures", () => {
  it("retries a message answered 451 after its data, with the same Message-ID, until it is taken", async () => {
    const { archive, recipients } = setup([LIAISON]);
    const server = await smtp({
      data: (n) => (n <= 2 ? { code: 451, message: "4.3.0 try again later" } : "accept"),
    });
    const report = await sendWith(server, archive, recipients, { retries: 3 });

    const event = eventOf(report, LIAISON.email);
    expect(event.outcome).toBe("sent");
    expect(server.transactions.map((t) => t.outcome)).toEqual(["refused", "refused", "accepted"]);
    expect(server.accepted()).toHaveLength(1);
    // Every attempt carried the Message-ID recorded before the first one.
    const prepared = ledgerOf(archive).find((e) => e.event === "prepared");
    expect(prepared?.messageId).toBe(event.messageId);
    expect(server.transactions.map((t) => t.messageId)).toEqual([
      event.messageId,
      event.messageId,
      event.messageId,
    ]);
    const ledger = ledgerOf(archive);
    expect(ledger.map((e) => e.event)).toEqual(["prepared", "retry", "retry", "sent"]);
    expect(ledger.every((e) => e.messageId === event.messageId)).toBe(true);
    expect(ledger[1]).toMatchObject({ attempt: 1, to: [LIAISON.email] });
    expect(ledger[2]).toMatchObject({ attempt: 2 });
    expect(JSON.stringify(ledger[1])).toContain("try again later");
  });

  it("retries a recipient answered 451 to RCPT TO", async () => {
    const { archive, recipients } = setup([LIAISON]);
    const server = await smtp({
      rcpt: (_address, seen) =>
        seen === 1 ? { code: 451, message: "4.7.1 greylisted" } : undefined,
    });
    const report = await sendWith(server, archive, recipients, { retries: 2 });
    expect(eventOf(report, LIAISON.email).outcome).toBe("sent");
    expect(server.transactions.map((t) => t.rcpt.map((r) => r.code))).toEqual([[451], [250]]);
    expect(server.accepted()).toHaveLength(1);
    expect(server.accepted()[0]?.messageId).toBe(eventOf(report, LIAISON.email).messageId);
    expect(about(archive, eventOf(report, LIAISON.email).messageId)).toEqual([
      "prepared",
      "retry",
      "sent",
    ]);
  });

  it("gives up after the retries, reports it failed, and sends it on the next run", async () => {
    const { archive, recipients } = setup([LIAISON]);
    let refuse = true;
    const server = await smtp({
      data: () => (refuse ? { code: 452, message: "4.3.1 insufficient storage" } : "accept"),
    });
    const report = await sendWith(server, archive, recipients, { retries: 2 });
    const event = eventOf(report, LIAISON.email);
    expect(event.outcome).toBe("failed");
    expect(event.detail).toContain("gave up after 3 attempts");
    expect(event.detail).toContain("insufficient storage");
    expect(server.transactions).toHaveLength(3);
    expect(about(archive, event.messageId)).toEqual(["prepared", "retry", "retry", "failed"]);

    refuse = false;
    const again = await sendWith(server, archive, recipients, { retries: 2 });
    expect(eventOf(again, LIAISON.email)).toMatchObject({
      outcome: "sent",
      messageId: event.messageId,
    });
    expect(server.accepted()).toHaveLength(1);
  });
});

describe("permanent failures", () => {
  it("does not retry a recipient refused with 550, and reports the server's reason", async () => {
    const { archive, recipients } = setup([LIAISON]);
    const server = await smtp({
      rcpt: () => ({ code: 550, message: "5.1.1 mailbox unavailable" }),
    });
    const report = await sendWith(server, archive, recipients, { retries: 3 });
    const event = eventOf(report, LIAISON.email);
    expect(event.outcome).toBe("failed");
    expect(event.detail).toContain("550");
    expect(event.detail).toContain("mailbox unavailable");
    expect(server.connections).toBe(1);
    expect(server.transactions).toHaveLength(1);
    // The address is recorded as refused for good: not tried again unless asked.
    expect(about(archive, event.messageId)).toEqual(["prepared", "rejected", "failed"]);
  });

  it("does not retry a message refused with 550 after its data", async () => {
    const { archive, recipients } = setup([LIAISON]);
    const server = await smtp({
      data: () => ({ code: 550, message: "5.7.1 message content rejected" }),
    });
    const report = await sendWith(server, archive, recipients, { retries: 3 });
    const event = eventOf(report, LIAISON.email);
    expect(event.outcome).toBe("failed");
    expect(event.detail).toContain("550");
    expect(event.detail).toContain("message content rejected");
    expect(server.transactions.map((t) => t.outcome)).toEqual(["refused"]);
    expect(about(archive, event.messageId)).toEqual(["prepared", "failed"]);
    const failed = ledgerOf(archive).at(-1);
    expect(JSON.stringify(failed)).toContain("message content rejected");
  });
});

describe("some recipients refused", () => {
  const CC = "ajudan.alpha@example.org";

  it("retries only the cc answered 450, with the same Message-ID", async () => {
    const { archive, recipients } = setup([KEPALA]);
    const server = await smtp({
      rcpt: (address, seen) =>
        address === CC && seen === 1 ? { code: 450, message: "4.2.1 mailbox busy" } : undefined,
    });
    const report = await sendWith(server, archive, recipients, { retries: 2 });
    const event = eventOf(report, KEPALA.email);
    expect(event.outcome).toBe("sent");

    expect(server.transactions.map((t) => t.rcpt)).toEqual([
      [
        { address: KEPALA.email, code: 250 },
        { address: CC, code: 450 },
      ],
      [{ address: CC, code: 250 }],
    ]);
    expect(server.accepted().map((t) => t.messageId)).toEqual([event.messageId, event.messageId]);
    expect(deliveredTo(server, KEPALA.email)).toHaveLength(1);
    expect(deliveredTo(server, CC)).toHaveLength(1);
    const ledger = ledgerOf(archive);
    expect(ledger.map((e) => e.event)).toEqual(["prepared", "sent", "retry", "sent"]);
    expect(ledger[1]).toMatchObject({ accepted: [KEPALA.email] });
    expect(ledger[2]).toMatchObject({ to: [CC] });
    expect(ledger[3]).toMatchObject({ accepted: [CC] });

    // All delivered: nothing more on a re-run.
    const again = await sendWith(server, archive, recipients);
    expect(eventOf(again, KEPALA.email).outcome).toBe("skipped");
    expect(server.transactions).toHaveLength(2);
  });

  it("reports a cc refused with 550, and never sends the recipient's own copy again", async () => {
    const { archive, recipients } = setup([KEPALA]);
    const server = await smtp({
      rcpt: (address) =>
        address === CC ? { code: 550, message: "5.1.1 no such user here" } : undefined,
    });
    const report = await sendWith(server, archive, recipients, { retries: 2 });
    const event = eventOf(report, KEPALA.email);
    expect(event.outcome).toBe("failed");
    expect(event.detail).toContain(CC);
    expect(server.transactions).toHaveLength(1);
    expect(rcptAccepted(server.transactions[0] as Transaction)).toEqual([KEPALA.email]);
    const rejected = ledgerOf(archive).find((e) => e.event === "rejected");
    expect(rejected).toMatchObject({ addresses: [CC] });

    // A re-run does not try the refused cc again unless asked, and says why.
    const again = await sendWith(server, archive, recipients, { retries: 0 });
    expect(eventOf(again, KEPALA.email).outcome).toBe("skipped");
    expect(eventOf(again, KEPALA.email).detail).toContain(
      `not tried again, refused before: ${CC} (550 5.1.1 no such user here)`,
    );
    expect(eventOf(again, KEPALA.email).detail).toContain("--resend-refused");
    expect(server.transactions).toHaveLength(1);
    // Asked, it tries the cc alone: never the recipient who has it.
    await sendWith(server, archive, recipients, { retries: 0, resendRefused: true });
    expect(deliveredTo(server, KEPALA.email)).toHaveLength(1);
    expect(server.transactions.slice(1).map((t) => t.rcpt.map((r) => r.address))).toEqual([[CC]]);
  });

  it("reports a cc refused with 550 as failed when another cc got a 451 and was sent on the retry", async () => {
    // The report said "sent …, 0 failed", exit 0, and the next run tried the refused cc again.
    const CC2 = "sekretaris.alpha@example.org";
    const { archive, recipients } = setup([{ ...KEPALA, cc: [CC, CC2] }]);
    const server = await smtp({
      rcpt: (address, seen) =>
        address === CC
          ? { code: 550, message: "5.1.1 no such user here" }
          : address === CC2 && seen === 1
            ? { code: 451, message: "4.3.0 try again later" }
            : undefined,
    });
    const report = await sendWith(server, archive, recipients, { retries: 2 });
    const event = eventOf(report, KEPALA.email);
    expect(event.outcome).toBe("failed");
    expect(event.detail).toContain(`sent to ${KEPALA.email}, ${CC2}`);
    expect(event.detail).toContain(`${CC} (550 5.1.1 no such user here)`);
    expect(report.count("failed")).toBe(1);
    expect(deliveredTo(server, CC2)).toHaveLength(1);

    const again = await sendWith(server, archive, recipients, { retries: 2 });
    expect(eventOf(again, KEPALA.email).outcome).toBe("skipped");
    expect(server.transactions).toHaveLength(2);
  });

  // Regression (was a bug in src/deliver/send.ts, deliver): when the server takes some addresses and refuses
  // others, the report and the ledger's "rejected" line say only "refused: <address>"; the
  // server's reply (rejectedErrors[].response: code and reason) is dropped.
  it("gives the server's reason for a cc refused with 550", async () => {
    const { archive, recipients } = setup([KEPALA]);
    const server = await smtp({
      rcpt: (address) =>
        address === CC ? { code: 550, message: "5.1.1 no such user here" } : undefined,
    });
    const report = await sendWith(server, archive, recipients, { retries: 2 });
    const event = eventOf(report, KEPALA.email);
    expect(event.outcome).toBe("failed");
    expect(event.detail).toContain("550");
    expect(event.detail).toContain("no such user here");
  });
});

describe("a connection dropped after the data", () => {
  it("is unknown: not sent again on a re-run unless --resend-unknown, then with the same Message-ID", async () => {
    const { archive, recipients } = setup([LIAISON]);
    const server = await smtp({ data: (n) => (n === 1 ? "drop" : "accept") });
    const report = await sendWith(server, archive, recipients, { retries: 3 });
    const event = eventOf(report, LIAISON.email);
    expect(event.outcome).toBe("unknown");
    expect(event.detail).toContain("--resend-unknown");
    expect(server.transactions.map((t) => t.outcome)).toEqual(["dropped"]);
    expect(server.transactions[0]?.messageId).toBe(event.messageId);
    expect(about(archive, event.messageId)).toEqual(["prepared", "unknown"]);

    const rerun = await sendWith(server, archive, recipients, { retries: 3 });
    const again = eventOf(rerun, LIAISON.email);
    expect(again.outcome).toBe("unknown");
    expect(again.detail).toContain(`--resend-unknown --only ${LIAISON.email}`);
    expect(server.transactions).toHaveLength(1);
    expect(server.connections).toBe(1);

    const resent = await sendWith(server, archive, recipients, { resendUnknown: true });
    expect(eventOf(resent, LIAISON.email)).toMatchObject({
      outcome: "sent",
      messageId: event.messageId,
    });
    expect(server.accepted().map((t) => t.messageId)).toEqual([event.messageId]);
    expect(about(archive, event.messageId)).toEqual(["prepared", "unknown", "prepared", "sent"]);
  });
});

describe("a ledger cut short by a crash", () => {
  // Regression (was a bug in src/deliver/ledger.ts, Ledger.open / readLedger): readLedger skips a last line cut
  // short, but Ledger.open appends right after it without starting a new line, so the next
  // run's first event is glued to the fragment. That event ("prepared") is lost, and the run
  // after it fails with "ledger.jsonl:N: not a ledger line" (a plain Error: exit 70 from the
  // CLI) since the broken line is no longer the last.
  it("is read up to the cut, and the runs after it still read it", async () => {
    const { archive, recipients } = setup([LIAISON, KANWIL]);
    const server = await smtp();
    await sendWith(server, archive, recipients, { only: LIAISON.email });
    writeFileSync(path.join(archive.out, LEDGER), '{"event":"prepared","at":"20', { flag: "a" });
    const rerun = await sendWith(server, archive, recipients);
    expect(rerun.events.map((e) => [e.recipient, e.outcome])).toEqual([
      [LIAISON.email, "skipped"],
      [KANWIL.email, "sent"],
    ]);
    expect(server.accepted()).toHaveLength(2);
    // And the ledger the re-run wrote after the cut is read back whole.
    const third = await sendWith(server, archive, recipients);
    expect(third.events.map((e) => [e.recipient, e.outcome])).toEqual([
      [LIAISON.email, "skipped"],
      [KANWIL.email, "skipped"],
    ]);
    expect(server.accepted()).toHaveLength(2);
  });
});

describe("a rebuilt PDF", () => {
  /**
   * Sent, then rebuilt: the kepala and the liaison got March's alpha; the connection dropped
   * after the data of the kanwil's copy (unknown). Then Unit A's count changed (480 → 490) and
   * the archive was rebuilt, so the PDF's sha256 changed. Tests work on copies of it.
   */
  let sent: ArchiveCopy;
  let first: SendReport;
  let before: Buffer;
  let after: Buffer;
  beforeAll(async () => {
    sent = copyOf(base);
    const server = await smtp({
      data: (_n, t) => (rcptAccepted(t).includes(KANWIL.email) ? "drop" : "accept"),
    });
    first = await sendWith(server, sent, recipientsFile([KEPALA, LIAISON, KANWIL]));
    expect(first.events.map((e) => e.outcome)).toEqual(["sent", "sent", "unknown"]);
    before = pdf(sent, PERIOD, "alpha");

    const input = path.join(sent.data, "alpha/2024-03.yaml");
    const text = readFileSync(input, "utf8");
    const changed = text.replace("members: { x: 110, y: 60 }", "members: { x: 120, y: 60 }");
    expect(changed).not.toBe(text);
    writeFileSync(input, changed);
    const rebuilt = await buildArchive({ dataDir: sent.data, outDir: sent.out, onIssue: () => {} });
    expect(rebuilt.built).toEqual(["2024-03/alpha"]);
    after = pdf(sent, PERIOD, "alpha");
    expect(after.equals(before)).toBe(false);
  });

  it("is not sent again by default (skipped, saying --resend-changed), and is sent with resendChanged", async () => {
    const archive = copyOf(sent);
    const recipients = recipientsFile([KEPALA, LIAISON]);
    const server = await smtp();
    const second = await sendWith(server, archive, recipients);
    for (const person of [KEPALA, LIAISON]) {
      const event = eventOf(second, person.email);
      expect(event.outcome).toBe("skipped");
      expect(event.detail).toContain("--resend-changed");
      expect(event.detail).toContain(eventOf(first, person.email).messageId);
      expect(event.messageId).not.toBe(eventOf(first, person.email).messageId);
    }
    expect(server.connections).toBe(0);

    const third = await sendWith(server, archive, recipients, { resendChanged: true });
    expect(third.events.map((e) => e.outcome)).toEqual(["sent", "sent"]);
    expect(server.accepted()).toHaveLength(2);
    const [latest] = deliveredTo(server, LIAISON.email);
    if (!latest) throw new Error("the new briefing did not arrive");
    expect(latest.messageId).toBe(eventOf(third, LIAISON.email).messageId);
    const mail = await parse(latest);
    expect(mail.attachments[0]?.content.equals(after)).toBe(true);
    expect(plain(mail.text)).toContain("490");

    const fourth = await sendWith(server, archive, recipients);
    expect(fourth.events.map((e) => e.detail)).toEqual([
      `already sent (${eventOf(third, KEPALA.email).messageId})`,
      `already sent (${eventOf(third, LIAISON.email).messageId})`,
    ]);
    expect(server.transactions).toHaveLength(2);
  });

  // Regression (was a bug in src/deliver/send.ts, decide): the --resend-changed gate looks only for an earlier
  // message that was "sent" or "partial". When the earlier version's delivery is unknown (or
  // open after a crash) it may well have arrived, yet the rebuilt one goes out with no flag:
  // possibly a second briefing email for the same period.
  it("is not sent on its own to whom the earlier version may have reached (delivery unknown)", async () => {
    const archive = copyOf(sent);
    const server = await smtp();
    const report = await sendWith(server, archive, recipientsFile([KANWIL]));
    const event = eventOf(report, KANWIL.email);
    expect(event.outcome).not.toBe("sent");
    expect(event.detail).toMatch(/--resend-(changed|unknown)/);
    expect(server.connections).toBe(0);
  });
});

describe("a PDF printed again with other bytes, saying the same", () => {
  // Another version of the tool prints other bytes (its name is in the PDF's metadata) for a
  // briefing whose figures and words are the same: that is not a changed briefing, and
  // following a "--resend-changed" hint would mail an identical briefing a second time.
  it("is not offered for resending: already sent", async () => {
    const archive = copyOf(base);
    const recipients = recipientsFile([KEPALA]);
    const server = await smtp();
    const first = await sendWith(server, archive, recipients);
    expect(first.events.map((e) => e.outcome)).toEqual(["sent"]);

    // The same briefing, other bytes: a comment appended to the PDF, the manifest made to
    // describe the file as it now is (as a rebuild by another version would).
    const manifestFile = path.join(archive.out, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as {
      briefings: { period: string; series: string; outputs: FileRecord[] }[];
    };
    const entry = manifest.briefings.find((b) => b.period === PERIOD && b.series === "alpha");
    const record = entry?.outputs.find((o) => o.path.endsWith(".pdf"));
    if (!record) throw new Error("no PDF in the manifest");
    const file = path.join(archive.out, record.path);
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from("% printed again\n")]));
    const bytes = readFileSync(file);
    Object.assign(record, {
      sha256: createHash("sha256").update(bytes).digest("hex"),
      size: bytes.length,
      mtimeMs: statSync(file).mtimeMs,
    });
    writeFileSync(manifestFile, JSON.stringify(manifest));

    const second = await sendWith(server, archive, recipients);
    const event = eventOf(second, KEPALA.email);
    expect(event.outcome).toBe("skipped");
    expect(event.detail).toBe(`already sent as ${eventOf(first, KEPALA.email).messageId}`);
    expect(server.transactions).toHaveLength(1);
  });
});

describe("an attachment over the limit", () => {
  it("is refused before anything reaches the server, with the reason in the report", async () => {
    const { archive, recipients } = setup([KEPALA, LIAISON]);
    const server = await smtp();
    const report = await sendWith(server, archive, recipients, { maxAttachmentMb: 0.01 });
    for (const person of [KEPALA, LIAISON]) {
      const event = eventOf(report, person.email);
      expect(event.outcome).toBe("failed");
      expect(event.detail).toContain(path.join(archive.out, PERIOD, "alpha.pdf"));
      expect(event.detail).toMatch(/larger than the limit/);
    }
    expect(server.connections).toBe(0);
    expect(ledgerOf(archive)).toEqual([]);
  });

  // Regression (was a bug in src/deliver/message.ts, composeMessage): the limit is printed with toFixed(1), so a
  // limit under 0.05 MB reads "larger than the limit of 0.0 MB".
  it("states the limit it was given", async () => {
    const { archive, recipients } = setup([LIAISON]);
    const server = await smtp();
    const report = await sendWith(server, archive, recipients, { maxAttachmentMb: 0.01 });
    expect(eventOf(report, LIAISON.email).detail).toMatch(/limit of 0\.01 MB/);
  });
});

describe("the password", () => {
  it("appears nowhere when the server refuses the login and echoes it back", async () => {
    const { archive, recipients } = setup([KEPALA, LIAISON]);
    const server = await smtp({ rejectAuth: true });
    const report = await sendWith({ env: withLogin(server) }, archive, recipients, { retries: 3 });
    for (const person of [KEPALA, LIAISON]) {
      const event = eventOf(report, person.email);
      expect(event.outcome).toBe("failed");
      expect(event.detail).toContain("535");
    }
    // A refused login is not retried: one connection per message.
    expect(server.connections).toBe(2);
    expect(server.transactions).toEqual([]);
    const ledger = readFileSync(path.join(archive.out, LEDGER), "utf8");
    expect(ledger).toContain("authentication failed for sender");
    for (const secret of SECRETS) {
      expect(JSON.stringify(report.events)).not.toContain(secret);
      expect(ledger).not.toContain(secret);
    }
  });
});

/**
 * `node bin/briefing.js send …` as a user runs it: its exit status and output. Each run loads
 * the compiled CLI for seconds, so these run at once (each with a server and archive of its own).
 */
describe.concurrent("on the command line", () => {
  /** The CLI, and a way for the server to SIGKILL it the moment it has read a message. */
  function killable(args: string[]) {
    let run: ReturnType<typeof spawnBriefing> | undefined;
    return {
      start: (env: Record<string, string>) => {
        run = spawnBriefing(args, { env });
        return run.done;
      },
      kill: async () => {
        if (!run) throw new Error("not started");
        run.child.kill("SIGKILL");
        await run.done;
      },
    };
  }

  /** An SMTP config file with short retries; the environment's BRIEFING_SMTP_* override it. */
  function quickRetries(retries: number): string {
    const config = path.join(tempDir(), "smtp.yaml");
    writeFileSync(
      config,
      stringify({ host: "mail.invalid", from: FROM, retries, retry_delay_ms: 50 }),
    );
    return config;
  }

  it("retries a refused connection, then fails with exit status 3; a run once the server is up sends it", async ({
    expect,
  }) => {
    const { archive, recipients } = setup([LIAISON]);
    const port = await closedPort();
    const args = sendArgs(archive, recipients, "--smtp", quickRetries(2));
    const env = smtpEnv(port);
    const down = await briefing(args, env);
    expect(down.status).toBe(3);
    expect(down.stderr).toContain(`failed  ${LIAISON.email}: gave up after 3 attempts`);
    expect(down.stderr).toContain("ECONNREFUSED");
    expect(down.stdout).toContain("0 sent, 0 skipped, 1 failed, 0 unknown");
    const ledger = ledgerOf(archive);
    expect(ledger.map((e) => e.event)).toEqual(["prepared", "retry", "retry", "failed"]);
    const messageId = ledger[0]?.messageId;

    const server = await smtp({}, port);
    const up = await briefing(args, env);
    expect(up.stderr).toBe("");
    expect(up.status).toBe(0);
    expect(up.stdout).toContain(`sent    ${LIAISON.email}: to ${LIAISON.email}`);
    expect(up.stdout).toContain("1 sent, 0 skipped, 0 failed, 0 unknown");
    expect(server.accepted().map((t) => t.messageId)).toEqual([messageId]);
  });

  it("exits 3 for a delivery of unknown fate, and says to use --resend-unknown", async ({
    expect,
  }) => {
    const { archive, recipients } = setup([LIAISON]);
    const server = await smtp({ data: () => "drop" });
    const run = await briefing(sendArgs(archive, recipients), server.env);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`unknown ${LIAISON.email}: the connection ended after`);
    expect(run.stderr).toContain(`--resend-unknown --only ${LIAISON.email}`);
    expect(run.stdout).toContain("0 sent, 0 skipped, 0 failed, 1 unknown");
    expect(server.transactions).toHaveLength(1);
  });

  it("killed mid-send: the re-run sends the rest and never a second copy of what the server has", async ({
    expect,
  }) => {
    const { archive, recipients } = setup([KEPALA, LIAISON, KANWIL]);
    const cli = killable(sendArgs(archive, recipients));
    const server = await smtp({
      data: async (n): Promise<DataAction> => {
        // The first message is in; the sender dies before it hears back.
        if (n === 1) await cli.kill();
        return "accept";
      },
    });
    const killed = await cli.start(server.env);
    expect(killed.signal).toBe("SIGKILL");
    await server.idle();
    expect(server.transactions).toHaveLength(1);
    const first = server.transactions[0]?.messageId;
    expect(rcptAccepted(server.transactions[0] as Transaction)).toContain(KEPALA.email);
    // On disk: prepared, no outcome.
    expect(about(archive, first)).toEqual(["prepared"]);

    const rerun = await sendWith(server, archive, recipients);
    expect(rerun.events.map((e) => [e.recipient, e.outcome])).toEqual([
      [KEPALA.email, "unknown"],
      [LIAISON.email, "sent"],
      [KANWIL.email, "sent"],
    ]);
    expect(eventOf(rerun, KEPALA.email)).toMatchObject({ messageId: first });
    expect(eventOf(rerun, KEPALA.email).detail).toContain(
      `--resend-unknown --only ${KEPALA.email}`,
    );
    const received = server.transactions.map((t) => t.messageId);
    expect(new Set(received).size).toBe(received.length);
    for (const person of [KEPALA, LIAISON, KANWIL]) {
      expect(deliveredTo(server, person.email)).toHaveLength(1);
    }
  });

  // Regression (was a bug in src/deliver/ledger.ts, readLedger): a new "prepared" line for a message the ledger
  // already knows keeps its old status unless it was "open". So a message that "failed" (or
  // was "partial") and is being sent again reads as "failed" if that run is killed after the
  // server took the data, and the next run sends it once more: two copies.
  it("killed while sending again what failed before: the next run does not send it a third time", async ({
    expect,
  }) => {
    const { archive, recipients } = setup([LIAISON]);
    const cli = killable(sendArgs(archive, recipients));
    const server = await smtp({
      data: async (n) => {
        if (n === 1) return { code: 452, message: "4.3.1 insufficient storage" };
        if (n === 2) await cli.kill();
        return "accept";
      },
    });
    const failed = await sendWith(server, archive, recipients, { retries: 0 });
    expect(eventOf(failed, LIAISON.email).outcome).toBe("failed");
    const killed = await cli.start(server.env);
    expect(killed.signal).toBe("SIGKILL");
    await server.idle();
    expect(server.transactions.map((t) => t.outcome)).toEqual(["refused", "accepted"]);

    const rerun = await sendWith(server, archive, recipients);
    expect(eventOf(rerun, LIAISON.email).outcome).toBe("unknown");
    expect(server.accepted()).toHaveLength(1);
  });

  // Regression (was a bug in src/deliver/ledger.ts, readLedger): a "retry" line does not mark an attempt in flight.
  // After "sent" to the recipient and "retry" of the cc answered 450, a run killed once the
  // server took the cc's copy leaves the message "partial", and the next run sends the cc a
  // second copy.
  it("killed while retrying a cc: the next run does not send the cc a second copy", async ({
    expect,
  }) => {
    const CC = "ajudan.alpha@example.org";
    const { archive, recipients } = setup([KEPALA]);
    const cli = killable(sendArgs(archive, recipients, "--smtp", quickRetries(2)));
    const server = await smtp({
      rcpt: (address, seen) => (address === CC && seen === 1 ? { code: 450 } : undefined),
      data: async (n): Promise<DataAction> => {
        if (n === 2) await cli.kill();
        return "accept";
      },
    });
    const killed = await cli.start(server.env);
    expect(killed.signal).toBe("SIGKILL");
    await server.idle();
    expect(server.transactions.map(rcptAccepted)).toEqual([[KEPALA.email], [CC]]);
    expect(ledgerOf(archive).map((e) => e.event)).toEqual(["prepared", "sent", "retry"]);

    const rerun = await sendWith(server, archive, recipients);
    expect(eventOf(rerun, KEPALA.email).outcome).toBe("unknown");
    expect(deliveredTo(server, CC)).toHaveLength(1);
  });

  it("keeps the password out of its output and the ledger when the server refuses the login", async ({
    expect,
  }) => {
    const { archive, recipients } = setup([KEPALA, LIAISON]);
    const server = await smtp({ rejectAuth: true });
    const run = await briefing(sendArgs(archive, recipients), withLogin(server));
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`failed  ${KEPALA.email}:`);
    expect(run.stderr).toContain("535");
    expect(run.stderr).toContain("********");
    const ledger = readFileSync(path.join(archive.out, LEDGER), "utf8");
    for (const secret of SECRETS) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
      expect(ledger).not.toContain(secret);
    }
  });

  /** recipients.yaml whose third line is `line`. */
  const withLine = (line: string) =>
    [
      "recipients:",
      "  - name: Kepala Alpha",
      line,
      "    series: [alpha]",
      "  - name: Liaison",
      "    email: liaison@example.org",
      "    series: ['*']",
      "",
    ].join("\n");

  it("exits 1 with file:line:column for a misspelt field in the recipients", async ({ expect }) => {
    const archive = copyOf(base);
    const file = path.join(tempDir(), "recipients.yaml");
    writeFileSync(file, withLine("    emial: kepala.alpha@example.org"));
    const server = await smtp();
    const run = await briefing(sendArgs(archive, file), server.env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${file}:3:5: error: recipients[0].emial: unknown field "emial"`);
    expect(server.connections).toBe(0);
    expect(existsSync(path.join(archive.out, LEDGER))).toBe(false);
  });

  it("exits 1 with file:line:column for an invalid address in the recipients", async ({
    expect,
  }) => {
    const archive = copyOf(base);
    const file = path.join(tempDir(), "recipients.yaml");
    writeFileSync(file, withLine("    email: kepala.alpha at example.org"));
    const server = await smtp();
    const run = await briefing(sendArgs(archive, file), server.env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${file}:3:12: error: recipients[0].email:`);
    expect(run.stderr).toContain("an email address such as");
    expect(server.connections).toBe(0);
  });
});
