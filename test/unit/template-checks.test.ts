/**
 * What a template set is checked for as it is loaded, before any briefing is rendered: fields
 * the model lacks (params of #each, #if and partials included), references to files and servers,
 * and its assets (their names, sizes, kinds, and what an SVG may hold). Each refusal names the
 * file, and for a template its line and column.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderFile, shared } from "../../src/build.js";
import { BriefingError, ExitCode, type Issue } from "../../src/errors.js";
import { ASSET_LIMITS } from "../../src/render/assets.js";
import { loadTemplates } from "../../src/render/templates.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { logoSvg, png } from "../support/images.js";

afterAll(removeTempDirs);

const CONTENT = path.join(ROOT, "test/fixtures/ok/content.yaml");

/** A template set of the files given (text or bytes), in a folder of its own. */
function set(files: Record<string, string | Buffer>): string {
  const dir = tempDir("briefing-template-checks-");
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  return dir;
}

/** The issues loading `dir` is refused with (an invalid-input error, exit 1). */
function refusal(dir: string): readonly Issue[] {
  try {
    loadTemplates(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(BriefingError);
    expect((error as BriefingError).code).toBe(ExitCode.INVALID_INPUT);
    return (error as BriefingError).issues;
  }
  throw new Error(`${dir} was loaded`);
}

const cover = (body: string) => ({
  "partials/cover.hbs": `<header class="cover">\n  <h1>{{title}}</h1>\n  ${body}\n</header>\n`,
});

describe("a template that names a field the page lacks", () => {
  /** Renders content.yaml with `notes` as the notes partial; what it threw. */
  async function thrown(notes: string): Promise<{ issue: Issue | undefined; file: string }> {
    const templates = set({ "partials/notes.hbs": notes });
    const error = await renderFile(CONTENT, { templates }, shared({ templates })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BriefingError);
    return {
      issue: (error as BriefingError).issues[0],
      file: path.join(templates, "partials", "notes.hbs"),
    };
  }

  it("{{#each content.missing}} fails, naming the template, line and column and the sections there are", async () => {
    const { issue, file } = await thrown(
      "<ul>\n  {{#each content.missing}}<li>{{this}}</li>{{/each}}\n</ul>\n",
    );
    expect(issue).toMatchObject({ file, line: 2, column: 11 });
    expect(issue?.message).toContain('"content.missing" is not provided');
    expect(issue?.message).toContain("content has ringkasan, rekomendasi, tindak-lanjut");
  });

  it.each([
    ["#if", "{{#if notse}}x{{/if}}", '"notse" is not provided'],
    ["#unless", "{{#unless notse.length}}x{{/unless}}", '"notse.length": notse is not provided'],
    ["#with", "{{#with illustrative.nope}}x{{/with}}", '"illustrative.nope" is not provided'],
    ["a helper's param", "{{capitalize regoin}}", '"regoin" is not provided'],
    [
      "a partial's param",
      "{{> section content.rekomendasii}}",
      '"content.rekomendasii" is not provided',
    ],
    ["a hash value", "{{percent 1 trim=trimm}}", '"trimm" is not provided'],
    [
      "inside #each",
      "{{#each sections}}{{#each itmes}}{{/each}}{{/each}}",
      '"itmes" is not provided',
    ],
  ])("%s fails too", async (_what, notes, says) => {
    const { issue, file } = await thrown(notes);
    expect(issue).toMatchObject({ file, line: 1 });
    expect(issue?.message).toContain(says);
  });

  it("a field present but empty (null, no sections) is not an error, and a section some files lack can be placed", async () => {
    const templates = set({
      "partials/notes.hbs":
        '{{#if subtitle}}{{subtitle}}{{/if}}{{#each illustrative.note}}x{{/each}}{{#with (lookup content "lampiran")}}{{> section this}}{{/with}}{{> section content.rekomendasi}}',
    });
    const page = await renderFile(CONTENT, { templates }, shared({ templates }));
    expect(page.html).toContain("Perluas sosialisasi kepada pekerja bukan penerima upah.");
  });
});

describe("a reference to a file or a server in a template set", () => {
  const hint = expect.stringContaining('{{asset "logo.svg"}}');

  it('<img src="logo.png"> is refused at its line and column, saying to use {{asset}}', () => {
    const dir = set(cover('<img src="logo.png" alt="Logo">'));
    expect(refusal(dir)).toEqual([
      expect.objectContaining({
        file: path.join(dir, "partials/cover.hbs"),
        line: 3,
        column: 13,
        found: "logo.png",
        hint,
      }),
    ]);
  });

  it("url(x.png) in style.css is refused at its line and column", () => {
    const dir = set({ "style.css": ".cover {\n  background: url(x.png);\n}\n" });
    expect(refusal(dir)).toEqual([
      expect.objectContaining({ file: path.join(dir, "style.css"), line: 2, column: 19, hint }),
    ]);
  });

  it("file:///etc/passwd is refused wherever it is, with the hint", () => {
    const dir = set(cover("<p>file:///etc/passwd</p>"));
    const [issue] = refusal(dir);
    expect(issue).toMatchObject({ line: 3, column: 6, found: "file:///etc/passwd", hint });
  });

  it.each([
    ['<img src="https://example.org/logo.png">', "loads from another server"],
    ['<link rel="stylesheet" href="office.css">', "refers to a file"],
    ['<img srcset="a.png 1x, b.png 2x" alt="">', "refers to a file"],
    [
      "<div style=\"background: url('https://example.org/x.png')\"></div>",
      "loads from another server",
    ],
    ["<style>@import 'x.css';</style>", "@import"],
  ])("%s is refused", (markup, says) => {
    const [issue] = refusal(set(cover(markup)));
    expect(issue?.message).toContain(says);
    expect(issue?.line).toBe(3);
  });

  it("a link to a web page, a data: image and an asset are not references to refuse", () => {
    const dir = set({
      ...cover(
        '<a href="https://example.org/">site</a> <img src="data:image/png;base64,iVBORw0KGgo=" alt=""> <img src="{{asset "logo.svg"}}" alt="">',
      ),
      "assets/logo.svg": logoSvg,
    });
    expect(() => loadTemplates(dir)).not.toThrow();
  });
});

describe("assets", () => {
  const logo = png(64, 24, [15, 76, 129]);

  it('{{asset "logo.png"}} and url("asset:logo.svg") become data: URLs; the assets are part of the set\'s identity', () => {
    const dir = set({
      ...cover('<img src="{{asset "logo.png"}}" alt="Logo">'),
      "style.css": '.cover { background: url("asset:logo.svg") no-repeat; }\n',
      "assets/logo.png": logo,
      "assets/logo.svg": logoSvg,
      "assets/unused.txt": "not named by any template: not read",
    });
    const templates = loadTemplates(dir);
    expect(templates.css).toContain(
      `url("data:image/svg+xml;base64,${Buffer.from(logoSvg).toString("base64")}")`,
    );
    const pngUrl = `data:image/png;base64,${logo.toString("base64")}`;
    expect(templates.files).toContainEqual({ name: "assets/logo.png", text: pngUrl });
    writeFileSync(path.join(dir, "assets/logo.png"), png(64, 24, [200, 0, 0]));
    const changed = loadTemplates(dir).files.find((f) => f.name === "assets/logo.png");
    expect(changed?.text).not.toBe(pngUrl);
  });

  it.each([
    ["../secret.png", "a path, not a file name in assets/"],
    ["/etc/passwd.png", "a path, not a file name in assets/"],
    ["logo.gif", "not an .svg, .png, .jpg, .jpeg or .woff2 file"],
  ])("{{asset %j}} is refused at its place: %s", (name, says) => {
    const dir = set(cover(`<img src="{{asset "${name}"}}" alt="">`));
    const [issue] = refusal(dir);
    expect(issue).toMatchObject({
      file: path.join(dir, "partials/cover.hbs"),
      line: 3,
      column: 13,
    });
    expect(issue?.message).toContain(says);
  });

  it("an asset that is not there is refused at the template's place", () => {
    const [issue] = refusal(set(cover('<img src="{{asset "logo.svg"}}" alt="">')));
    expect(issue).toMatchObject({ line: 3, message: 'no asset "logo.svg"' });
  });

  it("a link out of assets/ is refused", () => {
    const dir = set(cover('<img src="{{asset "logo.png"}}" alt="">'));
    const outside = path.join(tempDir(), "elsewhere.png");
    writeFileSync(outside, logo);
    mkdirSync(path.join(dir, "assets"));
    symlinkSync(outside, path.join(dir, "assets/logo.png"));
    const [issue] = refusal(dir);
    expect(issue?.message).toBe('asset "logo.png" is a link to a file outside assets/');
  });

  it("an asset over the size limit is refused, naming the file", () => {
    const big = Buffer.concat([logo, Buffer.alloc(ASSET_LIMITS.each)]);
    const dir = set({
      ...cover('<img src="{{asset "logo.png"}}" alt="">'),
      "assets/logo.png": big,
    });
    const [issue] = refusal(dir);
    expect(issue?.file).toBe(path.join(dir, "assets/logo.png"));
    expect(issue?.message).toMatch(/is \d+ KiB; an asset may be at most 512 KiB/);
  });

  it("a file whose first bytes do not match its name is refused", () => {
    const dir = set({
      ...cover('<img src="{{asset "logo.png"}}" alt=""><img src="{{asset "photo.jpg"}}" alt="">'),
      "assets/logo.png": Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
      "assets/photo.jpg": "<html>not a photo</html>",
    });
    const issues = refusal(dir);
    expect(issues.map((i) => [i.message, i.found])).toEqual([
      ['asset "logo.png" is not a PNG image', "the content of a JPEG image"],
      ['asset "photo.jpg" is not a JPEG image', "content of no kind an asset may be"],
    ]);
  });

  it("an SVG with a script, an event handler or an outside reference is refused", () => {
    const dir = set({
      ...cover('<img src="{{asset "logo.svg"}}" alt="">'),
      "assets/logo.svg": `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">
<script>alert(1)</script>
<image href="https://example.org/x.png" width="1" height="1"/>
</svg>`,
    });
    expect(refusal(dir).map((i) => [i.line, i.message])).toEqual([
      [1, 'asset "logo.svg" holds an event handler onload= on <svg>'],
      [2, 'asset "logo.svg" holds a <script> element'],
      [3, 'asset "logo.svg" holds a reference outside the file, href="https://example.org/x.png"'],
    ]);
  });
});
