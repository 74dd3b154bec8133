/**
 * A reader of server-sent events (the preview's /events), as a browser's EventSource reads
 * them, for tests and the preview benchmark: every event is kept, and `next` waits for one
 * after a mark.
 */
import { type ClientRequest, get, type IncomingMessage } from "node:http";

export interface ServerEvent {
  event: string;
  data: string;
  /** performance.now() when it arrived. */
  at: number;
}

interface Waiter {
  from: number;
  test: (event: ServerEvent) => boolean;
  resolve: (event: ServerEvent) => void;
}

export class EventReader {
  readonly seen: ServerEvent[] = [];
  private waiters: Waiter[] = [];
  private buffer = "";

  private constructor(private readonly request: ClientRequest) {}

  static open(url: string): Promise<EventReader> {
    return new Promise((resolve, reject) => {
      const request = get(url, { headers: { Accept: "text/event-stream" } });
      const reader = new EventReader(request);
      request.once("error", reject);
      request.once("response", (response: IncomingMessage) => {
        if (response.statusCode !== 200) reject(new Error(`${url}: ${response.statusCode}`));
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => reader.read(chunk));
        response.on("error", () => undefined);
        resolve(reader);
      });
    });
  }

  /** Where the events seen so far end: `next` from here waits for what comes after. */
  mark(): number {
    return this.seen.length;
  }

  /** The first event from `from` on that passes `test`, when it comes. */
  next(
    test: (event: ServerEvent) => boolean,
    from = this.mark(),
    timeoutMs = 30_000,
  ): Promise<ServerEvent> {
    const found = this.seen.slice(from).find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.seen.slice(from).map((e) => `${e.event} ${e.data.slice(0, 200)}`);
        reject(new Error(`no such event in ${timeoutMs} ms; after the mark: ${seen.join(" | ")}`));
      }, timeoutMs);
      const waiter: Waiter = {
        from,
        test,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      this.waiters.push(waiter);
    });
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      end = this.buffer.indexOf("\n\n");
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      if (data.length === 0) continue; // a comment or the retry
      const received = { event, data: data.join("\n"), at: performance.now() };
      this.seen.push(received);
      const index = this.seen.length - 1;
      for (const waiter of [...this.waiters]) {
        if (index >= waiter.from && waiter.test(received)) {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          waiter.resolve(received);
        }
      }
    }
  }

  close(): void {
    this.request.destroy();
  }
}

/** A `built` event, and its build's id. */
export const built = (event: ServerEvent): boolean => event.event === "built";
export const failed = (event: ServerEvent): boolean => event.event === "error";
export const idOf = (event: ServerEvent): number => (JSON.parse(event.data) as { id: number }).id;
