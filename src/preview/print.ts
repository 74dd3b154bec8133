/**
 * `/briefing.pdf`: the last good build printed as `briefing build` prints it. The browser is
 * started at the first request and kept, so the next print (of this build or a later one) does
 * not wait for it; a build's PDF is printed once, however often it is asked for.
 */
import { blockedWarning, outputsOf, type RenderOptions } from "../build.js";
import { Printer } from "../print/printer.js";
import type { Good } from "./builder.js";

export class PdfPrinter {
  private printer: Printer | undefined;
  private last: { id: number; pdf: Promise<Uint8Array> } | undefined;

  constructor(private readonly options: RenderOptions) {}

  pdf(good: Good): Promise<Uint8Array> {
    if (this.last?.id === good.id) return this.last.pdf;
    const pdf = this.print(good);
    const last = { id: good.id, pdf };
    this.last = last;
    // A print that failed is tried again at the next request.
    pdf.catch(() => {
      if (this.last === last) this.last = undefined;
    });
    return pdf;
  }

  private async print(good: Good): Promise<Uint8Array> {
    if (!this.printer) {
      const printer = new Printer({
        ...this.options.printer,
        browser: this.options.browser ?? {},
        concurrency: 1,
      });
      printer.check();
      this.printer = printer;
    }
    const { rendered } = good;
    const [file] = await outputsOf(
      {
        rendered,
        name: rendered.slug,
        printer: this.printer,
        print: {
          maxPages: this.options.maxPages,
          onBlocked: (url) =>
            this.options.onIssue?.(blockedWarning(rendered.checked.source.file, url)),
        },
        archival: undefined,
      },
      ["pdf"],
    );
    if (!file || typeof file.data === "string") throw new Error("no PDF was printed");
    return file.data;
  }

  /** Whether a browser was started (by a request for the PDF). */
  get started(): boolean {
    return this.printer !== undefined;
  }

  async close(): Promise<void> {
    const printer = this.printer;
    this.printer = undefined;
    this.last = undefined;
    await printer?.close();
  }
}
