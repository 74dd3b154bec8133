/**
 * `briefing init`: a new office's project from flags alone (stdin is not a terminal here), that
 * builds at once into a briefing which says its figures are placeholders; never written over
 * without --force.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { briefing } from "../support/cli.js";
import { ROOT, removeTempDirs, snapshot, tempDir } from "../support/files.js";
import { pdfText } from "../support/pdf.js";

afterAll(removeTempDirs);

const browser = { BRIEFING_BROWSER: "/usr/bin/chromium" };

describe("briefing init", () => {
  const dir = path.join(tempDir(), "office");
  const flags = [
    "--organisation",
    "Dinas Contoh: #1",
    "--region",
    "Sumatera Selatan",
    "--unit-label",
    "kabupaten",
    "--segments",
    "Penerima Upah, Bukan Penerima Upah",
    "--period",
    "2025-10",
  ];
  const briefingFile = path.join(dir, "data/sumatera-selatan/2025-10.yaml");

  it("writes the project from flags, asking nothing", () => {
    const run = briefing(["init", dir, ...flags]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    for (const file of [
      "data/sumatera-selatan/2025-10.yaml",
      "data/recipients.yaml",
      "templates/README.md",
      "templates/style.css",
      ".gitignore",
      "README.md",
    ]) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
      expect(run.stdout).toContain(path.join(dir, file));
    }
    expect(readFileSync(path.join(dir, ".gitignore"), "utf8")).toContain("/output/");
    // Nobody to send to: every line of the recipients file is a comment.
    const recipients = readFileSync(path.join(dir, "data/recipients.yaml"), "utf8");
    expect(recipients.split("\n").every((line) => line === "" || line.startsWith("#"))).toBe(true);
    const yaml = readFileSync(briefingFile, "utf8");
    expect(yaml).toContain('name: "Dinas Contoh: #1"');
    expect(yaml.match(/^[^#\n]*illustrative: true/gm)).toHaveLength(3);
  });

  it("builds at once, and the briefing says its figures are placeholders", () => {
    const run = briefing(
      ["build", briefingFile, "-o", path.join(dir, "output"), "--pdfa"],
      browser,
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const pdf = path.join(dir, "output/sumatera-selatan-2025-10.pdf");
    const text = pdfText(pdf);
    expect(text).toContain("Dinas Contoh: #1");
    expect(text).toContain("Data ilustrasi");
    expect(text).toContain("bukan data resmi");
    // Every figure carries the mark: 3 units of 2 segments, all made up.
    expect(text).toMatch(/\d\*/);
    // Its data names the project's template folder, which verify does not need to find.
    const verify = briefing(["verify", pdf]);
    expect(verify.stdout).toContain("matches its data");
    expect(verify.status).toBe(0);
  });

  it("builds as an archive too: the commented-out recipients file is no recipients file", () => {
    const run = briefing(
      ["build", path.join(dir, "data"), "-o", path.join(dir, "archive")],
      browser,
    );
    expect(run.status).toBe(0);
    expect(existsSync(path.join(dir, "archive/2025-10/sumatera-selatan.pdf"))).toBe(true);
    const send = briefing([
      "send",
      "--period",
      "2025-10",
      "-o",
      path.join(dir, "archive"),
      "--dry-run",
    ]);
    expect(send.status).toBe(2);
    expect(send.stderr).toContain("names no recipients file");
  });

  it("refuses to write over what is there, naming it, and changes nothing", () => {
    writeFileSync(path.join(dir, "README.md"), "ours\n");
    const before = snapshot(path.join(dir, "data"));
    const run = briefing(["init", dir, ...flags]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(path.join(dir, "README.md"));
    expect(run.stderr).toContain(briefingFile);
    expect(run.stderr).toContain("--force");
    expect(readFileSync(path.join(dir, "README.md"), "utf8")).toBe("ours\n");
    expect(snapshot(path.join(dir, "data"))).toEqual(before);
  });

  it("writes over it with --force", () => {
    const run = briefing(["init", dir, ...flags, "--force"]);
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(dir, "README.md"), "utf8")).toContain("briefing");
  });

  it("makes a briefing of indicators, in English, with named units, that checks", () => {
    const other = tempDir();
    const run = briefing([
      "init",
      other,
      "-y",
      "--lang",
      "en",
      "--region",
      "Central Java",
      "--indicators",
      "Measles vaccine,Vitamin A",
      "--units",
      "Cilacap,Banyumas",
      "--period",
      "2021-12",
    ]);
    expect(run.status).toBe(0);
    const file = path.join(other, "data/central-java/2021-12.yaml");
    const yaml = readFileSync(file, "utf8");
    expect(yaml).toContain("language: en");
    expect(yaml).toContain("vitamin-a: {");
    expect(yaml.match(/^[^#\n]*illustrative: true/gm)).toHaveLength(4);
    const check = briefing(["check", file]);
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("with no segments and no indicators still gives a briefing that checks", () => {
    const other = tempDir();
    expect(briefing(["init", other, "-y", "--period", "2024-01"]).status).toBe(0);
    const check = briefing(["check", path.join(other, "data/our-region/2024-01.yaml")]);
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("refuses contradictory or malformed flags with a usage error", () => {
    const other = tempDir();
    const both = briefing(["init", other, "--segments", "a", "--indicators", "b"]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("--segments or --indicators, not both");
    const period = briefing(["init", other, "--period", "2025-13"]);
    expect(period.status).toBe(2);
    expect(period.stderr).toContain("YYYY-MM");
    const lang = briefing(["init", other, "--lang", "fr"]);
    expect(lang.status).toBe(2);
    expect(existsSync(path.join(other, "README.md"))).toBe(false);
  });
});

/**
 * `briefing init` on a real terminal (util-linux `script` gives it a pseudo-terminal): each
 * answer is typed once its question shows, as a person would. `answers`: [question, keys].
 */
function onTerminal(
  args: string[],
  answers: [string, string][],
): Promise<{ status: number; output: string }> {
  const command = ["node", path.join(ROOT, "bin/briefing.js"), ...args, "; echo EXIT $?"].join(" ");
  const child = spawn("script", ["-qec", command, "/dev/null"], {
    env: { ...process.env, LANG: "en_US.UTF-8" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  let from = 0;
  const pending = [...answers];
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    const next = pending[0];
    const at = next ? output.indexOf(next[0], from) : -1;
    if (next && at >= 0) {
      pending.shift();
      from = at + next[0].length;
      child.stdin.write(next[1]);
    }
  });
  return new Promise((resolve) => {
    child.on("close", () => {
      const status = Number(/EXIT (\d+)/.exec(output)?.[1] ?? -1);
      resolve({ status, output });
    });
  });
}

describe("briefing init on a terminal", () => {
  it("asks for what the flags leave out, Enter taking the default", async () => {
    const dir = tempDir();
    const run = await onTerminal(
      ["init", dir, "--period", "2025-10", "--unit-label", "district"],
      [
        ["Organisation [", "Dinas X\r"],
        ["Region [", "Jambi\r"],
        ["Language of the briefing", "en\r"],
        ["Segments a unit", "PU, BPU\r"],
      ],
    );
    expect(run.output).toContain("Organisation [Our organisation]: ");
    expect(run.output).not.toContain("unit of the region");
    expect(run.status).toBe(0);
    const yaml = readFileSync(path.join(dir, "data/jambi/2025-10.yaml"), "utf8");
    expect(yaml).toContain('name: "Dinas X"');
    expect(yaml).toContain("language: en");
    expect(yaml).toContain("id: bpu");
  });

  it("stops at Ctrl+D with nothing written (exit 2), and at Ctrl+C as a signal stops a build (130)", async () => {
    const dir = tempDir();
    const eof = await onTerminal(
      ["init", dir],
      [
        ["Organisation [", "Dinas X\r"],
        ["Region [", "\u0004"],
      ],
    );
    expect(eof.output).toContain("nothing was written");
    expect(eof.status).toBe(2);
    const interrupted = await onTerminal(["init", dir], [["Organisation [", "\u0003"]]);
    expect(interrupted.output).toContain("stopped by SIGINT");
    expect(interrupted.status).toBe(130);
    expect(existsSync(path.join(dir, "data"))).toBe(false);
  });
});
