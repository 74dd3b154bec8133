/**
 * The printer relaunches its browser every so many pages, so that memory stays flat in long
 * batches, and never has two browsers alive at once while it does.
 */
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { BriefingError, ExitCode } from "../../src/errors.js";
import { browsersGone } from "../../src/print/browser/manager.js";
import { earlyPrinter } from "../../src/print/early.js";
import { Printer } from "../../src/print/printer.js";
import { liveBrowsers, RemotePrinter } from "../../src/print/remote.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { chromiumChildren, profileOf } from "../support/processes.js";

afterAll(removeTempDirs);

describe("a printer restarting its browser every 2 pages", () => {
  const printer = new Printer({ restartEvery: 2, concurrency: 2 });
  afterAll(() => printer.close());

  it("prints every page, relaunches, and never runs two browsers at once", async () => {
    let most = 0;
    const watch = setInterval(() => {
      most = Math.max(most, chromiumChildren().length);
    }, 20);
    const pdfs = await Promise.all(
      Array.from({ length: 7 }, (_, i) => printer.print(`<!doctype html><p>page ${i}</p>`)),
    );
    clearInterval(watch);
    for (const pdf of pdfs) expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    expect(printer.stats.pages).toBe(7);
    expect(printer.stats.launches).toBeGreaterThanOrEqual(4);
    expect(most).toBe(1);
    await printer.close();
    expect(chromiumChildren()).toEqual([]);
  });
});

describe("a printer warmed for a run", () => {
  it("opens a page for each page printed at once, no more, and prints on them; it finishes a PDF when asked", async () => {
    const printer = new Printer({ concurrency: 2 });
    try {
      printer.warm(5);
      const pdfs = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          printer.print(`<!doctype html><title>Page ${i}</title><h1>Page ${i}</h1>`, {
            ...(i === 0
              ? {
                  finish: {
                    meta: {
                      title: "Judul",
                      author: "Kantor",
                      subject: "Ringkasan",
                      keywords: ["satu"],
                      creator: "briefing",
                      date: "2020-11-16",
                      lang: "id",
                    },
                  },
                }
              : {}),
          }),
        ),
      );
      expect(printer.stats).toMatchObject({ pages: 4, opened: 2, launches: 1 });
      const [finished, plain] = await Promise.all(
        pdfs.slice(0, 2).map((pdf) => PDFDocument.load(pdf, { updateMetadata: false })),
      );
      expect(finished?.getTitle()).toBe("Judul");
      expect(finished?.getCreationDate()?.toISOString()).toBe("2020-11-16T00:00:00.000Z");
      // Unfinished, a PDF keeps Chromium's metadata: the page's own title.
      expect(plain?.getTitle()).toBe("Page 1");
    } finally {
      await printer.close();
    }
    expect(chromiumChildren()).toEqual([]);
  });
});

describe("a printer renewing its pages every 2 briefings", () => {
  it("closes a page that has printed its share and prints on a fresh one, in the same browser", async () => {
    const printer = new Printer({ concurrency: 1, renewPageEvery: 2 });
    try {
      for (let i = 0; i < 5; i++) {
        const pdf = await printer.print(`<!doctype html><p>briefing ${i}</p>`);
        expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe("%PDF-");
      }
      // Renewed after the 2nd and the 4th: three pages, one browser.
      expect(printer.stats).toMatchObject({ pages: 5, opened: 3, launches: 1 });
    } finally {
      await printer.close();
    }
    expect(chromiumChildren()).toEqual([]);
  });

  it("renews none for the last prints of a run, and prints on after a refused briefing", async () => {
    const printer = new Printer({ concurrency: 1, renewPageEvery: 2 });
    try {
      printer.expect(4);
      const long = `<!doctype html>${"<p style='break-after: page'>page</p>".repeat(3)}`;
      await expect(printer.print(long, { maxPages: 1 })).rejects.toThrow(/more than 1 pages/);
      // The refused briefing's page is closed: the next print opens another.
      for (let i = 0; i < 4; i++) await printer.print(`<!doctype html><p>briefing ${i}</p>`);
      // Renewed after the 2nd of the four, not after the 4th: no print was left for it.
      expect(printer.stats).toMatchObject({ pages: 4, opened: 3, launches: 1 });
    } finally {
      await printer.close();
    }
    expect(chromiumChildren()).toEqual([]);
  });
});

describe("a printer told how many pages the run prints", () => {
  it("closes its browser once the last is printed, without waiting to be closed", async () => {
    const printer = new Printer({ concurrency: 1 });
    printer.expect(2);
    await printer.print("<!doctype html><p>one</p>");
    expect(chromiumChildren().length).toBe(1);
    await printer.print("<!doctype html><p>two</p>");
    // Closing began with the second page's return; nothing here asks it to close.
    await expect.poll(() => chromiumChildren().length, { timeout: 5000 }).toBe(0);
    // A page more than it was told still prints, on a browser closed in its turn.
    const extra = await printer.print("<!doctype html><p>three</p>");
    expect(Buffer.from(extra).subarray(0, 5).toString()).toBe("%PDF-");
    await printer.close();
    expect(chromiumChildren()).toEqual([]);
  });
});

describe("the early printer of a cold build (print/early.ts)", () => {
  it("starts the browser beside the check, kills it for refused input, and hands on what it checked", async () => {
    const good = path.join(ROOT, "data/sumbagsel/2020-10.yaml");
    const bad = path.join(tempDir(), "bad.yaml");
    writeFileSync(bad, "organisation: [\n");
    expect(await earlyPrinter([good, bad], {})).toEqual({});
    // Killed at once, launched or still launching: nothing of it is left.
    await expect.poll(() => chromiumChildren().length, { timeout: 5000 }).toBe(0);
    const { printer, checked } = await earlyPrinter([good], {});
    if (!printer) throw new Error("no printer for a valid briefing");
    expect(checked?.map((c) => c.source.file)).toEqual([good]);
    expect(checked?.[0]?.issues.length).toBeGreaterThan(0);
    await expect.poll(() => chromiumChildren().length, { timeout: 10_000 }).toBe(1);
    await printer.close();
    expect(chromiumChildren()).toEqual([]);
  });
});

describe("a browser done with", () => {
  /** A printer whose browser is up, and the throwaway profile that browser was started with. */
  async function launched(): Promise<{ printer: Printer; profile: string }> {
    const printer = new Printer({ concurrency: 1 });
    printer.warm();
    await expect.poll(() => chromiumChildren().length, { timeout: 10_000 }).toBe(1);
    const [pid] = chromiumChildren();
    const profile = pid === undefined ? undefined : profileOf(pid);
    if (!profile) throw new Error("the browser was started without a profile folder");
    expect(existsSync(profile)).toBe(true);
    return { printer, profile };
  }

  it("is closed, and its profile is removed", async () => {
    const { printer, profile } = await launched();
    await printer.print("<!doctype html><p>one</p>");
    await printer.close();
    expect(chromiumChildren()).toEqual([]);
    expect(existsSync(profile)).toBe(false);
  });

  it("killed before it has started, leaves no profile behind", async () => {
    const before = process.env.TMPDIR;
    const tmp = tempDir();
    process.env.TMPDIR = tmp;
    try {
      // Killed while puppeteer waits for its first tab, its launch settles only at its timeout:
      // the command line removes its profile as the process exits (print/remote.ts).
      for (const after of [0, 30]) {
        const printer = new Printer({ concurrency: 1 });
        printer.warm();
        await new Promise((resolve) => setTimeout(resolve, after));
        printer.kill();
        await browsersGone();
        expect(readdirSync(tmp), `killed after ${after} ms`).toEqual([]);
      }
      expect(chromiumChildren()).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });

  it("killed, is gone, and its profile with it, before the printer's thread may end", async () => {
    const { printer, profile } = await launched();
    await printer.print("<!doctype html><p>one</p>");
    printer.kill();
    await browsersGone();
    expect(chromiumChildren()).toEqual([]);
    expect(existsSync(profile)).toBe(false);
  });
});

describe("the printer on its own thread (print/remote.ts)", () => {
  it("prints, says which browser it runs, and forgets it once it has exited", async () => {
    const printer = new RemotePrinter({ concurrency: 1 });
    await printer.check();
    const pdf = await printer.print("<!doctype html><p>one</p>");
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    expect(liveBrowsers()).toHaveLength(1);
    const [pid] = liveBrowsers();
    expect(chromiumChildren()).toContain(pid);
    await printer.close();
    // Closed and reaped: its process id, should another process get it, is never signalled.
    expect(liveBrowsers()).toEqual([]);
    expect(chromiumChildren()).toEqual([]);
  });

  it("brings its errors back as they were raised: code, message and hint", async () => {
    const printer = new RemotePrinter({ concurrency: 1, browser: { preferred: "/nonexistent" } });
    const failure = await printer.check().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BriefingError);
    expect((failure as BriefingError).code).toBe(ExitCode.ENVIRONMENT);
    expect((failure as BriefingError).hint).toContain("--browser");
    await printer.close();
  });
});
