/**
 * Print stage: one HTML document to PDF bytes in a fresh page of the shared browser. The page
 * runs no JavaScript and may load nothing but what the HTML itself carries (data: URLs):
 * every other request is refused and reported, whether the page's Content-Security-Policy
 * or the request interception below stops it.
 */
import type { Browser } from "puppeteer";

export interface PrintOptions {
  /** Milliseconds allowed for loading and printing. */
  timeout?: number;
  /** Told of every request the page tried and was refused. */
  onBlocked?: (url: string) => void;
}

export async function printPdf(
  browser: Browser,
  html: string,
  options: PrintOptions = {},
): Promise<Uint8Array> {
  const timeout = options.timeout ?? 60_000;
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    // The HTML's own Content-Security-Policy stops most loads before they become requests;
    // Chromium reports those on the console, and they are refusals like any other.
    page.on("console", (message) => {
      const text = message.text();
      if (!text.includes("Content Security Policy")) return;
      const url = /'([^']+)'/.exec(text)?.[1];
      if (url) options.onBlocked?.(url);
    });
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.isInterceptResolutionHandled()) return;
      const url = request.url();
      if (url.startsWith("data:")) {
        void request.continue();
      } else {
        options.onBlocked?.(url);
        void request.abort("blockedbyclient");
      }
    });
    await page.setContent(html, { waitUntil: "load", timeout });
    const pdf = await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      tagged: true,
      outline: true,
      timeout,
    });
    return pdf;
  } finally {
    await page.close().catch(() => undefined);
  }
}
