/**
 * `briefing doctor`: one line per thing a build and a send need, ✓ or ✗ with how to get it;
 * exit 0 when all is there, 3 otherwise. A real browser prints the test page, a real SMTP
 * server on 127.0.0.1 answers (or a closed port does not).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeCheck, outputCheck } from "../../src/doctor/doctor.js";
import { spawnBriefing } from "../support/cli.js";
import { removeTempDirs, tempDir } from "../support/files.js";
import { closedPort, smtpEnv, startSmtp, type TestSmtp } from "../support/smtp.js";

const doctor = (args: string[], env: Record<string, string> = {}) =>
  spawnBriefing(["doctor", ...args], { cwd: tempDir(), env }).done;

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp.close();
  removeTempDirs();
});

describe("briefing doctor", () => {
  it("says all is well, one ✓ line each, and exits 0", async () => {
    const run = await doctor([], { BRIEFING_BROWSER: "/usr/bin/chromium" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.map((line) => line.split(":")[0])).toEqual([
      "✓ Node.js",
      "✓ browser",
      "✓ test page",
      "✓ fonts",
      "✓ output folder",
    ]);
    expect(run.stdout).toContain("✓ browser: /usr/bin/chromium (BRIEFING_BROWSER)");
    expect(run.stdout).toMatch(/✓ test page: started and printed a PDF in \d+ ms/);
    expect(run.stdout).not.toContain("SMTP");
  });

  it("says how it found the browser", async () => {
    const run = await doctor(["--browser", "/usr/bin/chromium"]);
    expect(run.stdout).toContain("✓ browser: /usr/bin/chromium (--browser)");
  });

  for (const [how, args, env] of [
    ["BRIEFING_BROWSER", [], { BRIEFING_BROWSER: "/nonexistent" }],
    ["--browser", ["--browser", "/nonexistent"], {}],
  ] as const) {
    it(`says a missing browser (${how}) and how to get one, and exits 3`, async () => {
      const run = await doctor([...args], env);
      expect(run.status).toBe(3);
      expect(run.stdout).toMatch(/^✗ browser: .*\/nonexistent.*apt-get install chromium/m);
      expect(run.stdout).toContain("npx puppeteer browsers install chrome");
      expect(run.stdout).not.toContain("test page");
      expect(run.stdout).toContain("✓ fonts");
      expect(run.stderr).toContain("1 check failed");
    });
  }

  it("says an output folder it cannot write to, and exits 3", async () => {
    const file = path.join(tempDir(), "a-file");
    writeFileSync(file, "");
    const run = await doctor(["-o", path.join(file, "output")], {
      BRIEFING_BROWSER: "/usr/bin/chromium",
    });
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/^✗ output folder: .*a-file is a file, not a folder.*-o <dir>/m);
  });

  it("checks the SMTP server only with --smtp: the test server answers", async () => {
    const run = await doctor(["--smtp"], {
      ...smtpEnv(smtp.port),
      BRIEFING_BROWSER: "/usr/bin/chromium",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`✓ SMTP settings: 127.0.0.1:${smtp.port}, from`);
    expect(run.stdout).toMatch(
      new RegExp(`✓ SMTP server: 127.0.0.1:${smtp.port} answered in \\d+ ms`),
    );
    expect(smtp.connections).toBeGreaterThan(0);
  });

  it("says a closed SMTP port, and exits 3", async () => {
    const port = await closedPort();
    const run = await doctor(["--smtp"], {
      ...smtpEnv(port),
      BRIEFING_BROWSER: "/usr/bin/chromium",
    });
    expect(run.status).toBe(3);
    expect(run.stdout).toContain(`✓ SMTP settings: 127.0.0.1:${port}`);
    expect(run.stdout).toMatch(/^✗ SMTP server: .*ECONNREFUSED/m);
  });

  it("says SMTP settings that are missing, with how to give them", async () => {
    const run = await doctor(["--smtp"], { BRIEFING_BROWSER: "/usr/bin/chromium" });
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/^✗ SMTP settings: no SMTP server configured.*BRIEFING_SMTP_HOST/m);
  });
});

describe("doctor's checks", () => {
  it("wants Node.js 20.19 or later", () => {
    expect(nodeCheck("20.19.0").ok).toBe(true);
    expect(nodeCheck("22.1.0").ok).toBe(true);
    expect(nodeCheck("20.18.3")).toMatchObject({
      ok: false,
      hint: expect.stringContaining("20.19"),
    });
    expect(nodeCheck("18.20.0").ok).toBe(false);
  });

  it("takes an output folder not made yet when its parent takes a file", () => {
    const dir = tempDir();
    expect(outputCheck(path.join(dir, "new/output"))).toMatchObject({ ok: true });
  });
});
