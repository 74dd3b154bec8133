/**
 * Print stage: HTML to PDF bytes in a page of the shared browser. The page runs no JavaScript
 * and may load nothing but what the HTML itself carries (data: URLs): every other request is
 * refused and reported, whether the page's Content-Security-Policy or the request
 * interception below stops it.
 *
 * A page is opened once and reused for many briefings: opening one costs about as much as
 * printing a briefing (a new renderer to start and warm up). Each `setContent` replaces the
 * whole document, so nothing of one briefing remains for the next.
 */
import type { Browser, Page } from "puppeteer";
import { BriefingError, ExitCode } from "../errors.js";
import { t } from "../locale/messages.js";

/** Page objects in a PDF as Chromium writes it (its page dictionaries are not compressed). */
export function countPages(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength)
      .toString("latin1")
      .match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0
  );
}

export interface PrintOptions {
  /** Milliseconds allowed for loading and printing. */
  timeout?: number;
  /** Told of every request the page tried and was refused. */
  onBlocked?: (url: string) => void;
  /** Run the page's scripts: only for a template set that declares it needs them. */
  javascript?: boolean;
  /** Most pages a briefing may print; past it, it is refused (and not printed in full). */
  maxPages?: number;
}

export const DEFAULT_MAX_PAGES = 100;

/** What the page itself may use: its own data: URLs, and nothing it needs a request for. */
const LOCAL = /^(data|about|blob):/i;

/** Browsers whose first tab a page has been opened in (or tried to be). */
const started = new WeakSet<Browser>();

/**
 * The tab the browser opened as it started, blank, once per browser: its renderer is up already.
 * A new tab waits for one to start (~0.1-0.2 s, what a cold build waited for last).
 */
async function initialPage(browser: Browser): Promise<Page | undefined> {
  if (started.has(browser)) return undefined;
  started.add(browser);
  const pages = await browser.pages();
  return pages.length === 1 && pages[0]?.url() === "about:blank" ? pages[0] : undefined;
}

export class PrintPage {
  private listener: ((url: string) => void) | undefined;
  /** Each refused address once per print, however many ways it was seen. */
  private reported = new Set<string>();

  /** Briefings this page has printed. */
  prints = 0;

  /** Whether the page runs scripts now: set again only when a print asks otherwise. */
  private javascript = false;

  private constructor(private readonly page: Page) {}

  private onBlocked(url: string): void {
    if (this.reported.has(url)) return;
    this.reported.add(url);
    this.listener?.(url);
  }

  static async open(browser: Browser): Promise<PrintPage> {
    const page = (await initialPage(browser)) ?? (await browser.newPage());
    const printPage = new PrintPage(page);
    // Chromium reports on the console what it stopped before any request: what the
    // Content-Security-Policy forbade, and local files.
    page.on("console", (message) => {
      const text = message.text();
      const local = /Not allowed to load local resource: (\S+)/.exec(text)?.[1];
      if (local) printPage.onBlocked(local);
      if (!text.includes("Content Security Policy")) return;
      // Only requests are reported; an inline script the policy stops asked for nothing.
      const url = /'([a-z][a-z0-9+.-]*:[^']*)'/i.exec(text)?.[1];
      if (url) printPage.onBlocked(url);
    });
    // A window the page opens is closed at once (popups are blocked too: see launchArgs).
    page.on("popup", (popup) => {
      printPage.onBlocked(popup ? t`a new window (${popup.url()})` : t`a new window`);
      // It may be gone already (it closed itself, or the page did): nothing to report.
      popup?.close().catch(() => undefined);
    });
    // Interception does not see WebSockets nor what the browser fetches of itself
    // (<link rel=prefetch>): the no-network proxy stops those (see launchArgs), and the
    // Network domain tells of them, so that they are reported like the others.
    const watched = page.createCDPSession().then(async (network) => {
      network.on("Network.webSocketCreated", (event) => printPage.onBlocked(event.url));
      network.on("Network.requestWillBeSent", (event) => {
        if (!LOCAL.test(event.request.url)) printPage.onBlocked(event.request.url);
      });
      await network.send("Network.enable");
    });
    // The page's settings go to the browser together, not one after the other: a cold build
    // waits for the first page to open.
    await Promise.all([
      watched,
      page.setRequestInterception(true),
      page.setJavaScriptEnabled(false),
    ]);
    page.on("request", (request) => {
      if (request.isInterceptResolutionHandled()) return;
      const url = request.url();
      if (url.startsWith("data:")) {
        request.continue().catch(() => undefined);
      } else {
        printPage.onBlocked(url);
        // A refused navigation (meta refresh, a script setting location) would otherwise
        // replace the briefing with Chromium's error page; aborted, the briefing stays.
        request
          .abort(request.isNavigationRequest() ? "aborted" : "blockedbyclient")
          .catch(() => undefined);
      }
    });
    return printPage;
  }

  async print(html: string, options: PrintOptions = {}): Promise<Uint8Array> {
    const timeout = options.timeout ?? 60_000;
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.listener = options.onBlocked;
    this.reported.clear();
    try {
      const javascript = options.javascript ?? false;
      if (javascript !== this.javascript) {
        await this.page.setJavaScriptEnabled(javascript);
        this.javascript = javascript;
      }
      await this.page.setContent(html, { waitUntil: "load", timeout });
      // One page past the limit is enough to know it is exceeded: a runaway document is not
      // printed in full (2,000 pages would take minutes).
      const pdf = await this.page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        tagged: true,
        outline: true,
        timeout,
        pageRanges: `1-${maxPages + 1}`,
      });
      if (countPages(pdf) > maxPages) {
        throw new BriefingError(
          t`the briefing would print more than ${maxPages} pages`,
          ExitCode.INVALID_INPUT,
          {
            hint: t`A template or the data makes the page run away; if it is meant to be this long, raise --max-pages.`,
          },
        );
      }
      this.prints += 1;
      return pdf;
    } finally {
      this.listener = undefined;
    }
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }
}
