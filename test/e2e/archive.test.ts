/**
 * The archive, as the README describes it: a data folder of <series>/<YYYY-MM>.yaml built into
 * <out>/<YYYY-MM>/<series>.{html,pdf}, with <out>/index.html and <out>/manifest.json. Each month
 * shows its change since the month before; a second run rebuilds only what changed; a broken
 * file leaves its archived copy alone; a killed browser or a second build of the same folder
 * does not spoil the archive.
 *
 * The fixture (test/fixtures/archive) has series alpha (2024-01, 2024-02, 2024-03) and beta
 * (2024-02). It is built once, with real Chromium; tests that change something work on a copy.
 */
import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { discover } from "../../src/archive/discover.js";
import { type Manifest, readManifest, serializeManifest } from "../../src/archive/manifest.js";
import { type ArchiveEvent, type ArchiveResult, buildArchive } from "../../src/archive/run.js";
import { BriefingError, ExitCode, type Issue } from "../../src/errors.js";
import { insideDir, writeAll } from "../../src/output/write.js";
import { RemotePrinter } from "../../src/print/remote.js";
import {
  ARCHIVE_FIXTURE,
  type ArchiveCopy,
  copyOf,
  fixtureArchive,
  only,
  sha256File,
} from "../support/archive.js";
import { briefing } from "../support/cli.js";
import { ROOT, removeTempDirs, snapshot, tempDir } from "../support/files.js";
import { pdfText } from "../support/pdf.js";
import { chromiumChildren } from "../support/processes.js";

afterAll(removeTempDirs);

/** Every briefing of the fixture, as the archive keys them: <period>/<series>. */
const ALL = ["2024-01/alpha", "2024-02/alpha", "2024-02/beta", "2024-03/alpha"];
const sorted = (keys: readonly string[]) => [...keys].sort();
const flat = (text: string) => text.replace(/\s+/g, " ");

function manifestOf(out: string): Manifest {
  const { manifest, problem } = readManifest(out);
  expect(problem).toBeUndefined();
  return manifest;
}

function entry(manifest: Manifest, key: string) {
  const found = manifest.briefings.find((b) => `${b.period}/${b.series}` === key);
  if (!found) throw new Error(`no manifest entry for ${key}`);
  return found;
}

/** The fixture, built once with real Chromium; tests that only read share it. */
let built: Promise<{ archive: ArchiveCopy; result: ArchiveResult; issues: Issue[] }> | undefined;
function goodBuild() {
  built ??= (async () => {
    const archive = fixtureArchive();
    const issues: Issue[] = [];
    const result = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      onIssue: (issue) => issues.push(issue),
    });
    return { archive, result, issues };
  })();
  return built;
}

/** A copy of the good build, data and archive, to change. */
async function goodCopy(): Promise<ArchiveCopy> {
  return copyOf((await goodBuild()).archive);
}

/** alpha/2024-02.yaml with Unit A's count of segment X negative: not a valid briefing. */
function breakFebruary(archive: ArchiveCopy): string {
  const file = path.join(archive.data, "alpha/2024-02.yaml");
  const text = readFileSync(file, "utf8");
  const broken = text.replace("members: { x: 110, y: 55 }", "members: { x: -110, y: 55 }");
  expect(broken).not.toBe(text);
  writeFileSync(file, broken);
  return file;
}

describe("building the fixture archive", () => {
  let archive: ArchiveCopy;
  let result: ArchiveResult;
  let index: string;

  beforeAll(async () => {
    ({ archive, result } = await goodBuild());
    index = readFileSync(path.join(archive.out, "index.html"), "utf8");
  });

  it("builds all 4 briefings", () => {
    expect(sorted(result.built)).toEqual(ALL);
    expect(result.skipped).toEqual([]);
    expect(result.failed).toEqual([]);
  });

  it("writes <YYYY-MM>/<series>.html and .pdf for each, index.html and manifest.json, and nothing else", () => {
    expect(Object.keys(snapshot(archive.out)).sort()).toEqual([
      "2024-01/alpha.html",
      "2024-01/alpha.pdf",
      "2024-02/alpha.html",
      "2024-02/alpha.pdf",
      "2024-02/beta.html",
      "2024-02/beta.pdf",
      "2024-03/alpha.html",
      "2024-03/alpha.pdf",
      "index.html",
      "manifest.json",
    ]);
  });

  it("lists every briefing in the index under its period, newest period first, then by series", () => {
    const at = (snippet: string) => {
      const position = index.indexOf(snippet);
      expect(position, snippet).toBeGreaterThanOrEqual(0);
      return position;
    };
    const march = at('<h2 id="period-2024-03">Maret 2024</h2>');
    const february = at('<h2 id="period-2024-02">Februari 2024</h2>');
    const january = at('<h2 id="period-2024-01">Januari 2024</h2>');
    expect(march).toBeLessThan(february);
    expect(february).toBeLessThan(january);
    const row = (key: string) => at(`<a href="${key}.html"`);
    expect(row("2024-03/alpha")).toBeGreaterThan(march);
    expect(row("2024-03/alpha")).toBeLessThan(february);
    expect(row("2024-02/alpha")).toBeGreaterThan(february);
    expect(row("2024-02/alpha")).toBeLessThan(row("2024-02/beta"));
    expect(row("2024-02/beta")).toBeLessThan(january);
    expect(row("2024-01/alpha")).toBeGreaterThan(january);
    for (const title of ["Alpha 2024-03", "Alpha 2024-02", "Beta 2024-02", "Alpha 2024-01"]) {
      expect(index.includes(`<td class="title">${title}<br>`), title).toBe(true);
    }
  });

  it("links each briefing's files from the index, relative to it", () => {
    for (const key of ALL) {
      expect(index.includes(`<a href="${key}.html" hreflang="id">`), `${key}.html`).toBe(true);
      expect(index.includes(`<a href="${key}.pdf" hreflang="id">`), `${key}.pdf`).toBe(true);
    }
    const hrefs = [...index.matchAll(/\bhref\s*=\s*"([^"]*)"/g)].map((m) => m[1] ?? "");
    expect(hrefs).toHaveLength(ALL.length * 2);
    for (const href of hrefs) {
      expect(href).toMatch(/^\d{4}-\d{2}\/[a-z0-9-]+\.(html|pdf)$/);
      expect(existsSync(path.join(archive.out, href)), href).toBe(true);
    }
  });

  it("writes an index that refers to nothing outside itself", () => {
    // Matches are compared, not the page: a failure shows the offending reference only.
    expect(index.match(/https?:\/\/[^\s"')]*/i)?.[0]).toBeUndefined();
    expect(index.match(/file:[^\s"')]*/i)?.[0]).toBeUndefined();
    expect(index.match(/\bsrc\s*=\s*"[^"]{0,40}/i)?.[0]).toBeUndefined();
  });

  it("records in the manifest each output's sha256, equal to the file's on disk", () => {
    const manifest = manifestOf(archive.out);
    expect(sorted(manifest.briefings.map((b) => `${b.period}/${b.series}`))).toEqual(ALL);
    for (const briefing of manifest.briefings) {
      const key = `${briefing.period}/${briefing.series}`;
      expect(briefing.outputs.map((o) => o.path).sort()).toEqual([`${key}.html`, `${key}.pdf`]);
      for (const output of briefing.outputs) {
        expect(output.sha256, output.path).toBe(sha256File(path.join(archive.out, output.path)));
      }
    }
  });

  it("records in the manifest each input's sha256, the previous month's file included", () => {
    const manifest = manifestOf(archive.out);
    const inputsOf = (key: string) =>
      entry(manifest, key).inputs.map((input) => {
        const file = path.resolve(archive.out, input.path);
        expect(input.sha256, input.path).toBe(sha256File(file));
        return path.relative(archive.data, file);
      });
    expect(inputsOf("2024-03/alpha")).toEqual(["alpha/2024-03.yaml", "alpha/2024-02.yaml"]);
    expect(inputsOf("2024-02/alpha")).toEqual(["alpha/2024-02.yaml", "alpha/2024-01.yaml"]);
    expect(inputsOf("2024-01/alpha")).toEqual(["alpha/2024-01.yaml"]);
    expect(inputsOf("2024-02/beta")).toEqual(["beta/2024-02.yaml"]);
  });
});

describe("the change since the previous month", () => {
  const text: Record<string, string> = {};

  beforeAll(async () => {
    const { archive } = await goodBuild();
    for (const key of ALL) text[key] = pdfText(path.join(archive.out, `${key}.pdf`));
  });

  it("counts members: +120 since February 2024 (360 → 480)", () => {
    expect(text["2024-02/alpha"]).toMatch(/^\s*360\s/m);
    expect(text["2024-03/alpha"]).toMatch(/^\s*480\s/m);
    expect(text["2024-03/alpha"]).toContain("+120 sejak Februari 2024");
    expect(flat(text["2024-03/alpha"] ?? "")).toContain(
      "Dibandingkan Februari 2024, Alpha mencatat tambahan 120 peserta",
    );
  });

  it("counts Unit A's coverage in points: +1,7 poin (55,0% → 56,7%)", () => {
    expect(text["2024-02/alpha"]).toMatch(/^\s*Unit A\s.*\s55,0%\s/m);
    expect(text["2024-03/alpha"]).toMatch(/^\s*Unit A\s.*\s56,7%\s/m);
    expect(text["2024-03/alpha"]).toContain("+1,7 poin sejak Februari");
    expect(flat(text["2024-03/alpha"] ?? "")).toContain("Cakupan kepesertaan Unit A naik 1,7 poin");
  });

  it("tells rank moves: Unit A down to rank 2, Unit C up from rank 3 to rank 1 (+2)", () => {
    expect(flat(text["2024-03/alpha"] ?? "")).toContain("turun ke peringkat 2");
    expect(text["2024-02/alpha"]).toMatch(/^\s*Unit C\s.*\s3\s*$/m);
    expect(text["2024-03/alpha"]).toMatch(/^\s*Unit C\s.*\s1 \(\+2\)\s*$/m);
    expect(text["2024-03/alpha"]).toMatch(/^\s*Unit A\s.*\s2 \(−1\)\s*$/m);
  });

  it("shows no change where there is no previous month: alpha's January, beta's February", () => {
    expect(text["2024-02/alpha"]).toContain("sejak Januari 2024");
    expect(text["2024-01/alpha"]).not.toContain("sejak");
    expect(text["2024-02/beta"]).not.toContain("sejak");
  });
});

describe("building again", () => {
  it("skips every briefing when nothing changed and leaves the output folder as it was, bytes and mtimes", async () => {
    const { archive } = await goodBuild();
    const before = snapshot(archive.out);
    const events: ArchiveEvent[] = [];
    const started = vi.spyOn(RemotePrinter.prototype, "warm");
    const result = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      onEvent: (event) => events.push(event),
    }).finally(() => started.mockRestore());
    expect(result.built).toEqual([]);
    expect(sorted(result.skipped)).toEqual(ALL);
    expect(result.failed).toEqual([]);
    expect(events).toContainEqual({ type: "planned", total: 4, toBuild: 0 });
    expect(snapshot(archive.out)).toEqual(before);
    // Nothing to print: no browser was started.
    expect(started).not.toHaveBeenCalled();
  });

  it("rebuilds a changed file and the next month, whose change depends on it, and nothing else", async () => {
    const archive = await goodCopy();
    const before = snapshot(archive.out);
    const february = path.join(archive.data, "alpha/2024-02.yaml");
    // Unit A's segment X from 110 to 100: alpha has 350 members in February, not 360.
    const text = readFileSync(february, "utf8");
    writeFileSync(
      february,
      text.replace("members: { x: 110, y: 55 }", "members: { x: 100, y: 55 }"),
    );

    const result = await buildArchive({ dataDir: archive.data, outDir: archive.out });
    expect(sorted(result.built)).toEqual(["2024-02/alpha", "2024-03/alpha"]);
    expect(sorted(result.skipped)).toEqual(["2024-01/alpha", "2024-02/beta"]);
    expect(result.failed).toEqual([]);

    const untouched = ["2024-01/", "2024-02/beta."];
    expect(only(snapshot(archive.out), untouched)).toEqual(only(before, untouched));
    expect(Object.keys(only(before, untouched))).toHaveLength(4);
    const march = pdfText(path.join(archive.out, "2024-03/alpha.pdf"));
    expect(march).toContain("+130 sejak Februari 2024");
    expect(entry(manifestOf(archive.out), "2024-02/alpha").summary.members?.value).toBe(350);
  });

  it("keeps each file's plan (its ids, language) in the manifest, and reads a changed file's again", async () => {
    const archive = await goodCopy();
    const kept = manifestOf(archive.out);
    for (const key of ALL) {
      expect(entry(kept, key).plan, key).toEqual({ language: "id", ids: ["x", "y"] });
    }
    // The plan kept for a file is the file's only while the file is as it was (its sha256).
    kept.briefings = kept.briefings.map((b) => ({
      ...b,
      plan: { language: "id", ids: ["stale"] },
    }));
    writeFileSync(path.join(archive.out, "manifest.json"), serializeManifest(kept));
    const march = path.join(archive.data, "alpha/2024-03.yaml");
    writeFileSync(march, `${readFileSync(march, "utf8")}\n# changed\n`);
    const result = await buildArchive({ dataDir: archive.data, outDir: archive.out });
    expect(result.built).toEqual(["2024-03/alpha"]);
    const after = manifestOf(archive.out);
    expect(entry(after, "2024-03/alpha").plan?.ids).toEqual(["x", "y"]);
    expect(entry(after, "2024-01/alpha").plan?.ids).toEqual(["stale"]);
  });

  it("rebuilds every briefing with force: true", async () => {
    const archive = await goodCopy();
    const before = snapshot(archive.out);
    // A run sure to print starts its browser, a page for each page printed at once, before
    // it has planned.
    const order: string[] = [];
    const warm = RemotePrinter.prototype.warm;
    const started = vi.spyOn(RemotePrinter.prototype, "warm").mockImplementation(function (
      this: RemotePrinter,
      pages?: number,
    ) {
      order.push(`warm ${pages}`);
      warm.call(this, pages);
    });
    const result = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      force: true,
      onEvent: (event) => order.push(event.type),
    }).finally(() => started.mockRestore());
    expect(order.slice(0, 2)).toEqual([`warm ${ALL.length}`, "planned"]);
    expect(sorted(result.built)).toEqual(ALL);
    expect(result.skipped).toEqual([]);
    expect(result.failed).toEqual([]);
    const after = snapshot(archive.out);
    for (const key of ALL) {
      expect(after[`${key}.pdf`], key).not.toBe(before[`${key}.pdf`]);
    }
  });
});

describe("an archive in two languages (--lang id,en)", () => {
  let archive: ArchiveCopy;
  let result: ArchiveResult;
  beforeAll(async () => {
    archive = await goodCopy();
    result = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      languages: ["id", "en"],
      onIssue: () => {},
    });
  });

  it("builds each briefing's English copy as <series>.en.*, and keeps the Indonesian ones it had", () => {
    expect(result.failed).toEqual([]);
    expect(sorted(result.built)).toEqual(sorted(ALL.map((key) => `${key}.en`)));
    expect(sorted(result.skipped)).toEqual(sorted(ALL));
    const english = pdfText(path.join(archive.out, "2024-03/alpha.en.pdf"));
    const indonesian = pdfText(path.join(archive.out, "2024-03/alpha.pdf"));
    expect(english).toContain("Page 1 of");
    expect(indonesian).toContain("Halaman 1 dari");
    const manifest = manifestOf(archive.out);
    expect(manifest.languages).toEqual(["id", "en"]);
    expect(manifest.briefings.filter((b) => b.translation === "en")).toHaveLength(ALL.length);
  });

  it("lists both in the index, a row each with its language and its own files", () => {
    const index = readFileSync(path.join(archive.out, "index.html"), "utf8");
    expect(index).toContain('href="2024-03/alpha.en.pdf"');
    expect(index).toContain('href="2024-03/alpha.pdf"');
    expect(index).toMatch(/Bahasa: Inggris, Indonesia\./);
  });

  it("keeps building both when a later build names no language, and one again when one is named", async () => {
    const again = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      onIssue: () => {},
    });
    expect(again.built).toEqual([]);
    expect(again.skipped).toHaveLength(ALL.length * 2);
    const one = copyOf(archive);
    const single = await buildArchive({
      dataDir: one.data,
      outDir: one.out,
      lang: "id",
      onIssue: () => {},
    });
    // Indonesian is the files' own language: the same briefings, nothing rebuilt.
    expect(single.built).toEqual([]);
    const manifest = manifestOf(one.out);
    expect(manifest.languages).toBeUndefined();
    expect(manifest.briefings.map((b) => b.translation)).toEqual(ALL.map(() => undefined));
    expect(readFileSync(path.join(one.out, "index.html"), "utf8")).not.toContain(".en.pdf");
  });

  it("refuses a --lang that is not a list of codes, each once, with exit 2", () => {
    for (const lang of ["id,id", "id,,en", "id;en"]) {
      const run = briefing(["build", archive.data, "-o", tempDir(), "--lang", lang]);
      expect(run.status, lang).toBe(2);
      expect(run.stderr).toContain("--lang");
    }
  });
});

describe("a broken file in the middle of a series (alpha/2024-02.yaml, after a good build)", () => {
  let archive: ArchiveCopy;
  let broken: string;
  let before: Record<string, string>;
  let oldManifest: Manifest;
  let result: ArchiveResult;
  const issues: Issue[] = [];

  beforeAll(async () => {
    archive = await goodCopy();
    before = snapshot(archive.out);
    oldManifest = manifestOf(archive.out);
    broken = breakFebruary(archive);
    result = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      onIssue: (issue) => issues.push(issue),
    });
  });

  it("is reported in result.failed with its file and an invalid-input error (code 1)", () => {
    expect(result.failed).toHaveLength(1);
    const [failure] = result.failed;
    expect(failure?.key).toBe("2024-02/alpha");
    expect(failure?.file).toBe(broken);
    expect(failure?.error).toBeInstanceOf(BriefingError);
    expect(failure?.error.code).toBe(ExitCode.INVALID_INPUT);
    expect(failure?.error.issues).toContainEqual(
      expect.objectContaining({ file: broken, path: "units[0].members.x" }),
    );
  });

  it("leaves the archived 2024-02/alpha.html and .pdf byte for byte as they were", () => {
    const february = ["2024-02/alpha."];
    expect(Object.keys(only(before, february))).toHaveLength(2);
    expect(only(snapshot(archive.out), february)).toEqual(only(before, february));
  });

  it("keeps the old 2024-02/alpha entry in the manifest", () => {
    expect(entry(manifestOf(archive.out), "2024-02/alpha")).toEqual(
      entry(oldManifest, "2024-02/alpha"),
    );
  });

  it("rebuilds 2024-03 without change figures, says why, and skips the rest", () => {
    expect(result.built).toEqual(["2024-03/alpha"]);
    expect(sorted(result.skipped)).toEqual(["2024-01/alpha", "2024-02/beta"]);
    expect(pdfText(path.join(archive.out, "2024-03/alpha.pdf"))).not.toContain("sejak");
    expect(entry(manifestOf(archive.out), "2024-03/alpha").summary.change).toBeNull();
    expect(issues).toContainEqual(
      expect.objectContaining({
        severity: "warning",
        file: path.join(archive.data, "alpha/2024-03.yaml"),
        message: expect.stringContaining(broken),
      }),
    );
  });

  it("makes the CLI exit 1 and name the file on stderr", async () => {
    const cliArchive = await goodCopy();
    const file = breakFebruary(cliArchive);
    const run = briefing(["build", cliArchive.data, "-o", cliArchive.out]);
    expect(run.status).toBe(ExitCode.INVALID_INPUT);
    expect(run.stderr).toContain(`FAILED 2024-02/alpha: ${file}`);
    expect(run.stderr).toMatch(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: error: units\\[0\\]`),
    );
    expect(run.stdout).toMatch(/^1 built, 2 skipped, 1 failed in /m);
  });
});

describe("a Chromium killed while printing", () => {
  it("is survived: all 4 briefings are still built, and no browser outlives the build", async () => {
    const archive = await goodCopy();
    const killed: number[] = [];
    const result = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      force: true,
      onEvent: (event) => {
        if (event.type !== "done" || event.status !== "built" || killed.length > 0) return;
        for (const pid of chromiumChildren()) {
          process.kill(pid, "SIGKILL");
          killed.push(pid);
        }
      },
    });
    expect(killed.length).toBeGreaterThan(0);
    expect(result.failed).toEqual([]); // first: it says why
    expect(sorted(result.built)).toEqual(ALL);
    for (const key of ALL) {
      expect(pdfText(path.join(archive.out, `${key}.pdf`))).toMatch(/Halaman 1 dari \d/);
    }
    const manifest = manifestOf(archive.out);
    for (const output of manifest.briefings.flatMap((b) => b.outputs)) {
      expect(output.sha256, output.path).toBe(sha256File(path.join(archive.out, output.path)));
    }
    expect(chromiumChildren()).toEqual([]);
  });
});

describe("a Chromium that hangs while printing", () => {
  it("is timed out, killed and replaced: all 4 briefings are still built", async () => {
    const archive = await goodCopy();
    const frozen: number[] = [];
    const result = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      force: true,
      // A short page timeout, so that the frozen browser is given up on quickly.
      printer: { pageTimeout: 6_000 },
      onEvent: (event) => {
        if (event.type !== "done" || event.status !== "built" || frozen.length > 0) return;
        // SIGSTOP: the processes stay, but answer nothing, as a hung browser does.
        for (const pid of chromiumChildren()) {
          process.kill(pid, "SIGSTOP");
          frozen.push(pid);
        }
      },
    });
    expect(frozen.length).toBeGreaterThan(0);
    expect(result.failed).toEqual([]); // first: it says why
    expect(sorted(result.built)).toEqual(ALL);
    for (const key of ALL) {
      expect(pdfText(path.join(archive.out, `${key}.pdf`))).toMatch(/Halaman 1 dari \d/);
    }
    expect(chromiumChildren()).toEqual([]);
  });
});

describe("one build at a time per output folder", () => {
  it("refuses a second build of the same folder (wait: 0) with code 3; the first completes", async () => {
    const archive = await goodCopy();
    let second: Promise<unknown> | undefined;
    const first = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      force: true,
      onEvent: (event) => {
        // "planned" comes once the first build holds the lock.
        if (event.type !== "planned") return;
        second = buildArchive({ dataDir: archive.data, outDir: archive.out, wait: 0 }).then(
          () => "built",
          (error: unknown) => error,
        );
      },
    });
    const refusal = await second;
    expect(refusal).toBeInstanceOf(BriefingError);
    expect(refusal).toMatchObject({
      code: ExitCode.ENVIRONMENT,
      message: expect.stringMatching(/another briefing build is writing to/),
    });
    expect(sorted(first.built)).toEqual(ALL);
    expect(first.failed).toEqual([]);
    expect(existsSync(path.join(archive.out, ".briefing.lock"))).toBe(false);
  });

  it("refuses (wait: 0) while the lock of a running build is fresh", async () => {
    const archive = await goodCopy();
    mkdirSync(path.join(archive.out, ".briefing.lock"));
    const refusal = await buildArchive({ dataDir: archive.data, outDir: archive.out, wait: 0 })
      .then(() => "built")
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BriefingError);
    expect(refusal).toMatchObject({ code: ExitCode.ENVIRONMENT });
  });

  it("takes over a stale lock, one left 60 s ago by a build that died", async () => {
    const archive = await goodCopy();
    const lock = path.join(archive.out, ".briefing.lock");
    mkdirSync(lock);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    const result = await buildArchive({ dataDir: archive.data, outDir: archive.out, wait: 0 });
    expect(sorted(result.skipped)).toEqual(ALL);
    expect(result.failed).toEqual([]);
    expect(existsSync(lock)).toBe(false);
  });

  it("ends a build whose lock is removed under it cleanly, not with an uncaught exception", async () => {
    const archive = fixtureArchive();
    const child = spawn(
      process.execPath,
      [path.join(ROOT, "bin/briefing.js"), "build", archive.data, "-o", archive.out],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    let removed = false;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      // The build holds the lock once it has planned ("4 briefings found, 4 to build").
      if (!removed && stdout.includes("briefings found")) {
        removed = true;
        rmSync(path.join(archive.out, ".briefing.lock"), { recursive: true, force: true });
      }
    });
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(removed).toBe(true);
    expect(stderr).not.toContain("node_modules");
    expect([ExitCode.OK, ExitCode.ENVIRONMENT]).toContain(status);
  });
});

describe("output names stay inside the output folder", () => {
  /** A data folder with beta's February under each of the given series folder names. */
  function seriesFolders(names: readonly string[]): ArchiveCopy {
    const root = tempDir("briefing-archive-");
    const archive = { root, data: path.join(root, "data"), out: path.join(root, "out") };
    for (const name of names) {
      mkdirSync(path.join(archive.data, name), { recursive: true });
      cpSync(
        path.join(ARCHIVE_FIXTURE, "beta/2024-02.yaml"),
        path.join(archive.data, name, "2024-02.yaml"),
      );
    }
    return archive;
  }

  it("slugifies series folder names, and leaves hidden folders such as ..evil out", () => {
    const archive = seriesFolders(["Sumatera Selatan!", "x..y", "..evil"]);
    const { entries } = discover(archive.data);
    expect(entries.map((e) => [path.relative(archive.data, e.file), e.series, e.period])).toEqual([
      ["Sumatera Selatan!/2024-02.yaml", "sumatera-selatan", "2024-02"],
      ["x..y/2024-02.yaml", "x-y", "2024-02"],
    ]);
  });

  it("writes those series into <out>/<period>/ and nowhere else", async () => {
    const archive = seriesFolders(["Sumatera Selatan!", "x..y", "..evil"]);
    const result = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      formats: ["html"],
    });
    expect(sorted(result.built)).toEqual(["2024-02/sumatera-selatan", "2024-02/x-y"]);
    expect(Object.keys(snapshot(archive.out)).sort()).toEqual([
      "2024-02/sumatera-selatan.html",
      "2024-02/x-y.html",
      "index.html",
      "manifest.json",
    ]);
    expect(readdirSync(archive.root).sort()).toEqual(["data", "out"]);
  });

  it("reports two series folders whose names slugify alike, rather than writing one over the other", async () => {
    const archive = seriesFolders(["Sumatera Selatan!", "sumatera-selatan"]);
    const result = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      formats: ["html"],
    });
    expect(result.built).toHaveLength(new Set(result.built).size);
    expect(result.failed.map((f) => f.error.code)).toContain(ExitCode.INVALID_INPUT);
  });

  describe("insideDir", () => {
    it("resolves a plain file name inside the folder", () => {
      const dir = tempDir();
      expect(insideDir(dir, "alpha.pdf")).toBe(path.join(path.resolve(dir), "alpha.pdf"));
      expect(insideDir(dir, "x..y.html")).toBe(path.join(path.resolve(dir), "x..y.html"));
    });

    it('refuses names with "/", "\\", a leading "." or ".."', () => {
      const dir = tempDir();
      for (const name of [
        "a/b.pdf",
        "../evil.pdf",
        "/etc/passwd",
        "a\\b.pdf",
        "..\\evil.pdf",
        ".hidden.pdf",
        ".",
        "..",
        "",
      ]) {
        let refusal: unknown;
        try {
          insideDir(dir, name);
        } catch (error) {
          refusal = error;
        }
        expect(refusal, JSON.stringify(name)).toBeInstanceOf(BriefingError);
        expect(refusal).toMatchObject({ code: ExitCode.ENVIRONMENT });
        expect(String(refusal)).toContain("refusing to write outside");
      }
    });

    it("makes writeAll write none of the files when one name would leave the folder", async () => {
      const root = tempDir();
      const out = path.join(root, "out");
      await expect(
        writeAll(out, [
          { name: "fine.html", data: "fine" },
          { name: "../evil.html", data: "evil" },
        ]),
      ).rejects.toThrow(/refusing to write outside/);
      expect(readdirSync(root)).toEqual([]);
    });
  });
});

describe("a series of .yml files", () => {
  it("shows the change since the previous month too", async () => {
    const root = tempDir("briefing-archive-");
    const data = path.join(root, "data");
    const out = path.join(root, "out");
    mkdirSync(path.join(data, "alpha"), { recursive: true });
    for (const month of ["2024-02", "2024-03"]) {
      cpSync(
        path.join(ARCHIVE_FIXTURE, `alpha/${month}.yaml`),
        path.join(data, `alpha/${month}.yml`),
      );
    }
    const result = await buildArchive({ dataDir: data, outDir: out, formats: ["html"] });
    expect(sorted(result.built)).toEqual(["2024-02/alpha", "2024-03/alpha"]);
    const march = entry(manifestOf(out), "2024-03/alpha");
    expect(march.inputs).toHaveLength(2);
    expect(march.summary.change?.members.value).toBe(120);
  });
});

describe("the CLI, when stderr is not a terminal", () => {
  let archive: ArchiveCopy;
  let first: ReturnType<typeof briefing>;
  let second: ReturnType<typeof briefing>;
  /** A progress bar redraws its line: carriage returns or terminal escapes. */
  const noBar = (output: string) => !output.includes("\r") && !output.includes("\u001b");
  const perBriefing = (stdout: string) =>
    stdout.split("\n").filter((line) => /^(built|skipped|FAILED) /.test(line));

  beforeAll(() => {
    archive = fixtureArchive();
    first = briefing(["build", archive.data, "-o", archive.out]);
    second = briefing(["build", archive.data, "-o", archive.out]);
  });

  it("prints one plain line per briefing built and a summary: 4 built, 0 skipped, 0 failed", () => {
    expect(first.status).toBe(0);
    const lines = perBriefing(first.stdout);
    expect(lines).toHaveLength(4);
    for (const key of ALL) {
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^built ${key} in \\d+\\.\\d s$`)),
      );
    }
    expect(first.stdout).toMatch(
      new RegExp(
        `^4 built, 0 skipped, 0 failed in \\d+\\.\\d s: ${archive.out}/index\\.html$`,
        "m",
      ),
    );
    // No progress bar: no carriage returns, no terminal escapes.
    expect(noBar(first.stdout + first.stderr)).toBe(true);
  });

  it("prints a skipped line per briefing when run again: 0 built, 4 skipped, 0 failed", () => {
    expect(second.status).toBe(0);
    expect(sorted(perBriefing(second.stdout))).toEqual(
      ALL.map((key) => `skipped ${key} (unchanged)`),
    );
    expect(second.stdout).toMatch(/^0 built, 4 skipped, 0 failed in \d+\.\d s: /m);
    expect(noBar(second.stdout + second.stderr)).toBe(true);
  });
});
