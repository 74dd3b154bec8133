/**
 * The printer on a thread of its own (print/worker.ts): what the build calls a printer. The
 * build's thread sends each page's HTML and gets its PDF back; puppeteer, the browser's
 * start-up and the page's traffic with it run beside the build's own work rather than in its
 * pauses. Errors come back as they were raised (a BriefingError keeps its code and hint), and
 * every browser it starts is killed when the process exits, however it exits.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { BriefingError, ExitCode } from "../errors.js";
import { messageLanguage } from "../locale/messages.js";
import { killHolder, removeProfileNow } from "./browser/profile.js";
import type { PrinterOptions, PrintJob, PrintService } from "./printer.js";

/** What the build's thread asks of the printer's. */
export type ToPrinter =
  | { type: "check" }
  | { type: "warm"; pages: number }
  | { type: "expect"; count: number }
  | { type: "print"; id: number; html: string; job: Omit<PrintJob, "onBlocked"> }
  | { type: "kill" }
  | { type: "close" };

interface SentError {
  message: string;
  code?: ExitCode;
  hint?: string;
  stack?: string;
}

/** What the printer's thread says back. */
export type FromPrinter =
  | { type: "checked"; error?: SentError }
  | { type: "profile"; dir: string }
  | { type: "launched"; pid: number }
  | { type: "exited"; pid: number }
  | { type: "blocked"; id: number; url: string }
  | { type: "printed"; id: number; pdf: Uint8Array }
  | { type: "failed"; id: number; error: SentError }
  | { type: "closed" };

function rebuilt(error: SentError): Error {
  if (error.code !== undefined) {
    return new BriefingError(error.message, error.code, {
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    });
  }
  const bug = new Error(error.message);
  if (error.stack) bug.stack = error.stack;
  return bug;
}

/**
 * The worker beside this file: compiled JavaScript when briefing runs from dist/; its
 * TypeScript source when tests and benchmarks run the sources, loaded through tsx (a
 * development dependency), which the worker registers before importing it.
 */
function startWorker(workerData: unknown): Worker {
  const js = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData });
  const api = path.join(
    path.dirname(createRequire(import.meta.url).resolve("tsx/package.json")),
    "dist/esm/api/index.mjs",
  );
  const ts = new URL("./worker.ts", import.meta.url).href;
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then(({ register }) => { register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(code, { eval: true, workerData, execArgv: [] });
}

/**
 * Browsers started by any printer thread and not yet exited: killed when the process exits.
 * One that has exited is forgotten, so that its process id, if reused, is never signalled.
 */
const launched = new Set<number>();

/**
 * Their profiles (print/browser/profile.ts), removed when the process exits: a signal ends a
 * build at once, its printer's thread with it, before that thread has removed them. A browser
 * still starting is found by its profile's lock and killed first. One its thread removed is
 * gone already.
 */
const profiles = new Set<string>();

/** The process ids the exit hook would kill now. */
export const liveBrowsers = (): number[] => [...launched];
let exitHook = false;
function atExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once("exit", () => {
    for (const pid of launched) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // It is gone already.
      }
    }
    for (const profile of profiles) {
      killHolder(profile);
      removeProfileNow(profile);
    }
  });
}

export class RemotePrinter implements PrintService {
  readonly concurrency: number;
  private readonly worker: Worker;
  private next = 0;
  private readonly pending = new Map<
    number,
    {
      resolve: (pdf: Uint8Array) => void;
      reject: (error: Error) => void;
      onBlocked?: ((url: string) => void) | undefined;
    }
  >();
  private checking: ((error?: SentError) => void)[] = [];
  private closing: Promise<void> | undefined;
  private closed: (() => void) | undefined;
  private exited = false;

  constructor(options: PrinterOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? availableParallelism());
    this.worker = startWorker({
      options: { ...options, concurrency: this.concurrency },
      language: messageLanguage(),
    });
    this.worker.on("message", (message: FromPrinter) => this.receive(message));
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", () => {
      this.exited = true;
      this.fail(new Error("the printer's thread ended"));
      this.closed?.();
    });
  }

  private receive(message: FromPrinter): void {
    switch (message.type) {
      case "checked":
        for (const done of this.checking.splice(0)) done(message.error);
        return;
      case "profile":
        profiles.add(message.dir);
        atExit();
        return;
      case "launched":
        launched.add(message.pid);
        atExit();
        return;
      case "exited":
        launched.delete(message.pid);
        return;
      case "blocked":
        this.pending.get(message.id)?.onBlocked?.(message.url);
        return;
      case "printed":
        this.pending.get(message.id)?.resolve(message.pdf);
        this.pending.delete(message.id);
        return;
      case "failed":
        this.pending.get(message.id)?.reject(rebuilt(message.error));
        this.pending.delete(message.id);
        return;
      case "closed":
        this.closed?.();
        return;
    }
  }

  /** The thread failed: every print waiting on it fails with it. */
  private fail(error: Error): void {
    const wrapped = new BriefingError(`the printer failed: ${error.message}`, ExitCode.INTERNAL, {
      cause: error,
    });
    for (const { reject } of this.pending.values()) reject(wrapped);
    this.pending.clear();
    for (const done of this.checking.splice(0)) done({ message: wrapped.message });
  }

  private send(message: ToPrinter): void {
    if (!this.exited) this.worker.postMessage(message);
  }

  /** Finds the browser without launching it: an environment error if there is none. Asked
   * of the printer's thread once; every call has its answer. */
  check(): Promise<void> {
    this.found ??= new Promise<SentError | undefined>((resolve) => {
      this.checking.push(resolve);
      this.send({ type: "check" });
    }).then((error) => {
      if (error) throw rebuilt(error);
    });
    return this.found;
  }

  private found: Promise<void> | undefined;

  warm(pages = 1): void {
    this.send({ type: "warm", pages });
  }

  expect(count: number): void {
    this.send({ type: "expect", count });
  }

  print(html: string, job: PrintJob = {}): Promise<Uint8Array> {
    const { onBlocked, ...rest } = job;
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onBlocked });
      this.send({ type: "print", id, html, job: rest });
    });
  }

  /** Kills its browsers at once, launched or launching, and ends the thread. */
  kill(): void {
    this.closing ??= this.end("kill");
  }

  close(): Promise<void> {
    this.closing ??= this.end("close");
    return this.closing;
  }

  private async end(how: "kill" | "close"): Promise<void> {
    if (!this.exited) {
      const done = new Promise<void>((resolve) => {
        this.closed = resolve;
      });
      this.send({ type: how });
      await done;
    }
    await this.worker.terminate();
  }
}

/** Runs `fn` with a printer on its own thread, and closes it on every way out. */
export async function withPrinter<T>(
  options: PrinterOptions,
  fn: (printer: PrintService) => Promise<T>,
): Promise<T> {
  const printer = new RemotePrinter(options);
  try {
    return await fn(printer);
  } finally {
    await printer.close();
  }
}
