/**
 * Painting outside the tagged structure (running header and footer, box backgrounds) is marked
 * as an artifact, one operation at a time, never splitting a path from its painting.
 */
import { describe, expect, it } from "vitest";
import { markArtifacts, operations } from "../../src/print/artifacts.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined) => new TextDecoder("latin1").decode(data);

describe("markArtifacts", () => {
  it("wraps a path with its construction, and text shown outside marked content", () => {
    const out = text(
      markArtifacts(
        bytes(
          "q 1 0 0 RG 0 0 10 10 re f Q BT /F1 12 Tf 1 0 0 1 5 5 Tm (x) Tj ET /P <</MCID 0>> BDC BT (y) Tj ET EMC",
        ),
      ),
    );
    expect(out).toBe(
      "q 1 0 0 RG /Artifact BMC\n0 0 10 10 re f\nEMC Q BT /F1 12 Tf 1 0 0 1 5 5 Tm /Artifact BMC\n(x) Tj\nEMC ET /P <</MCID 0>> BDC BT (y) Tj ET EMC",
    );
  });

  it("leaves a clipping path, and content already marked, as they are", () => {
    const source = "q 0 0 5 5 re W n /Span <</MCID 1>> BDC 0 0 1 1 re f EMC Q";
    expect(text(markArtifacts(bytes(source)))).toBe(source);
  });

  it("reads strings with parentheses, escapes and operator-like words inside", () => {
    const ops = operations(bytes("BT (a \\) Tj (b) c) Tj <00 1C> Tj [(x) -20 (y)] TJ ET"));
    expect(ops?.map((o) => o.operator)).toEqual(["BT", "Tj", "Tj", "TJ", "ET"]);
  });

  it("gives up, changing nothing, on what it cannot read safely", () => {
    expect(markArtifacts(bytes("BI /W 1 /H 1 ID x EI"))).toBeUndefined();
    expect(markArtifacts(bytes("EMC (x) Tj"))).toBeUndefined();
    expect(markArtifacts(bytes("/P BDC (x) Tj"))).toBeUndefined();
    expect(markArtifacts(bytes("(unclosed Tj"))).toBeUndefined();
  });
});
