/**
 * Stopping a build: by a signal (Ctrl-C, `timeout`, a closed terminal), by kill -9, or by being
 * paused until another build takes the folder over. Whichever way, no Chromium outlives
 * briefing, outputs are whole or absent, the lock is released, and a build that lost its lock
 * writes nothing more.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildArchive } from "../../src/archive/run.js";
import { BriefingError } from "../../src/errors.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { pdfInfo } from "../support/pdf.js";
import { alive, descendants, profileOf } from "../support/processes.js";

afterAll(removeTempDirs);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A copy of the examples' data: ten briefings, enough to be stopped midway, beside the template
 * sets they name (`templates: ../../templates/dinkes`), as in the project.
 */
function dataCopy(): string {
  const root = tempDir();
  const data = path.join(root, "data");
  cpSync(path.join(ROOT, "data"), data, { recursive: true });
  cpSync(path.join(ROOT, "templates"), path.join(root, "templates"), { recursive: true });
  return data;
}

interface Run {
  child: ChildProcess;
  /** Chromium processes seen below it, by pid. */
  chromium: Set<number>;
  done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function start(args: string[]): Run {
  const child = spawn(process.execPath, [path.join(ROOT, "bin/briefing.js"), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const chromium = new Set<number>();
  const watch = setInterval(() => {
    for (const [pid, name] of descendants()) if (/chrom/i.test(name)) chromium.add(pid);
  }, 25);
  const done = new Promise<{
    status: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>((resolve) =>
    child.once("exit", (status, signal) => {
      clearInterval(watch);
      resolve({ status, signal, stderr });
    }),
  );
  return { child, chromium, done };
}

/** Waits until the run has a browser up (and so is midway through its work). */
async function browserUp(run: Run): Promise<void> {
  for (let i = 0; i < 400 && run.chromium.size === 0; i++) await sleep(25);
  expect(run.chromium.size).toBeGreaterThan(0);
  await sleep(300);
}

/** Waits until none of the pids is alive, up to `ms`; returns those still alive. */
async function gone(pids: Iterable<number>, ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = [...pids];
  while (Date.now() < deadline) {
    left = left.filter(alive);
    if (left.length === 0) return [];
    await sleep(50);
  }
  return left.filter(alive);
}

/** Files a build leaves that it should not: temporary files and the lock. */
function leftovers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(
    (name) => name.endsWith(".tmp") || name.includes(".briefing.lock"),
  );
}

describe.each([
  ["SIGTERM", 143],
  ["SIGINT", 130],
  ["SIGHUP", 129],
] as const)("a build stopped by %s", (signal, status) => {
  it(`ends at once with exit ${status}, its browser killed, its lock released, its outputs whole`, async () => {
    const data = dataCopy();
    const out = tempDir();
    const run = start(["build", data, "-o", out, "--jobs", "1"]);
    await browserUp(run);
    const profiles = [...run.chromium].flatMap((pid) => {
      try {
        return profileOf(pid) ?? [];
      } catch {
        return []; // exited while we looked
      }
    });
    expect(profiles.length).toBeGreaterThan(0);
    const sent = Date.now();
    run.child.kill(signal);
    const result = await run.done;
    expect(result.status, result.stderr).toBe(status);
    expect(result.stderr).toContain(`stopped by ${signal}`);
    // puppeteer used to close the browser on the signal and the printer relaunched it: the
    // run went on to the end. Now it ends within a few seconds.
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(await gone(run.chromium, 3_000)).toEqual([]);
    expect(leftovers(out)).toEqual([]);
    // Nor is the browser's profile left in the temporary folder.
    expect(profiles.filter((dir) => existsSync(dir))).toEqual([]);
    // Whatever was written is whole: every PDF there opens.
    for (const name of readdirSync(out, { recursive: true, encoding: "utf8" })) {
      if (name.endsWith(".pdf"))
        expect(Number(pdfInfo(path.join(out, name)).Pages)).toBeGreaterThan(0);
    }
    // The next build is not kept waiting by a lock.
    const next = start(["build", data, "-o", out, "--wait", "0", "-f", "html"]);
    expect((await next.done).status).toBe(0);
  });
});

describe("a build killed with kill -9", () => {
  it("leaves no Chromium: the browser ends when its pipe to briefing closes", async () => {
    const run = start(["build", dataCopy(), "-o", tempDir(), "--jobs", "1"]);
    await browserUp(run);
    run.child.kill("SIGKILL");
    await run.done;
    // Over a WebSocket the whole browser ran on under PID 1 (12 processes, ~1.3 GiB).
    expect(await gone(run.chromium, 5_000)).toEqual([]);
  });
});

describe("a build that loses its lock to another", () => {
  it("writes nothing more once another build owns the folder, and says why", async () => {
    const data = dataCopy();
    const out = tempDir();
    const built: string[] = [];
    let takenOver = false;
    const pdfsIn = () =>
      readdirSync(out, { recursive: true, encoding: "utf8" })
        .filter((n) => n.endsWith(".pdf"))
        .sort();
    let before: string[] = [];
    const failure = await buildArchive({
      dataDir: data,
      outDir: out,
      printer: { concurrency: 1 },
      onEvent: (event) => {
        if (event.type !== "done" || event.status !== "built") return;
        built.push(event.key);
        if (takenOver) return;
        // As the next build does when it takes over a stale lock: its own token.
        writeFileSync(path.join(out, ".briefing.lock.owner"), "another build");
        takenOver = true;
        // What was written before: the briefing just done, and one that finished beside it.
        before = pdfsIn();
      },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BriefingError);
    expect((failure as BriefingError).message).toContain("taken over by another build");
    // The briefings that finished before the takeover, and nothing after it: of the ten, the
    // first and at most the one that finished beside it.
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(before.length).toBeLessThanOrEqual(2);
    expect(pdfsIn()).toEqual(before);
    expect(built).toHaveLength(before.length);
    expect(existsSync(path.join(out, "manifest.json"))).toBe(false);
    // The other build's token is left alone.
    expect(readFileSync(path.join(out, ".briefing.lock.owner"), "utf8")).toBe("another build");
  });

  it("paused (Ctrl-Z) past the lock's life while another builds, writes nothing when resumed", async () => {
    const data = dataCopy();
    const out = tempDir();
    const first = start(["build", data, "-o", out, "--jobs", "1", "--force"]);
    await browserUp(first);
    first.child.kill("SIGSTOP");
    // The paused build's lock goes stale after 10 s; the second build takes it over.
    await sleep(11_000);
    const second = start(["build", data, "-o", out, "--wait", "30", "--force", "--lang", "en"]);
    const secondResult = await second.done;
    expect(secondResult.status, secondResult.stderr).toBe(0);
    const manifestAfter = readFileSync(path.join(out, "manifest.json"), "utf8");
    const snapshotAfter = readdirSync(out, { recursive: true, encoding: "utf8" })
      .filter((n) => n.endsWith(".pdf") || n.endsWith(".html"))
      .map((n) => [n, readFileSync(path.join(out, n)).length])
      .sort();
    first.child.kill("SIGCONT");
    const firstResult = await first.done;
    expect(firstResult.status).not.toBe(0);
    expect(firstResult.stderr).toMatch(/lock/);
    // The second build's manifest and files are as it left them: the first wrote nothing more.
    expect(readFileSync(path.join(out, "manifest.json"), "utf8")).toBe(manifestAfter);
    expect(
      readdirSync(out, { recursive: true, encoding: "utf8" })
        .filter((n) => n.endsWith(".pdf") || n.endsWith(".html"))
        .map((n) => [n, readFileSync(path.join(out, n)).length])
        .sort(),
    ).toEqual(snapshotAfter);
    expect(await gone(first.chromium, 5_000)).toEqual([]);
  }, 120_000);
});
