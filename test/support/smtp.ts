/**
 * A real SMTP server on 127.0.0.1 (smtp-server, no STARTTLS) for the send tests, with faults
 * scripted per test: refuse a recipient or a message for now or for good, hang up after the
 * data without answering, refuse every login. It keeps every transaction it saw, refused ones
 * included, with the message bytes as they arrived.
 */

import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

/** What the server answers instead of taking it: an SMTP code and its text. */
export interface Refusal {
  code: number;
  message?: string;
}

/** What the server does once it has read a whole message: take it, refuse it, or hang up unanswered. */
export type DataAction = "accept" | "drop" | Refusal;

export interface Faults {
  /** The answer to RCPT TO `address` the `seen`th time it is given (from 1); undefined takes it. */
  rcpt?: (address: string, seen: number) => Refusal | undefined;
  /** The answer to the `n`th message read (from 1); it may take its time (kill the client first). */
  data?: (n: number, transaction: Transaction) => DataAction | Promise<DataAction>;
  /** Require AUTH and refuse every login, echoing the password back as a careless server might. */
  rejectAuth?: boolean;
}

export interface Transaction {
  /** MAIL FROM. */
  from: string;
  /** Every RCPT TO given, with the code answered. */
  rcpt: { address: string; code: number }[];
  /** The message as it arrived, when the client got as far as sending it. */
  raw?: Buffer;
  /** Its Message-ID header. */
  messageId?: string;
  /** What the server did with the message. */
  outcome?: "accepted" | "refused" | "dropped";
}

export interface TestSmtp {
  port: number;
  /** Connections opened to the server, logins and refused ones included. */
  readonly connections: number;
  /** Every MAIL FROM, in order. */
  transactions: Transaction[];
  /** The transactions whose message the server took. */
  accepted: () => Transaction[];
  /** Resolves once every message being read has been answered (or dropped). */
  idle: () => Promise<void>;
  /** BRIEFING_SMTP_* pointing at this server. */
  env: Record<string, string>;
  close: () => Promise<void>;
}

export const FROM = "Briefing <briefing@example.org>";

export function smtpEnv(port: number): Record<string, string> {
  return {
    BRIEFING_SMTP_HOST: "127.0.0.1",
    BRIEFING_SMTP_PORT: String(port),
    BRIEFING_SMTP_FROM: FROM,
    BRIEFING_SMTP_STARTTLS: "never",
  };
}

/** The addresses of RCPT TO the server took. */
export const rcptAccepted = (t: Transaction): string[] =>
  t.rcpt.filter((r) => r.code < 300).map((r) => r.address);

export function parse(t: Transaction): Promise<ParsedMail> {
  if (!t.raw) throw new Error("no message in this transaction");
  return simpleParser(t.raw);
}

const refusal = (r: Refusal) =>
  Object.assign(new Error(r.message ?? `test refusal ${r.code}`), { responseCode: r.code });

function messageIdOf(raw: Buffer): string | undefined {
  const end = raw.indexOf("\r\n\r\n");
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString("latin1");
  return /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1];
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Starts the server on `port` (any free one by default). */
export async function startSmtp(faults: Faults = {}, port = 0): Promise<TestSmtp> {
  const transactions: Transaction[] = [];
  const current = new Map<string, Transaction>();
  const seen = new Map<string, number>();
  let connections = 0;
  let messages = 0;
  const reading = new Set<Promise<void>>();
  const of = (session: SMTPServerSession) => {
    const t = current.get(session.id);
    if (!t) throw new Error("RCPT or DATA before MAIL FROM");
    return t;
  };

  const server: SMTPServer = new SMTPServer({
    disabledCommands: faults.rejectAuth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !faults.rejectAuth,
    allowInsecureAuth: true,
    logger: false,
    closeTimeout: 1_000,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      callback(
        refusal({
          code: 535,
          message: `authentication failed for ${auth.username} with password ${auth.password}`,
        }),
      );
    },
    onMailFrom(address, session, callback) {
      const t: Transaction = { from: address.address, rcpt: [] };
      transactions.push(t);
      current.set(session.id, t);
      callback();
    },
    onRcptTo(address, session, callback) {
      const n = (seen.get(address.address) ?? 0) + 1;
      seen.set(address.address, n);
      const refused = faults.rcpt?.(address.address, n);
      of(session).rcpt.push({ address: address.address, code: refused?.code ?? 250 });
      callback(refused ? refusal(refused) : undefined);
    },
    onData(stream, session, callback) {
      const t = of(session);
      const answered = (async () => {
        t.raw = await readAll(stream);
        t.messageId = messageIdOf(t.raw);
        const action = (await faults.data?.(++messages, t)) ?? "accept";
        if (action === "drop") {
          // The whole message is in, the answer never leaves: hang up on the client.
          t.outcome = "dropped";
          for (const connection of server.connections) {
            if (connection.id === session.id) connection._socket.destroy();
          }
          return;
        }
        if (action === "accept") {
          t.outcome = "accepted";
          callback(null, "OK: queued");
        } else {
          t.outcome = "refused";
          callback(refusal(action));
        }
      })();
      reading.add(answered);
      void answered.finally(() => reading.delete(answered));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    get connections() {
      return connections;
    },
    transactions,
    accepted: () => transactions.filter((t) => t.outcome === "accepted"),
    idle: async () => {
      await Promise.all(reading);
    },
    env: smtpEnv(bound),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 nothing listens on: it was free a moment ago, and is closed again. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
