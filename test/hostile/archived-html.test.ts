/**
 * The archived HTML, opened in an ordinary browser: no request interception, no proxy, no
 * JavaScript switched off. A layout without the policy tag made 30+ requests there (169.254.
 * 169.254 included) and a meta refresh navigated away. The policy comes from the build, and
 * active content is refused when the briefing is built.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { BriefingError, ExitCode } from "../../src/errors.js";
import { BrowserManager } from "../../src/print/browser/manager.js";
import { loadTemplates } from "../../src/render/templates.js";
import { removeTempDirs, tempDir } from "../support/files.js";
import { type Canary, failure, SMALL, startCanary, templateSet } from "./support.js";

let canary: Canary;
const manager = new BrowserManager();
beforeAll(async () => {
  canary = await startCanary();
});
afterAll(async () => {
  await manager.close();
  await canary?.close();
  removeTempDirs();
});

/** A layout with no policy of its own, loading from the canary in every way it can. */
const leakyLayout = (origin: string) => `<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<title>{{title}}</title>
<link rel="stylesheet" href="${origin}/style.css">
<link rel="icon" href="${origin}/favicon.ico">
{{styles}}
</head>
<body style="background: url(${origin}/background.png)">
<img src="${origin}/pixel.png" alt="">
<img src="http://169.254.169.254/latest/meta-data/" alt="">
<iframe src="${origin}/frame.html" hidden></iframe>
<video src="${origin}/video.mp4"></video>
<main class="briefing">{{> cover}}</main>
</body>
</html>
`;

/** The set loaded without refusing its references (file-refs.ts), to try the page's policy. */
const unchecked = (templates: string) => loadTemplates(templates, undefined, { references: false });

describe("a layout without a Content-Security-Policy of its own", () => {
  it("is given the build's, and the HTML opened in a browser loads nothing", async () => {
    const templates = templateSet({
      "layout.hbs": leakyLayout(canary.origin),
    });
    const out = tempDir();
    await build({
      files: [SMALL],
      outDir: out,
      templateSet: unchecked(templates),
      formats: ["html"],
    });
    const file = path.join(out, "small.html");
    const html = readFileSync(file, "utf8");
    expect(html).toMatch(
      /<head>\n<meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*base-uri 'none'; form-action 'none'">/,
    );
    canary.reset();
    const page = await (await manager.browser()).newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.close();
    expect(canary.hits).toEqual([]);
    expect(canary.connections).toBe(0);
  });

  it("a looser policy of the template's is replaced, not added to", async () => {
    const templates = templateSet({
      "layout.hbs": leakyLayout(canary.origin).replace(
        "<meta charset",
        `<meta http-equiv="Content-Security-Policy" content="default-src *">\n<meta charset`,
      ),
    });
    const out = tempDir();
    await build({
      files: [SMALL],
      outDir: out,
      templateSet: unchecked(templates),
      formats: ["html"],
    });
    const html = readFileSync(path.join(out, "small.html"), "utf8");
    expect(html).not.toContain("default-src *");
    expect(html.match(/Content-Security-Policy/g)).toHaveLength(1);
  });
});

describe("active content in a template", () => {
  it.each([
    [
      "a meta refresh",
      '<meta http-equiv="refresh" content="0; url=https://example.org/">',
      "<meta http-equiv=refresh>",
    ],
    ["a <base>", '<base href="https://example.org/">', "<base>"],
    ["a <form>", '<form action="https://example.org/"><input name="q"></form>', "<form>"],
    ["a script, undeclared", "<script>document.title = 1</script>", "<script>"],
  ])(
    "%s is removed when the briefing is built, with a warning naming it",
    async (_name, tag, says) => {
      const templates = templateSet({ "partials/notes.hbs": `<p>BEFORE</p>${tag}<p>AFTER</p>` });
      const out = tempDir();
      const warnings: string[] = [];
      await build({
        files: [SMALL],
        outDir: out,
        templates,
        formats: ["html"],
        onIssue: (issue) => {
          if (issue.severity === "warning") warnings.push(`${issue.file}: ${issue.message}`);
        },
      });
      const html = readFileSync(path.join(out, "small.html"), "utf8");
      expect(
        warnings.some((w) => w.startsWith(`${templates}: removed from the page: ${says}`)),
      ).toBe(true);
      const probe = html.slice(html.indexOf("BEFORE"), html.indexOf("AFTER"));
      expect(probe).toBe(
        tag.startsWith("<form") ? 'BEFORE</p><input name="q"><p>' : "BEFORE</p><p>",
      );
    },
  );

  it.each([
    ["an event handler attribute", '<p onclick="alert(1)">x</p>', "onclick="],
    ["a javascript: link", '<a href="javascript:alert(1)">x</a>', "javascript: URL"],
    // Browsers read the scheme past leading spaces and with tabs and newlines anywhere in it.
    [
      "a javascript: link in capitals, after spaces",
      '<a href="  JavaScript:alert(1)">x</a>',
      "javascript: URL",
    ],
    [
      "a javascript: link split by a tab and a newline",
      '<a href="java&#9;scr&#10;ipt:alert(1)">x</a>',
      "javascript: URL",
    ],
  ])("%s is refused when the briefing is built (exit 1), naming it", async (_name, tag, says) => {
    const templates = templateSet({ "partials/notes.hbs": tag });
    const out = tempDir();
    const thrown = await failure(() => build({ files: [SMALL], outDir: out, templates }));
    expect(thrown).toBeInstanceOf(BriefingError);
    const error = thrown as BriefingError;
    expect(error.code).toBe(ExitCode.INVALID_INPUT);
    expect(error.issues[0]?.message).toContain(says);
    expect(error.issues[0]?.file).toBe(templates);
  });

  it("a script in a set that declares javascript: true is kept, and the policy allows it", async () => {
    const templates = templateSet({
      "template.yaml": "javascript: true\n",
      "partials/notes.hbs": "<script>document.title = 'ran'</script>",
    });
    const out = tempDir();
    await build({ files: [SMALL], outDir: out, templates, formats: ["html"] });
    const html = readFileSync(path.join(out, "small.html"), "utf8");
    expect(html).toContain("script-src 'unsafe-inline'");
    expect(html).toContain("<script>document.title = 'ran'</script>");
  });
});
