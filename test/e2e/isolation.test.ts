/**
 * The printed page loads only what the build hands it. A canary server on 127.0.0.1 counts
 * every request a template or the data could make; the count must stay at zero.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { BriefingError } from "../../src/errors.js";
import { loadTemplates } from "../../src/render/templates.js";
import { example2020, removeTempDirs, tempDir } from "../support/files.js";
import { pdfText } from "../support/pdf.js";

let server: Server;
let hits: string[];
let origin: string;

beforeAll(async () => {
  hits = [];
  server = createServer((request, response) => {
    hits.push(request.url ?? "");
    response.end("CANARY-CONTENT");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  removeTempDirs();
});

describe("a custom template that reaches out", () => {
  it("is refused every request, and each refusal is reported", async () => {
    const templates = tempDir();
    mkdirSync(path.join(templates, "partials"));
    writeFileSync(
      path.join(templates, "partials", "footer.hbs"),
      `<footer><img src="${origin}/image.png" alt=""><iframe src="${origin}/frame"></iframe></footer>`,
    );
    writeFileSync(path.join(templates, "style.css"), `@import url("${origin}/import.css");\n`);
    // Refused as the set is loaded, each reference by its place, with what to do instead.
    const refused = await build({ files: [example2020], outDir: tempDir(), templates }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(BriefingError);
    expect(
      (refused as BriefingError).issues.map((i) => `${path.basename(i.file ?? "")}:${i.line}`),
    ).toEqual(["footer.hbs:1", "footer.hbs:1", "style.css:1", "style.css:1"]);
    // That check off, the page's own guards refuse the same requests.
    const warnings: string[] = [];
    const out = tempDir();
    const [built] = await build({
      files: [example2020],
      outDir: out,
      templateSet: loadTemplates(templates, undefined, { references: false }),
      onIssue: (issue) => warnings.push(issue.message),
    });
    expect(hits).toEqual([]);
    // The frame is reported by origin only: that is what Chromium names when it refuses it.
    expect(built?.blocked.sort()).toEqual([`${origin}/`, `${origin}/image.png`]);
    for (const url of built?.blocked ?? [])
      expect(warnings.some((w) => w.includes(url))).toBe(true);
    expect(pdfText(path.join(out, "sumbagsel-2020-10.pdf"))).not.toContain("CANARY");
  });

  it("may not print data unescaped", async () => {
    const templates = tempDir();
    mkdirSync(path.join(templates, "partials"));
    writeFileSync(
      path.join(templates, "partials", "notes.hbs"),
      "{{#each notes}}<p>{{{this}}}</p>{{/each}}\n",
    );
    const failure = await build({ files: [example2020], outDir: tempDir(), templates }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(BriefingError);
    const issue = (failure as BriefingError).issues[0];
    expect(issue?.file).toBe(path.join(templates, "partials", "notes.hbs"));
    expect(issue?.line).toBe(1);
    expect(issue?.message).toContain("unescaped output");
  });
});

describe("data that looks like markup", () => {
  it("is printed as text and loads nothing", async () => {
    const file = path.join(tempDir(), "markup.yaml");
    const yaml = readFileSync(example2020, "utf8")
      .replace("slug: sumbagsel-2020-10\n", "")
      .replace(
        "notes:\n",
        `notes:\n  - '<img src="${origin}/from-data.png"> <script>document.title="x"</script> & <b>bold</b>'\n`,
      );
    writeFileSync(file, yaml);
    const out = tempDir();
    const [built] = await build({ files: [file], outDir: out });
    expect(hits).toEqual([]);
    expect(built?.blocked).toEqual([]);
    const html = readFileSync(path.join(out, "markup.html"), "utf8");
    expect(html.includes("&lt;img src&#x3D;&quot;")).toBe(true);
    expect(html.includes("<script>")).toBe(false);
    expect(pdfText(path.join(out, "markup.pdf"))).toContain("<b>bold</b>");
  });
});
