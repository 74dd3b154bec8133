/**
 * The ledger of an archive (`output/ledger.jsonl`): append-only, one JSON object a line, each
 * line flushed to disk before the next step. A message is recorded with its Message-ID before
 * it is sent; its outcome after. What a recipient has been sent is read back from it, so a
 * re-run (after a crash or a kill) sends only what never left.
 */
import { existsSync, readFileSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";

export const LEDGER = "ledger.jsonl";

/** A briefing as sent: which one, and which bytes (its PDF's sha256). */
export interface SentBriefing {
  key: string;
  sha256: string;
  /**
   * What the briefing says (its page's figures and words, not how they were printed): the
   * same content is the same briefing, whatever bytes another version of the tool prints.
   */
  content?: string;
}

export type LedgerEvent =
  | {
      event: "prepared";
      at: string;
      messageId: string;
      recipient: string;
      to: string[];
      period: string;
      briefings: SentBriefing[];
    }
  | { event: "sent"; at: string; messageId: string; accepted: string[]; response: string }
  | { event: "retry"; at: string; messageId: string; to: string[]; reason: string; attempt: number }
  | { event: "rejected"; at: string; messageId: string; addresses: string[]; reason: string }
  | { event: "failed"; at: string; messageId: string; reason: string }
  | { event: "unknown"; at: string; messageId: string; reason: string };

/** Where a message stands, from the ledger's lines about it. */
export interface MessageState {
  messageId: string;
  recipient: string;
  period: string;
  briefings: SentBriefing[];
  to: string[];
  /** Addresses the server accepted, over all attempts. */
  accepted: Set<string>;
  /** Addresses the server refused for good (5xx), with its answer: not tried again unasked. */
  refused: Map<string, string>;
  /** sent: every address accepted; partial: some only; failed, unknown; open: no outcome yet. */
  status: "sent" | "partial" | "failed" | "unknown" | "open";
  reason: string | undefined;
}

export function readLedger(outDir: string): MessageState[] {
  const file = path.join(outDir, LEDGER);
  if (!existsSync(file)) return [];
  const states = new Map<string, MessageState>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    let event: LedgerEvent;
    try {
      event = JSON.parse(line) as LedgerEvent;
    } catch {
      // A line cut short by a crash (the next run starts on a new line after it). Skipping it
      // is safe: a "prepared" line is on disk before sending starts, so a cut one sent nothing;
      // a cut outcome leaves its message open, which is never sent again on its own.
      continue;
    }
    if (event.event === "prepared") {
      // A new attempt is in flight until its outcome is written, whatever came before it.
      const known = states.get(event.messageId);
      states.set(event.messageId, {
        messageId: event.messageId,
        recipient: event.recipient,
        period: event.period,
        briefings: event.briefings,
        to: [...new Set([...(known?.to ?? []), ...event.to])],
        accepted: known?.accepted ?? new Set(),
        refused: known?.refused ?? new Map(),
        status: "open",
        reason: undefined,
      });
      continue;
    }
    const state = states.get(event.messageId);
    if (!state) continue;
    if (event.event === "retry") {
      // Written just before the next attempt: that attempt is in flight.
      state.status = "open";
      state.reason = event.reason;
    } else if (event.event === "sent") {
      for (const address of event.accepted) state.accepted.add(address.toLowerCase());
      const all = state.to.every((address) => state.accepted.has(address.toLowerCase()));
      state.status = all ? "sent" : "partial";
      state.reason = undefined;
    } else if (event.event === "rejected") {
      for (const address of event.addresses) state.refused.set(address.toLowerCase(), event.reason);
      state.status = state.accepted.size > 0 ? "partial" : "failed";
      state.reason = event.reason;
    } else if (event.event === "failed" || event.event === "unknown") {
      state.status = state.accepted.size > 0 && event.event === "failed" ? "partial" : event.event;
      state.reason = event.reason;
    }
  }
  return [...states.values()];
}

/** Appends events, each flushed to disk before `append` returns. */
export class Ledger {
  private constructor(private readonly handle: Awaited<ReturnType<typeof open>>) {}

  static async open(outDir: string): Promise<Ledger> {
    const file = path.join(outDir, LEDGER);
    const ledger = new Ledger(await open(file, "a"));
    // A crash may have cut the last line: start on a line of our own.
    if (existsSync(file)) {
      const text = readFileSync(file, "utf8");
      if (text.length > 0 && !text.endsWith("\n")) await ledger.handle.write("\n");
    }
    return ledger;
  }

  async append(event: LedgerEvent): Promise<void> {
    await this.handle.write(`${JSON.stringify(event)}\n`);
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
