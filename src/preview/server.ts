/**
 * `briefing preview <file>`: a live preview while a briefing is written. An HTTP server on
 * 127.0.0.1 only (never another interface: the page holds the briefing's figures) serves
 *
 *   /               the preview page (page.ts): the briefing in a frame, reloaded on each build
 *   /briefing.html  the last good build's page, as `briefing build -f html` writes it
 *   /briefing.pdf   that page printed, by a browser started at the first request and kept
 *   /events         server-sent events: building, built, error
 *
 * and nothing else; GET and HEAD only, and only to the host names of the loopback address (a
 * page elsewhere whose name was pointed at 127.0.0.1 is refused). The briefing's file and the
 * template sets it is made with are watched; a change rebuilds it.
 */
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RenderOptions } from "../build.js";
import { BriefingError, ExitCode, environmentError, formatError, invalidInput } from "../errors.js";
import { t } from "../locale/messages.js";
import { contentSecurityPolicy } from "../render/harden.js";
import { Builder, type Good, type Outcome } from "./builder.js";
import { builtData, EventStreams, errorData } from "./events.js";
import { PREVIEW_POLICY, previewPage } from "./page.js";
import { PdfPrinter } from "./print.js";
import { briefingTarget, templateTargets, Watcher } from "./watch.js";

/** The only address the preview listens on. */
export const HOST = "127.0.0.1";
export const DEFAULT_PORT = 4173;

export interface PreviewOptions extends RenderOptions {
  file: string;
  /** 4173 by default; 0 for any free port. */
  port?: number;
  /** Told when a build starts. */
  onStart?: (id: number) => void;
  /** Told of each build's outcome. */
  onOutcome?: (outcome: Outcome) => void;
}

export interface Preview {
  /** http://127.0.0.1:<port>/ */
  url: string;
  server: Server;
  builder: Builder;
  watcher: Watcher;
  printer: PdfPrinter;
  /** Stops serving and watching, and closes the browser; resolves when all is closed. */
  close(): Promise<void>;
}

const COMMON = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const { file } = options;
  if (!existsSync(file))
    throw invalidInput([{ severity: "error", file, message: t`file not found` }]);
  let closing = false;
  let started = false;
  const streams = new EventStreams();
  const printer = new PdfPrinter(options);
  const builder: Builder = new Builder(file, options, {
    onStart: (id) => {
      if (closing) return;
      streams.send("building", { id });
      options.onStart?.(id);
    },
    onOutcome: (outcome) => {
      if (closing) return;
      // Thrown by startPreview rather than told (below).
      if (!started && outcome.kind === "error" && outcome.code === ExitCode.USAGE) return;
      if (outcome.kind === "built") streams.send("built", builtData(outcome));
      else streams.send("error", errorData(outcome, builder.good));
      // The file may name another template set now: watch what the next build reads.
      watcher.set(targets());
      options.onOutcome?.(outcome);
    },
  });
  const targets = () => [briefingTarget(file), ...builder.templateDirs().flatMap(templateTargets)];
  const watcher = new Watcher((kinds) => {
    if (kinds.has("templates")) builder.templatesChanged();
    void builder.rebuild();
  });
  watcher.set(targets());

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const text = error instanceof BriefingError ? formatError(error) : String(error);
      if (!res.headersSent) reply(res, req, 500, "text/plain; charset=utf-8", `${text}\n`);
      else res.destroy();
    });
  });
  let port = options.port ?? DEFAULT_PORT;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? "";
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) {
      return reply(res, req, 403, "text/plain; charset=utf-8", t`only ${HOST}:${port} is served`);
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      return reply(res, req, 405, "text/plain; charset=utf-8", t`only GET and HEAD`);
    }
    const { pathname } = new URL(req.url ?? "/", `http://${HOST}`);
    const good = builder.good;
    switch (pathname) {
      case "/":
        res.setHeader("Content-Security-Policy", PREVIEW_POLICY);
        return reply(res, req, 200, "text/html; charset=utf-8", previewPage(file, good?.id));
      case "/events":
        if (req.method === "HEAD") return reply(res, req, 200, "text/event-stream", undefined);
        return streams.add(res, builder);
      case "/briefing.html":
        if (!good) return nothingYet(req, res);
        res.setHeader("X-Briefing-Build", String(good.id));
        res.setHeader(
          "Content-Security-Policy",
          `${contentSecurityPolicy(good.rendered.javascript)}; frame-ancestors 'self'`,
        );
        return reply(res, req, 200, "text/html; charset=utf-8", good.rendered.html);
      case "/briefing.pdf":
        if (!good) return nothingYet(req, res);
        return pdf(req, res, good);
      default:
        return reply(res, req, 404, "text/plain; charset=utf-8", t`not found`);
    }
  }

  function nothingYet(req: IncomingMessage, res: ServerResponse): void {
    const why = builder.failed ? `\n${builder.failed.message}` : "";
    reply(res, req, 503, "text/plain; charset=utf-8", `${t`no good build yet`}${why}\n`);
  }

  async function pdf(req: IncomingMessage, res: ServerResponse, good: Good): Promise<void> {
    res.setHeader("X-Briefing-Build", String(good.id));
    const name = good.rendered.slug.replace(/[^\w.-]/g, "_");
    res.setHeader("Content-Disposition", `inline; filename="${name}.pdf"`);
    // HEAD says what GET would give, without printing.
    if (req.method === "HEAD") return reply(res, req, 200, "application/pdf", undefined);
    let bytes: Uint8Array;
    try {
      bytes = await printer.pdf(good);
    } catch (error) {
      if (!(error instanceof BriefingError)) throw error;
      res.removeHeader("Content-Disposition");
      return reply(res, req, 503, "text/plain; charset=utf-8", `${formatError(error)}\n`);
    }
    reply(res, req, 200, "application/pdf", bytes);
  }

  try {
    port = await listen(server, port);
  } catch (error) {
    watcher.close();
    streams.close();
    throw error;
  }
  await builder.rebuild();

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      closing = true;
      watcher.close();
      streams.close();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.all([stopped, builder.idle(), printer.close()]);
    })();
    return closed;
  };
  // What no edit of the file mends (a template folder or a language that is not there) stops
  // the preview before it starts, as it stops a build.
  const first = builder.failed;
  if (first?.error && first.code === ExitCode.USAGE) {
    await close();
    throw first.error;
  }
  started = true;
  void builder.warm();
  return { url: `http://${HOST}:${port}/`, server, builder, watcher, printer, close };
}

function reply(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  type: string,
  /** undefined: a HEAD of what is only made for a GET (its length is not known). */
  body: string | Uint8Array | undefined,
): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  res.writeHead(status, {
    ...COMMON,
    "Content-Type": type,
    ...(bytes === undefined ? {} : { "Content-Length": bytes.byteLength }),
  });
  res.end(req.method === "HEAD" ? undefined : bytes);
}

/** Listens on 127.0.0.1 only; resolves to the port (the one chosen, for port 0). */
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? environmentError(
              t`port ${port} on ${HOST} is in use`,
              t`Use --port <n> for another, or --port 0 for any free one.`,
            )
          : environmentError(t`cannot listen on ${HOST}:${port}: ${error.message}`),
      );
    });
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}
