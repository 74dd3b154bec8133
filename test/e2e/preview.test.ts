/**
 * `briefing preview`: a server on 127.0.0.1 only that serves the last good build of a briefing,
 * rebuilds it when its file or its templates change, tells the page by server-sent events, and
 * prints it to PDF with a browser it keeps.
 */
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import path from "node:path";
import puppeteer from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { type Preview, startPreview } from "../../src/preview/server.js";
import { BrowserManager } from "../../src/print/browser/manager.js";
import { spawnBriefing } from "../support/cli.js";
import { example2020, removeTempDirs, tempDir } from "../support/files.js";
import { chromiumChildren } from "../support/processes.js";
import { built, EventReader, failed, idOf } from "../support/sse.js";

interface IssueData {
  file: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
  text: string;
}

const work = tempDir("briefing-preview-");
const file = path.join(work, "2020-10.yaml");
const templates = path.join(work, "tpl");
const original = readFileSync(example2020, "utf8");
const COUNT = "jakon: 241591 }";

let preview: Preview;
let events: EventReader;

async function page(name: string) {
  const res = await fetch(new URL(name, preview.url));
  return { res, text: await res.text() };
}

/** Writes the file as an editor saving by rename does, and waits for the build it causes. */
async function save(text: string, wanted: typeof built = built) {
  const from = events.mark();
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  return events.next(wanted, from);
}

beforeAll(async () => {
  copyFileSync(example2020, file);
  mkdirSync(templates);
  writeFileSync(path.join(templates, "style.css"), ".preview-mark-one { color: #123456; }\n");
  preview = await startPreview({ file, port: 0, templates });
  events = await EventReader.open(new URL("/events", preview.url).href);
});

afterAll(async () => {
  events?.close();
  await preview?.close();
  removeTempDirs();
});

describe("the preview server", () => {
  it("listens on 127.0.0.1 only", async () => {
    const address = preview.server.address();
    expect(address).toMatchObject({ address: "127.0.0.1", family: "IPv4" });
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = typeof address === "object" && address ? address.port : 0;
    // Not on any other address of this machine: a connection there is refused.
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === "IPv4" && !a.internal)
      .map((a) => a?.address as string);
    for (const host of others) {
      const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        const socket = connect({ host, port }, () => {
          socket.destroy();
          resolve(undefined);
        });
        socket.once("error", resolve);
      });
      expect(error?.code, host).toBe("ECONNREFUSED");
    }
  });

  it("serves its page with a policy that allows only its own script, and the briefing in a frame", async () => {
    const { res, text } = await page("/");
    expect(res.status).toBe(200);
    const policy = res.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain("unsafe-inline");
    const script = /<script>([\s\S]*?)<\/script>/.exec(text)?.[1] ?? "";
    const hash = createHash("sha256").update(script).digest("base64");
    expect(policy).toContain(`script-src 'sha256-${hash}'`);
    expect(text.match(/<script/g)).toHaveLength(1);
    expect(text).toMatch(/<iframe id="page"[^>]* src="\/briefing\.html"/);
    expect(text).toContain('href="/briefing.pdf"');
  });

  it("serves the briefing as `briefing build -f html` writes it", async () => {
    const out = tempDir("briefing-preview-build-");
    const [one] = await build({ files: [file], outDir: out, formats: ["html"], templates });
    const expected = readFileSync(path.join(out, path.basename(one?.html ?? "")), "utf8");
    const { res, text } = await page("/briefing.html");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(text).toBe(expected);
    expect(text).toContain("preview-mark-one");
  });

  it("answers GET and HEAD, 404 to anything else, and only to its own host name", async () => {
    expect((await page("/nothing.html")).res.status).toBe(404);
    expect((await page("/../package.json")).res.status).toBe(404);
    const post = await fetch(new URL("/briefing.html", preview.url), { method: "POST" });
    expect(post.status).toBe(405);
    const head = await fetch(new URL("/briefing.html", preview.url), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(1000);
    // A page elsewhere whose host name was pointed at 127.0.0.1 (DNS rebinding) is refused.
    const port = new URL(preview.url).port;
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request({
        host: "127.0.0.1",
        port,
        path: "/briefing.html",
        headers: { Host: "evil.example" },
      })
        .on("response", (res) => {
          res.resume();
          resolve(res.statusCode);
        })
        .on("error", reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it("rebuilds when a count changes, and serves the new figure", async () => {
    const before = idOf(await events.next(built, 0));
    const event = await save(original.replace(COUNT, "jakon: 239999 }"));
    expect(idOf(event)).toBeGreaterThan(before);
    const { res, text } = await page("/briefing.html");
    expect(res.headers.get("x-briefing-build")).toBe(String(idOf(event)));
    expect(text).toMatch(/239[.,]999/);
    expect(text).not.toMatch(/241[.,]591/);
  });

  it("says where a negative count is, and keeps serving the last good build", async () => {
    const good = await page("/briefing.html");
    const event = await save(original.replace(COUNT, "jakon: -5 }"), failed);
    const data = JSON.parse(event.data) as { good: number; issues: IssueData[] };
    const issue = data.issues[0];
    expect(issue).toMatchObject({
      file,
      line: 127,
      column: 47,
      path: "units[4].members.jakon",
    });
    expect(issue?.text).toContain(`${file}:127:47: error: units[4].members.jakon:`);
    expect(data.good).toBe(Number(good.res.headers.get("x-briefing-build")));
    const now = await page("/briefing.html");
    expect(now.res.headers.get("x-briefing-build")).toBe(good.res.headers.get("x-briefing-build"));
    expect(now.text).toBe(good.text);
  });

  it("says where bad indentation is, then builds again once it is mended", async () => {
    // A key of region: one space in, where its siblings are two.
    const broken = original.replace("\n  focus: sumsel\n", "\n  focus: sumsel\n source: x\n");
    const event = await save(broken, failed);
    const issue = (JSON.parse(event.data) as { issues: IssueData[] }).issues[0];
    expect(issue).toMatchObject({ file, column: 1 });
    expect(broken.split("\n")[(issue?.line ?? 0) - 1]).toBe(" source: x");
    expect(issue?.message).toMatch(/same column/);

    const mended = await save(original.replace(COUNT, "jakon: 238888 }"));
    const { res, text } = await page("/briefing.html");
    expect(res.headers.get("x-briefing-build")).toBe(String(idOf(mended)));
    expect(text).toMatch(/238[.,]888/);
  });

  it("builds once after a burst of saves, with the last of them", async () => {
    const from = events.mark();
    for (const n of [1, 2, 3, 4, 5]) {
      writeFileSync(file, original.replace(COUNT, `jakon: 23000${n} }`));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const event = await events.next(built, from);
    // Nothing more comes: the burst was one change.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const builds = events.seen.slice(from).filter((e) => e.event === "building");
    expect(builds.length).toBeLessThanOrEqual(2);
    const { res, text } = await page("/briefing.html");
    expect(res.headers.get("x-briefing-build")).toBe(String(idOf(events.seen.at(-1) ?? event)));
    expect(text).toMatch(/230[.,]005/);
  });

  it("rebuilds when a file of the template set changes", async () => {
    const from = events.mark();
    writeFileSync(path.join(templates, "style.css"), ".preview-mark-two { color: #654321; }\n");
    await events.next(built, from);
    const { text } = await page("/briefing.html");
    expect(text).toContain("preview-mark-two");
    expect(text).not.toContain("preview-mark-one");
  });

  it("shows each new build in its page, at the same place, and what is wrong with a bad one", async () => {
    // A browser of the test's own: briefing's launch flags keep its browser off every address.
    const browser = await puppeteer.launch({
      executablePath: new BrowserManager().executable().path,
      headless: true,
      pipe: true,
      args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
    });
    try {
      const tab = await browser.newPage();
      const said: string[] = [];
      tab.on("console", (message) => said.push(message.text()));
      tab.on("pageerror", (error) => said.push(String(error)));
      await tab.goto(preview.url);
      await tab.waitForFunction(
        () => /ready in \d+ ms/.test(document.getElementById("status")?.textContent ?? ""),
        { timeout: 20_000 },
      );
      const frame = async () => {
        const handle = await tab.waitForSelector("#frames iframe:not(.loading)");
        return (await handle?.contentFrame()) ?? undefined;
      };
      await (await frame())?.evaluate(() => window.scrollTo(0, 900));

      const event = await save(original.replace(COUNT, "jakon: 236666 }"));
      const id = String(idOf(event));
      await tab.waitForFunction(
        (want) =>
          [...document.querySelectorAll("#frames iframe")].every(
            (f) => f instanceof HTMLElement && f.dataset.build === want && f.className === "",
          ),
        { timeout: 20_000 },
        id,
      );
      const shown = await frame();
      expect(await shown?.evaluate(() => document.body.textContent)).toMatch(/236[.,]666/);
      expect(await shown?.evaluate(() => window.scrollY)).toBe(900);

      await save(original.replace(COUNT, "jakon: -5 }"), failed);
      await tab.waitForSelector("#problems:not([hidden])", { timeout: 20_000 });
      const problems = await tab.$eval("#issues", (list) => list.textContent ?? "");
      expect(problems).toContain(`${file}:127:47: error: units[4].members.jakon:`);
      expect(await (await frame())?.evaluate(() => document.body.textContent)).toMatch(
        /236[.,]666/,
      );

      await save(original.replace(COUNT, "jakon: 235555 }"));
      await tab.waitForSelector("#problems[hidden]", { timeout: 20_000 });
      // Its own policy let it run, and nothing it did was refused.
      expect(said.filter((text) => /refused|violat|error/i.test(text))).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("prints the last good build to PDF, with a browser kept for the next print", async () => {
    expect(preview.printer.started).toBe(false);
    const first = await fetch(new URL("/briefing.pdf", preview.url));
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/pdf");
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(chromiumChildren()).toHaveLength(1);
    // The next build prints on the same browser, and faster than a cold start.
    await save(original.replace(COUNT, "jakon: 237777 }"));
    const start = performance.now();
    const second = await fetch(new URL("/briefing.pdf", preview.url));
    const pdf = Buffer.from(await second.arrayBuffer());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.equals(bytes)).toBe(false);
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(chromiumChildren()).toHaveLength(1);
  });

  it("closes its server, watches and browser", async () => {
    const other = await startPreview({ file, port: 0 });
    await fetch(new URL("/briefing.pdf", other.url)).then((r) => r.arrayBuffer());
    const before = chromiumChildren().length;
    await other.close();
    expect(chromiumChildren().length).toBe(before - 1);
    expect(other.watcher.folders()).toEqual([]);
    expect(other.server.listening).toBe(false);
    await expect(fetch(other.url)).rejects.toThrow();
  });
});

describe("briefing preview", () => {
  it("prints its address, serves, and closes on SIGINT with status 130", async () => {
    const { child, done } = spawnBriefing(["preview", file, "--port", "0"], {
      env: { LANG: "en_US.UTF-8" },
    });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0];
        if (found) resolve(found);
      });
      child.once("close", () => reject(new Error(`exited: ${out}`)));
    });
    expect((await fetch(new URL("/briefing.html", url))).status).toBe(200);
    child.kill("SIGINT");
    const run = await done;
    expect(run.status).toBe(130);
    expect(run.stderr).toContain("stopped by SIGINT");
    expect(run.stdout).toMatch(/build 1 ready in \d+ ms/);
  });

  it("refuses a port out of range and a template folder that is not there", async () => {
    const port = await spawnBriefing(["preview", file, "--port", "70000"]).done;
    expect(port.status).toBe(2);
    expect(port.stderr).toContain("a port from 0 to 65535");
    const missing = await spawnBriefing(["preview", file, "--port", "0", "-t", "/nonexistent"])
      .done;
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("template folder not found");
  });
});
