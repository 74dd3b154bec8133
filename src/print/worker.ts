/**
 * The printer's own thread (print/remote.ts starts it). Puppeteer, Chromium's launch and every
 * message to and from the browser live here, so that they go on while the build's thread
 * checks, draws and renders: on that thread, the browser's start-up waited behind each of its
 * long steps, and loading puppeteer took a sixth of a second of it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { BriefingError } from "../errors.js";
import { setMessageLanguage } from "../locale/messages.js";
import { browsersGone } from "./browser/manager.js";
import { Printer, type PrinterOptions } from "./printer.js";
import type { FromPrinter, ToPrinter } from "./remote.js";

if (!parentPort) throw new Error("print/worker.ts runs as a worker thread");
const port = parentPort;
const { options, language } = workerData as { options: PrinterOptions; language: string };
setMessageLanguage(language);
const send = (message: FromPrinter) => port.postMessage(message);

const printer = new Printer({
  ...options,
  onLaunch: (pid) => send({ type: "launched", pid }),
  onProfile: (dir) => send({ type: "profile", dir }),
  onExit: (pid) => send({ type: "exited", pid }),
});

/** An error as the build's thread rebuilds it: a BriefingError keeps its code and hint. */
function failure(error: unknown): Extract<FromPrinter, { type: "failed" }>["error"] {
  if (error instanceof BriefingError) {
    return {
      message: error.message,
      code: error.code,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
  }
  return {
    message: error instanceof Error ? error.message : String(error),
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  };
}

port.on("message", (message: ToPrinter) => {
  switch (message.type) {
    case "check":
      try {
        printer.check();
        send({ type: "checked" });
      } catch (error) {
        send({ type: "checked", error: failure(error) });
      }
      return;
    case "warm":
      printer.warm(message.pages);
      return;
    case "expect":
      printer.expect(message.count);
      return;
    case "print": {
      const { id, html, job } = message;
      printer.print(html, { ...job, onBlocked: (url) => send({ type: "blocked", id, url }) }).then(
        (pdf) => send({ type: "printed", id, pdf }),
        (error: unknown) => send({ type: "failed", id, error: failure(error) }),
      );
      return;
    }
    // The thread ends once its browsers have exited: it is the one to collect their exit.
    case "kill":
      printer.kill();
      void browsersGone().then(() => send({ type: "closed" }));
      return;
    case "close":
      void printer
        .close()
        .then(() => browsersGone())
        .then(() => send({ type: "closed" }));
      return;
  }
});
