/**
 * `/events`: server-sent events to every open preview page. `building` when a build starts,
 * `built` when a page is ready, `error` when a build failed (its issues, each as the terminal
 * writes it too). A page that connects is told the state at once.
 */
import type { ServerResponse } from "node:http";
import { formatIssue, type Issue } from "../errors.js";
import type { Builder, Failed, Good } from "./builder.js";

/** Comments sent this often keep proxies and browsers from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

export type IssueData = Issue & { text: string };

export interface BuiltData {
  id: number;
  ms: number;
  issues: IssueData[];
}

export interface ErrorData {
  id: number;
  ms: number;
  /** The good build still shown, if any. */
  good: number | null;
  message: string;
  hint?: string;
  issues: IssueData[];
}

const withText = (issue: Issue): IssueData => ({ ...issue, text: formatIssue(issue) });

export const builtData = (good: Good): BuiltData => ({
  id: good.id,
  ms: good.ms,
  issues: good.issues.map(withText),
});

export const errorData = (failed: Failed, good: Good | undefined): ErrorData => ({
  id: failed.id,
  ms: failed.ms,
  good: good?.id ?? null,
  message: failed.message,
  ...(failed.hint === undefined ? {} : { hint: failed.hint }),
  issues: failed.issues.map(withText),
});

export class EventStreams {
  private readonly open = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
    this.timer.unref();
  }

  /** Takes a response as a stream, and tells it where the builds are. */
  add(res: ServerResponse, builder: Builder): void {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      Connection: "keep-alive",
    });
    res.write("retry: 1000\n\n");
    this.open.add(res);
    res.on("close", () => this.open.delete(res));
    if (builder.failed) res.write(frame("error", errorData(builder.failed, builder.good)));
    else if (builder.good) res.write(frame("built", builtData(builder.good)));
  }

  send(event: "building" | "built" | "error", data: object): void {
    this.write(frame(event, data));
  }

  private write(text: string): void {
    for (const res of this.open) res.write(text);
  }

  close(): void {
    clearInterval(this.timer);
    for (const res of this.open) res.end();
    this.open.clear();
  }
}

/** One event; JSON has no raw newline, so its data is one line. */
function frame(event: string, data: object): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
