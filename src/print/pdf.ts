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

export interface PrintOptions {
  /** Milliseconds allowed for loading and printing. */
  timeout?: number;
  /** Told of every request the page tried and was refused. */
  onBlocked?: (url: string) => void;
}

export class PrintPage {
  private onBlocked: ((url: string) => void) | undefined;

  private constructor(private readonly page: Page) {}

  static async open(browser: Browser): Promise<PrintPage> {
    const page = await browser.newPage();
    const printPage = new PrintPage(page);
    await page.setJavaScriptEnabled(false);
    // Chromium reports what the Content-Security-Policy stopped on the console.
    page.on("console", (message) => {
      const text = message.text();
      if (!text.includes("Content Security Policy")) return;
      const url = /'([^']+)'/.exec(text)?.[1];
      if (url) printPage.onBlocked?.(url);
    });
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.isInterceptResolutionHandled()) return;
      const url = request.url();
      if (url.startsWith("data:")) {
        void request.continue();
      } else {
        printPage.onBlocked?.(url);
        void request.abort("blockedbyclient");
      }
    });
    return printPage;
  }

  async print(html: string, options: PrintOptions = {}): Promise<Uint8Array> {
    const timeout = options.timeout ?? 60_000;
    this.onBlocked = options.onBlocked;
    try {
      await this.page.setContent(html, { waitUntil: "load", timeout });
      return await this.page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        tagged: true,
        outline: true,
        timeout,
      });
    } finally {
      this.onBlocked = undefined;
    }
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }
}
