/**
 * What `briefing init` asks on a terminal, and what it takes from flags and defaults. The
 * questions run through node:readline on a stream pair, as on a terminal.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { resolveAnswers, terminalAsk } from "../../src/init/answers.js";
import { idsFor, projectFiles } from "../../src/init/project.js";

const now = new Date(2025, 9, 15);

describe("init's answers", () => {
  it("asks nothing without a terminal: flags, then defaults", async () => {
    const answers = await resolveAnswers(
      { region: "Sumatera Selatan", lang: "en" },
      undefined,
      now,
    );
    expect(answers).toMatchObject({
      organisation: "Our organisation",
      region: "Sumatera Selatan",
      unitLabel: "district",
      segments: [],
      indicators: [],
      lang: "en",
      series: "sumatera-selatan",
      period: "2025-10",
    });
  });

  it("asks only what the flags leave out, over readline, Enter taking the default", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let asked = "";
    output.on("data", (chunk: Buffer) => {
      asked += chunk.toString();
    });
    const terminal = terminalAsk(input, output);
    const answers: string[] = ["Dinas Kesehatan", "Jawa Tengah", "", "", "Imunisasi, Vitamin A"];
    const ask = async (question: string) => {
      const pending = terminal.ask(question);
      input.write(`${answers.shift() ?? ""}\n`);
      return pending;
    };
    const result = await resolveAnswers({ unitLabel: "kabupaten" }, ask, now);
    terminal.close();
    expect(result).toMatchObject({
      organisation: "Dinas Kesehatan",
      region: "Jawa Tengah",
      lang: "id",
      unitLabel: "kabupaten",
      segments: [],
      indicators: ["Imunisasi", "Vitamin A"],
    });
    expect(asked).toContain("Organisation [Our organisation]: ");
    expect(asked).toContain("(id, en) [id]: ");
    expect(asked).not.toContain("unit of the region");
    expect(answers).toEqual([]);
  });

  it("gives distinct ids to names that slug alike", () => {
    expect(idsFor(["Penerima Upah", "penerima upah", "Jasa Konstruksi"])).toEqual([
      "penerima-upah",
      "penerima-upah-2",
      "jasa-konstruksi",
    ]);
  });

  it("writes its texts as YAML that reads back exactly, and marks every figure", async () => {
    const answers = await resolveAnswers(
      { organisation: 'A "quoted": #1', region: "R", segments: "a,b", units: "x,y" },
      undefined,
      now,
    );
    const [briefing] = projectFiles(answers);
    const { parse } = await import("yaml");
    const data = parse(briefing?.content ?? "") as {
      organisation: { name: string };
      units: { illustrative: boolean; members: Record<string, number> }[];
    };
    expect(data.organisation.name).toBe('A "quoted": #1');
    expect(data.units.map((unit) => unit.illustrative)).toEqual([true, true]);
    expect(Object.keys(data.units[0]?.members ?? {})).toEqual(["a", "b"]);
  });
});
