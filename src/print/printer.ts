/**
 * Printing many briefings: one browser for the run, pages in parallel up to the number of
 * cores, the browser relaunched every so many pages (so memory stays flat however long the
 * run), and a page that hangs or a browser that crashes survived: the browser is killed and
 * relaunched, and the briefing tried once more.
 */
import { availableParallelism } from "node:os";
import type { Browser } from "puppeteer";
import { BriefingError, ExitCode } from "../errors.js";
import { t } from "../locale/messages.js";
import { BrowserManager, type BrowserOptions } from "./browser/manager.js";
import type { Finish } from "./metadata.js";
import { type PrintOptions, PrintPage } from "./pdf.js";

/**
 * What one briefing asks of the printer. With `finish`, the printer finishes the PDF too
 * (print/metadata.ts), once the page is free for the next briefing: on the printer's own
 * thread, that work is off the build's.
 */
export type PrintJob = Omit<PrintOptions, "timeout"> & { finish?: Finish };

/**
 * What the build prints with: this Printer, or the same on a thread of its own
 * (print/remote.ts), which the build uses.
 */
export interface PrintService {
  /** Pages printed at once. */
  readonly concurrency: number;
  /** Finds the browser without launching it: fails early, before any work, if there is none. */
  check(): void | Promise<void>;
  /**
   * Starts the browser now, while the caller renders its first briefings, and opens `pages`
   * pages in it (one by default; no more than `concurrency`).
   */
  warm(pages?: number): void;
  /** The run will print `count` pages in all: the browser closes after the last. */
  expect(count: number): void;
  print(html: string, job?: PrintJob): Promise<Uint8Array>;
  /** Kills every browser at once: the input was refused, nothing is to be printed. */
  kill(): void;
  /** Closes every browser it started. */
  close(): Promise<void>;
}

export interface PrinterOptions {
  browser?: BrowserOptions;
  /** Pages printed at once; the number of cores by default. */
  concurrency?: number;
  /** Milliseconds one briefing may take to load and print. */
  pageTimeout?: number;
  /** Relaunch the browser after this many pages. */
  restartEvery?: number;
  /** Close a page and open a fresh one in its place after it has printed this many. */
  renewPageEvery?: number;
  /** Told the process id of each browser launched, and of each once it has exited. */
  onLaunch?: (pid: number) => void;
  /** Told the profile folder of each browser about to be launched. */
  onProfile?: (dir: string) => void;
  onExit?: (pid: number) => void;
}

export interface PrinterStats {
  pages: number;
  /** Pages opened in browsers (a page prints many briefings in turn). */
  opened: number;
  launches: number;
  /** Browsers killed because a page hung or the browser died. */
  recoveries: number;
}

class Timeout extends Error {}

export class Printer implements PrintService {
  readonly concurrency: number;
  readonly stats: PrinterStats = { pages: 0, opened: 0, launches: 0, recoveries: 0 };
  private readonly pageTimeout: number;
  private readonly restartEvery: number;
  private readonly renewPageEvery: number;
  private manager: BrowserManager | undefined;
  private pagesOnManager = 0;
  private readonly inFlight = new Map<BrowserManager, number>();
  private readonly retiring = new Set<BrowserManager>();
  /** Browsers being retired, and the promise that they are gone: a new browser waits for
   * them, so that two are never alive at once and memory stays flat across restarts. */
  private readonly closing = new Map<BrowserManager, Promise<void>>();
  private readonly closed = new Map<BrowserManager, () => void>();
  /** Pages ready for the next briefing, or being opened for it (`warm`), per browser. */
  private readonly idle = new Map<BrowserManager, Promise<PrintPage>[]>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  /** How many pages the run will print, when it says (`expect`), and how many it has. */
  private expected: number | undefined;
  private printed = 0;
  private closingAll: Promise<void> | undefined;

  constructor(private readonly options: PrinterOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? availableParallelism());
    this.pageTimeout = options.pageTimeout ?? 60_000;
    // Chromium grows with every briefing a page prints, in that page's renderer (measured:
    // renderers from 805 to 1158 MB over 150 briefings on two pages; the browser's own
    // process flat at ~215 MB). A page is closed and a fresh one, with a fresh renderer,
    // opened in its place every 25 briefings: renderers stayed at 735-832 MB. That takes
    // ~0.2 s while the other pages print on; relaunching the browser took ~1 s in which
    // nothing printed (5.5 s of a 408-briefing batch). The browser is still relaunched,
    // rarely, for what its own processes gather.
    this.restartEvery = options.restartEvery ?? 500;
    this.renewPageEvery = options.renewPageEvery ?? 25;
  }

  private newManager(): BrowserManager {
    const { onLaunch, onExit, onProfile } = this.options;
    return new BrowserManager({
      ...this.options.browser,
      ...(onLaunch ? { onLaunch } : {}),
      ...(onProfile ? { onProfile } : {}),
      ...(onExit ? { onExit } : {}),
    });
  }

  /** Finds the browser without launching it: fails early, before any work, if there is none. */
  check(): void {
    this.newManager().executable();
  }

  /**
   * Starts the browser and opens pages now, while the caller renders its first briefings:
   * a second of launch overlapped rather than waited for, and a page for each of the first
   * briefings (a run of many prints on `concurrency` pages at once). A failure here is not
   * reported; the first print meets it and says what it is.
   */
  warm(pages = 1): void {
    const manager = this.manager ?? this.fresh();
    const more = Math.min(pages, this.concurrency) - this.warmed;
    if (more <= 0) return;
    this.warmed += more;
    // A print that comes before a page is open takes it as it opens, not a new one.
    const opened = Array.from({ length: more }, () => this.open(manager.browser()));
    this.idle.set(manager, [...(this.idle.get(manager) ?? []), ...opened]);
    // The code that finishes the PDFs loads while the browser starts, when this thread only
    // waits: loaded at the first print, it held up the pages' traffic with the browser.
    this.finisher().catch(() => undefined);
  }

  /**
   * Opens a page in a browser, once it is up. Given the browser itself, never its manager's
   * next one: a browser killed meanwhile is not launched again by a page opened for it.
   */
  private open(browser: Browser | Promise<Browser>): Promise<PrintPage> {
    this.stats.opened += 1;
    const opening = Promise.resolve(browser).then((up) => PrintPage.open(up));
    this.opening.add(opening);
    const settled = () => this.opening.delete(opening);
    // This handles a failure too: the print that takes the page meets it, or none does.
    opening.then(settled, settled);
    return opening;
  }

  /**
   * Pages being opened. A browser closed while a page was being opened in it left puppeteer
   * waiting for that page's target, on a 30 s timer that kept the process alive: a browser is
   * closed once they have settled.
   */
  private readonly opening = new Set<Promise<PrintPage>>();

  /** The page, ready for the next briefing; or, once it has printed its share, a fresh one. */
  private renewed(page: PrintPage, browser: Browser): Promise<PrintPage> {
    // Not for the last prints of a run: a fresh page nothing will print on is only waited for.
    const left =
      this.expected === undefined ? Number.POSITIVE_INFINITY : this.expected - this.printed;
    if (page.prints < this.renewPageEvery || left <= this.active) return Promise.resolve(page);
    void page.close();
    // A page that fails to open fails the print that takes it, which opens another.
    return this.open(browser);
  }

  /** Pages `warm` has opened, or is opening, in the current browser. */
  private warmed = 0;

  /** A new browser (launched when first asked for) that new pages go to. */
  private fresh(): BrowserManager {
    this.manager = this.newManager();
    this.pagesOnManager = 0;
    this.warmed = 0;
    this.stats.launches += 1;
    return this.manager;
  }

  /**
   * The run will print `count` pages in all. Once they are printed the browser is closed at
   * once, while the last PDF is still being finished and written, not after (~0.15 s).
   */
  expect(count: number): void {
    this.expected = count;
  }

  async print(html: string, job: PrintJob = {}): Promise<Uint8Array> {
    // A print after the expected ones (a miscount) gets a browser of its own, closed later.
    if (this.closingAll) {
      await this.closingAll;
      this.closingAll = undefined;
      this.expected = undefined;
    }
    const { finish, ...options } = job;
    const pdf = await this.printOnce(html, options);
    if (!finish) return pdf;
    const { finishPdf } = await this.finisher();
    return finishPdf(pdf, html, finish);
  }

  /** The code that finishes a PDF (pdf-lib: ~0.15 s to load, cold), loaded once. */
  private finisher(): Promise<typeof import("./metadata.js")> {
    this.finishing ??= import("./metadata.js");
    return this.finishing;
  }

  private finishing: Promise<typeof import("./metadata.js")> | undefined;

  /** The page printed, on one of the pages, tried again once on a fresh browser. */
  private async printOnce(html: string, job: PrintJob): Promise<Uint8Array> {
    await this.slot();
    try {
      let pdf: Uint8Array;
      try {
        pdf = await this.attempt(html, job);
      } catch (error) {
        if (error instanceof BriefingError && error.code !== ExitCode.ENVIRONMENT) throw error;
        // The browser hung or died under this page: it was killed; try once on a fresh one.
        pdf = await this.attempt(html, job);
      }
      this.printed += 1;
      if (this.expected !== undefined && this.printed >= this.expected) void this.close();
      return pdf;
    } finally {
      this.release();
    }
  }

  private async attempt(html: string, job: PrintJob): Promise<Uint8Array> {
    const manager = this.current();
    this.inFlight.set(manager, (this.inFlight.get(manager) ?? 0) + 1);
    let timer: NodeJS.Timeout | undefined;
    try {
      // The clock is the page's: it starts once the browser is up. Launching has its own
      // timeout, and a retry on a fresh browser must not spend its time on the launch.
      let startClock = () => {};
      const timeout = new Promise<never>((_, reject) => {
        startClock = () => {
          timer = setTimeout(() => reject(new Timeout()), this.pageTimeout);
        };
      });
      const work = async () => {
        // Pages of older browsers finish first; nothing waits on a newer browser, so no cycle.
        await Promise.all([...this.closing].filter(([m]) => m !== manager).map(([, p]) => p));
        const browser: Browser = await manager.browser();
        startClock();
        // A page opened ahead that failed to open is opened again, and fails with a reason.
        const ready = this.idle.get(manager)?.shift();
        const page = (ready && (await ready.catch(() => undefined))) ?? (await this.open(browser));
        let pdf: Uint8Array;
        try {
          pdf = await page.print(html, { ...job, timeout: this.pageTimeout });
        } catch (error) {
          // A page that failed is closed (a refused runaway document with it); the next print
          // opens another. One whose browser failed goes with its browser.
          void page.close();
          throw error;
        }
        // A page that printed goes back to the pool.
        if (this.manager === manager)
          this.idle.set(manager, [...(this.idle.get(manager) ?? []), this.renewed(page, browser)]);
        else await page.close();
        return pdf;
      };
      const pdf = await Promise.race([work(), timeout]);
      this.stats.pages += 1;
      return pdf;
    } catch (error) {
      if (error instanceof BriefingError) throw error;
      this.recover(manager);
      const seconds = Math.round(this.pageTimeout / 1000);
      // The page's own clock and puppeteer's (setContent, printToPDF) run out together: whichever
      // fires first, it is the same failure, said the same way.
      const timedOut =
        error instanceof Timeout || (error instanceof Error && error.name === "TimeoutError");
      throw new BriefingError(
        timedOut
          ? t`printing took longer than ${seconds} s; the browser was restarted`
          : t`the browser failed while printing: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
        ExitCode.ENVIRONMENT,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
      const left = (this.inFlight.get(manager) ?? 1) - 1;
      this.inFlight.set(manager, left);
      if (left === 0 && this.retiring.has(manager)) void this.retire(manager);
    }
  }

  /** The browser new pages go to; a fresh one once the current has printed its share. */
  private current(): BrowserManager {
    if (this.manager && this.pagesOnManager >= this.restartEvery) {
      const old = this.manager;
      this.retiring.add(old);
      this.closing.set(old, new Promise((resolve) => this.closed.set(old, resolve)));
      if ((this.inFlight.get(old) ?? 0) === 0) void this.retire(old);
      this.manager = undefined;
    }
    const manager = this.manager ?? this.fresh();
    this.pagesOnManager += 1;
    return manager;
  }

  /** Kills a browser that hung or crashed; the next page starts a new one. */
  private recover(manager: BrowserManager): void {
    this.stats.recoveries += 1;
    this.idle.delete(manager);
    manager.kill();
    if (this.manager === manager) this.manager = undefined;
  }

  private async retire(manager: BrowserManager): Promise<void> {
    this.retiring.delete(manager);
    this.inFlight.delete(manager);
    this.idle.delete(manager);
    await Promise.allSettled([...this.opening]);
    await manager.close();
    this.closed.get(manager)?.();
    this.closed.delete(manager);
    this.closing.delete(manager);
  }

  private slot(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }

  /**
   * Kills every browser the printer started, at once, whether launched or still launching:
   * the input it was started for was refused, and nothing is to be printed.
   */
  kill(): void {
    const managers = [...new Set([this.manager, ...this.retiring, ...this.inFlight.keys()])];
    this.manager = undefined;
    this.idle.clear();
    for (const manager of managers) manager?.kill();
  }

  /** Closes every browser the printer started; once, however often it is asked. */
  close(): Promise<void> {
    this.closingAll ??= this.closeAll();
    return this.closingAll;
  }

  private async closeAll(): Promise<void> {
    await Promise.allSettled([...this.opening]);
    const managers = [...new Set([this.manager, ...this.retiring, ...this.inFlight.keys()])];
    this.manager = undefined;
    this.idle.clear();
    await Promise.all(managers.map((m) => m?.close()));
  }
}
