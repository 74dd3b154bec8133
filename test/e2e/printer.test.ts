/**
 * The printer relaunches its browser every so many pages, so that memory stays flat in long
 * batches, and never has two browsers alive at once while it does.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Printer } from "../../src/print/printer.js";
import { chromiumChildren } from "../support/processes.js";

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
