/**
 * pdf-lib, as briefing loads it: its one-file ES build, which Node loads in a quarter of the
 * time of the three hundred ES modules its package name leads to (measured in a fresh process:
 * 50-67 ms against 206-220 ms, and ~0.28 s less CPU). A cold build loads it on the printer's
 * thread while the browser starts, on a core the browser needs. The same package, version and
 * code; everything in briefing that uses pdf-lib takes it from here, so that one copy is
 * loaded, never both (their classes are not each other's).
 */
export * from "pdf-lib/dist/pdf-lib.esm.min.js";
