/**
 * Helpers shared by the hostile-input suite: a canary HTTP server that counts every request
 * (and every TCP connection) made to it, custom template sets written from a few strings,
 * briefings written from the small valid fixture, and the Chromium processes a build leaves.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { BriefingError, ExitCode } from "../../src/errors.js";
import { ROOT, tempDir } from "../support/files.js";
import { descendants } from "../support/processes.js";

export const SMALL = path.join(ROOT, "test/fixtures/ok/small.yaml");
export const smallYaml = (): string => readFileSync(SMALL, "utf8");

/** A marker no real page contains: a canary response that was rendered would show it. */
export const CANARY = "CANARY-7f3a";

export interface Canary {
  port: number;
  origin: string;
  /** Request paths, in the order they arrived. */
  hits: string[];
  /** TCP connections opened, requests or not (a preconnect opens one and sends nothing). */
  connections: number;
  /** Hits and connections since the last reset. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Answers every path with something that would show up if it were used: CSS that writes the
 * canary marker, HTML with it, text with it. `/redirect…` answers 302 to another canary path,
 * `/hang…` never answers.
 */
export async function startCanary(): Promise<Canary> {
  const hits: string[] = [];
  let connections = 0;
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const url = request.url ?? "";
    hits.push(url);
    if (url.startsWith("/redirect")) {
      response.writeHead(302, { location: `/redirected${url}` });
      response.end();
    } else if (url.includes("hang")) {
      hanging.add(response);
    } else if (url.endsWith(".css")) {
      response.writeHead(200, { "content-type": "text/css" });
      response.end(`body::before { content: "${CANARY}-css"; }`);
    } else {
      response.writeHead(200, { "content-type": "text/html" });
      response.end(`<p>${CANARY}-html</p>`);
    }
  });
  server.on("connection", (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // A WebSocket handshake is an upgrade request: counted like any other, then hung up.
  server.on("upgrade", (request, socket: Socket) => {
    hits.push(`upgrade ${request.url ?? ""}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const canary: Canary = {
    port,
    origin: `http://127.0.0.1:${port}`,
    hits,
    get connections() {
      return connections;
    },
    reset() {
      hits.length = 0;
      connections = 0;
    },
    close: async () => {
      for (const response of hanging) response.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return canary;
}

/** A "billion laughs": `levels` anchors, each a list of `width` aliases of the one before. */
export function laughs(levels: number, width: number): string {
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(", ")}]`];
  for (let i = 1; i < levels; i++) {
    lines.push(
      `l${i}: &l${i} [${Array(width)
        .fill(`*l${i - 1}`)
        .join(", ")}]`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** A custom template set: `files` maps a path inside the set (partials/notes.hbs) to its text. */
export function templateSet(files: Record<string, string>): string {
  const dir = tempDir("briefing-hostile-templates-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Writes `text` as `name` in a fresh folder and returns its path. */
export function writeInput(name: string, text: string | Uint8Array): string {
  const file = path.join(tempDir("briefing-hostile-"), name);
  writeFileSync(file, text);
  return file;
}

/** small.yaml with its notes replaced by `notes` (YAML list items, already quoted). */
export function withNotes(notes: string[], yaml = smallYaml()): string {
  return yaml.replace(
    /notes:\n {2}- Catatan pertama\.\n/,
    `notes:\n${notes.map((n) => `  - ${n}\n`).join("")}`,
  );
}

/** What a call threw, or undefined when it did not. */
export async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Asserts nothing itself; narrows what was thrown to an invalid-input BriefingError. */
export function asInvalidInput(error: unknown): BriefingError | undefined {
  return error instanceof BriefingError && error.code === ExitCode.INVALID_INPUT
    ? error
    : undefined;
}

/** A short description of what was thrown, for failure messages that do not dump a page. */
export function describeThrown(error: unknown): string {
  if (error instanceof BriefingError)
    return `BriefingError(${error.code}): ${error.message} ${JSON.stringify(error.issues).slice(0, 500)}`;
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 300)}`;
  return String(error).slice(0, 300);
}

/** The text between two markers of a page: what a probe partial printed, nothing else. */
export function between(html: string, start: string, end: string): string | undefined {
  const from = html.indexOf(start);
  if (from < 0) return undefined;
  const to = html.indexOf(end, from + start.length);
  return to < 0 ? undefined : html.slice(from + start.length, to);
}

/** Watches the processes below this one while `run` runs; returns the Chromium ones seen. */
export async function watchChromium<T>(
  run: () => Promise<T>,
): Promise<{ result: T | undefined; error: unknown; seen: number[] }> {
  const seen = new Set<number>();
  const look = () => {
    for (const [pid, name] of descendants()) if (/chrom/i.test(name)) seen.add(pid);
  };
  const timer = setInterval(look, 100);
  let result: T | undefined;
  let error: unknown;
  try {
    result = await run();
  } catch (thrown) {
    error = thrown;
  }
  clearInterval(timer);
  look();
  return { result, error, seen: [...seen] };
}

/** A layout like the default one, with a CSP that lets inline scripts run (and still nothing load). */
export const scriptLayout = `<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; img-src data:; font-src data:; style-src 'unsafe-inline'">
<title>{{title}}</title>
{{styles}}
</head>
<body>
<main class="briefing">
{{> cover}}
{{> notes}}
{{> footer}}
</main>
</body>
</html>
`;
