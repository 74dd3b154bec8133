import { messageLanguage, t } from "../locale/messages.js";

export const PREVIEW_SCRIPT = `(function () {
  var bar = document.getElementById("bar");
  var status = document.getElementById("status");
  var problems = document.getElementById("problems");
  var list = document.getElementById("issues");
  var frames = document.getElementById("frames");
  var current = document.getElementById("page");
  var shown = Number(current.dataset.build);
  var loading = null;
  function say(template, values) {
    return template.replace(/\\{(\\w+)\\}/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }
  function show(id) {
    if (loading) loading.remove();
    var next = document.createElement("iframe");
    next.title = current.title;
    next.className = "loading";
    next.dataset.build = String(id);
    next.addEventListener("load", function () {
      try {
        var from = current.contentWindow;
        next.contentWindow.scrollTo(from.scrollX, from.scrollY);
      } catch (e) {}
      next.className = "";
      current.remove();
      current = next;
      loading = null;
      shown = id;
    });
    next.src = "/briefing.html?build=" + id;
    frames.appendChild(next);
    loading = next;
  }
  var events = new EventSource("/events");
  events.addEventListener("building", function () {
    bar.className = "building";
    status.textContent = bar.dataset.building;
  });
  events.addEventListener("built", function (event) {
    var built = JSON.parse(event.data);
    bar.className = "ok";
    problems.hidden = true;
    status.textContent = say(bar.dataset.built, built);
    if (built.id !== shown) show(built.id);
  });
  events.addEventListener("error", function (event) {
    if (typeof event.data !== "string") {
      bar.className = "lost";
      status.textContent = bar.dataset.lost;
      return;
    }
    var failed = JSON.parse(event.data);
    bar.className = "failed";
    status.textContent = say(failed.good ? bar.dataset.failed : bar.dataset.nothing, {
      id: failed.id,
      good: failed.good
    });
    list.textContent = "";
    var lines = failed.issues.length ? failed.issues.map(function (i) { return i.text; }) : [failed.message];
    if (failed.hint) lines.push(failed.hint);
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    problems.hidden = false;
  });
})();`;

export const PREVIEW_STYLE = `html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font: 14px/1.4 system-ui, sans-serif; background: #e8e8e8; }
#bar { display: flex; gap: 1em; align-items: center; padding: 0.4em 1em; background: #1f3a5f; color: #fff; }
#bar.building { background: #5a5a5a; }
#bar.failed, #bar.lost { background: #9b1c1c; }
#bar a { color: #fff; margin-left: auto; }
#status { font-variant-numeric: tabular-nums; }
#problems { max-height: 40vh; overflow: auto; background: #fff4f4; border-bottom: 2px solid #9b1c1c; }
#problems h2 { font-size: 1em; margin: 0.5em 1em; }
#issues { margin: 0 1em 0.6em; padding-left: 1.2em; font: 13px/1.4 ui-monospace, monospace; white-space: pre-wrap; }
#frames { position: relative; flex: 1; }
#frames iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; background: #fff; }
#frames iframe.loading { visibility: hidden; }`;

/** The page's policy: its own script and style, its own events and frames, nothing else. */
import { cspHash } from "../render/harden.js";
export const PREVIEW_POLICY = [
  "default-src 'none'",
  `script-src ${cspHash(PREVIEW_SCRIPT)}`,
  `style-src ${cspHash(PREVIEW_STYLE)}`,
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const escaped = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );

/** The page for a briefing file; `build`: the id of the good build the frame starts with. */
export function previewPage(file: string, build: number | undefined): string {
  const attr = (name: string, value: string) => ` data-${name}="${escaped(value)}"`;
  return `<!doctype html>
<html lang="${escaped(messageLanguage())}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escaped(t`Preview: ${file}`)}</title>
<style>${PREVIEW_STYLE}</style>
</head>
<body>
<header id="bar"${attr("building", t`building…`)}${attr("built", t`build {id} ready in {ms} ms`)}${attr("failed", t`build {id} failed; showing build {good}, the last good one`)}${attr("nothing", t`build {id} failed; no good build yet`)}${attr("lost", t`the preview stopped or cannot be reached; trying again…`)}>
<strong>${escaped(file)}</strong>
<span id="status" role="status" aria-live="polite"></span>
<a href="/briefing.pdf" target="_blank" rel="noopener">${escaped(t`PDF`)}</a>
</header>
<section id="problems" hidden>
<h2>${escaped(t`What is wrong`)}</h2>
<ul id="issues"></ul>
</section>
<main id="frames"><iframe id="page" title="${escaped(t`the briefing`)}" src="/briefing.html" data-build="${build ?? 0}"></iframe></main>
<script>${PREVIEW_SCRIPT}</script>
</body>
</html>
`;
}
