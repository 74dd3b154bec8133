/**
 * Hostile Handlebars in a custom template set: prototype access, the published Handlebars
 * prototype-pollution / code-execution proofs of concept, and data printed unescaped. Each
 * payload sits in a probe partial (partials/notes.hbs) between two markers; what it printed is
 * read from between them. It must print nothing harmful and run no code, or fail with an
 * invalid-input error naming the template file.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderFile, shared } from "../../src/build.js";
import { BriefingError, ExitCode } from "../../src/errors.js";
import { removeTempDirs, tempDir } from "../support/files.js";
import { asInvalidInput, between, describeThrown, failure, SMALL, templateSet } from "./support.js";

afterAll(removeTempDirs);

const START = "PROBE-START";
const END = "PROBE-END";
const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

/** Where a payload that got to run code would write. */
let pwned: string;
let exit: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  pwned = path.join(tempDir("briefing-pwned-"), "pwned.txt");
  exit = vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
    throw new Error(`process.exit(${code}) was called by a template`);
  }) as typeof process.exit);
});
afterEach(() => {
  exit.mockRestore();
  // Nothing a payload did may outlive it.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
  expect(Object.prototype.toString.call([])).toBe("[object Array]");
  expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
});

/** Code a payload tries to run: exit the process, write a file, mark the global object. */
const code = () =>
  `globalThis.__pwned = 1; process.getBuiltinModule('fs').writeFileSync('${pwned}', 'pwned'); return process.exit(42);`;

/** Renders small.yaml with `payload` as the notes partial; what it printed, or what it threw. */
async function probe(
  payload: string,
): Promise<{ printed?: string; error?: unknown; file: string }> {
  const templates = templateSet({ "partials/notes.hbs": `${START}${payload}${END}\n` });
  const file = path.join(templates, "partials", "notes.hbs");
  let printed: string | undefined;
  const thrown = await failure(async () => {
    const page = await renderFile(SMALL, { templates }, shared({ templates }));
    printed = between(page.html, START, END);
  });
  return thrown === undefined ? { printed, file } : { error: thrown, file };
}

/** Harmless: printed nothing that reveals code or objects, or failed naming the template. */
function expectHarmless(result: { printed?: string; error?: unknown; file: string }): void {
  expect(existsSync(pwned), "the payload wrote a file").toBe(false);
  expect(exit).not.toHaveBeenCalled();
  if (result.error !== undefined) {
    const error = asInvalidInput(result.error);
    expect(error, describeThrown(result.error)).toBeDefined();
    expect(error?.issues.length).toBeGreaterThan(0);
    for (const issue of error?.issues ?? []) expect(issue.file).toBe(result.file);
    return;
  }
  expect(result.printed).toBeDefined();
  expect(result.printed).not.toMatch(/function|native code|\[object |pwned|process/i);
}

const payloads: { name: string; template: () => string }[] = [
  { name: "{{constructor}}", template: () => "{{constructor}}" },
  { name: "{{constructor.name}}", template: () => "{{constructor.name}}" },
  { name: '{{lookup this "__proto__"}}', template: () => '{{lookup this "__proto__"}}' },
  { name: '{{lookup this "constructor"}}', template: () => '{{lookup this "constructor"}}' },
  {
    name: "{{#with this.constructor}}{{name}}{{/with}}",
    template: () => "{{#with this.constructor}}{{name}}{{/with}}",
  },
  {
    name: "{{#with @root.constructor}}…{{/with}} and {{@locale.constructor}}",
    template: () =>
      "{{#with @root.constructor}}{{name}}{{/with}}{{#with @locale}}{{#with constructor}}{{name}}{{/with}}{{/with}}",
  },
  {
    name: 'lookup chains: (lookup (lookup this "constructor") "constructor")',
    template: () =>
      '{{#with (lookup (lookup this "constructor") "constructor") as |F|}}{{F "return 1"}}{{/with}}',
  },
  {
    name: "the 4.5.2 proof of concept: string.sub.constructor through split/push/apply",
    template: () => `
{{#with "s" as |string|}}
  {{#with "e"}}
    {{#with split as |conslist|}}
      {{this.pop}}
      {{this.push (lookup string.sub "constructor")}}
      {{this.pop}}
      {{#with string.split as |codelist|}}
        {{this.pop}}
        {{this.push "${code()}"}}
        {{this.pop}}
        {{#each conslist}}
          {{#with (string.sub.apply 0 codelist)}}
            {{this}}
          {{/with}}
        {{/each}}
      {{/with}}
    {{/with}}
  {{/with}}
{{/with}}`,
  },
  {
    name: "the 4.5.3 proof of concept: Function through obj.constructor.name.constructor.bind",
    template: () => `
{{#with this as |obj|}}
  {{#with (obj.constructor.keys "1") as |arr|}}
    {{arr.pop}}
    {{arr.push obj.constructor.name.constructor.bind}}
    {{arr.pop}}
    {{arr.push "${code()}"}}
    {{arr.pop}}
    {{#blockHelperMissing obj.constructor.name.constructor.bind}}
      {{#with (arr.constructor (obj.constructor.name.constructor.bind.apply obj.constructor.name.constructor arr))}}
        {{#with (obj.constructor.getOwnPropertyDescriptor this 0)}}
          {{#with (obj.constructor.defineProperty obj.constructor.prototype "toString" this)}}
            {{#with (obj.constructor.constructor "test")}}{{/with}}
          {{/with}}
        {{/with}}
      {{/with}}
    {{/blockHelperMissing}}
  {{/with}}
{{/with}}`,
  },
  {
    name: "prototype pollution through __defineSetter__ / __lookupGetter__",
    template: () =>
      '{{#with (lookup this "__proto__") as |p|}}{{p.__defineSetter__ "polluted" p.toString}}{{/with}}' +
      '{{#with __lookupGetter__ as |g|}}{{g "__proto__"}}{{/with}}' +
      '{{#with (__lookupGetter__ "__proto__") as |g|}}{{#with (g.call this) as |proto|}}{{proto.polluted}}{{/with}}{{/with}}',
  },
  {
    name: "a function's own prototype.constructor (the 4.7.9 fix): Function via a helper",
    template: () =>
      '{{#with (lookup (lookup this.notes "map") "prototype") as |p|}}{{#with (lookup p "constructor") as |F|}}{{F "' +
      code().replaceAll('"', "'") +
      '"}}{{/with}}{{/with}}',
  },
  {
    name: "helperMissing / blockHelperMissing called directly",
    template: () =>
      '{{#blockHelperMissing "constructor"}}{{this}}{{/blockHelperMissing}}{{#with (helperMissing "x") as |h|}}{{h}}{{/with}}',
  },
  {
    name: 'a dynamic partial named by a lookup: {{> (lookup this "constructor")}}',
    template: () => '{{> (lookup this "constructor")}}',
  },
  {
    name: "@root, @index and @key walks over the model print only data",
    template: () =>
      "{{#each @root}}{{@key}}{{/each}}{{#each this.notes}}{{@index}}{{this}}{{/each}}",
  },
];

describe("hostile Handlebars in a custom template", () => {
  it.each(payloads)("$name yields nothing harmful", async ({ template }) => {
    expectHarmless(await probe(template()));
  });

  // Regression (was a bug in src/render/helpers.ts, the `t` helper: `options.data.locale.labels[key]` is read
  // without an own-property check, so a key naming a member of Object.prototype finds it:
  // {{t "constructor"}} prints "function Object() { [native code] }", {{t "toString"}}
  // "function toString() { [native code] }" and {{t "__proto__"}} "[object Object]", where
  // any other unknown key fails with `no label "…" in locales/id.yaml`.
  it('{{t "constructor"}}, {{t "toString"}}, {{t "__proto__"}} fail as unknown labels', async () => {
    for (const key of ["constructor", "toString", "__proto__"]) {
      const result = await probe(`{{t "${key}"}}`);
      expect(result.printed, `{{t "${key}"}} printed something`).toBeUndefined();
      const error = asInvalidInput(result.error);
      expect(error?.issues[0]?.file).toBe(result.file);
      expect(error?.issues[0]?.message).toContain(`no label "${key}"`);
    }
  });

  it('{{plural 1 "constructor"}} fails naming the template, printing nothing', async () => {
    expectHarmless(await probe('{{plural 1 "constructor"}}'));
  });
});

describe("templates that refer to what is not there", () => {
  it("a missing field fails with the partial's file, line and column", async () => {
    const templates = templateSet({
      "partials/notes.hbs":
        '<section class="notes">\n  <p>{{notes.length}}</p>\n  <p>{{no_such_field}}</p>\n</section>\n',
    });
    const thrown = await failure(() => renderFile(SMALL, { templates }, shared({ templates })));
    const error = asInvalidInput(thrown);
    expect(error, describeThrown(thrown)).toBeDefined();
    const issue = error?.issues[0];
    expect(issue?.file).toBe(path.join(templates, "partials", "notes.hbs"));
    expect(issue?.line).toBe(3);
    // The column of the field's name, past the braces.
    expect(issue?.column).toBe(8);
    expect(issue?.message).toContain("no_such_field");
  });

  it("a missing field in an overridden layout.hbs fails with the layout's file and line", async () => {
    const templates = templateSet({
      "layout.hbs":
        "<!doctype html>\n<html>\n<body>\n{{> cover}}\n{{meeting.secret}}\n</body>\n</html>\n",
    });
    const thrown = await failure(() => renderFile(SMALL, { templates }, shared({ templates })));
    const error = asInvalidInput(thrown);
    expect(error, describeThrown(thrown)).toBeDefined();
    expect(error?.issues[0]?.file).toBe(path.join(templates, "layout.hbs"));
    expect(error?.issues[0]?.line).toBe(5);
  });

  it("a missing field nested in a block inside a partial still names that partial", async () => {
    const templates = templateSet({
      "partials/notes.hbs":
        "{{#each notes}}\n{{#if this}}\n{{this.author.name}}\n{{/if}}\n{{/each}}\n",
    });
    const thrown = await failure(() => renderFile(SMALL, { templates }, shared({ templates })));
    const error = asInvalidInput(thrown);
    expect(error, describeThrown(thrown)).toBeDefined();
    expect(error?.issues[0]?.file).toBe(path.join(templates, "partials", "notes.hbs"));
    expect(error?.issues[0]?.line).toBe(3);
  });
});

describe("data printed unescaped", () => {
  const raw = [
    {
      name: "{{{this}}} in a partial",
      file: "partials/notes.hbs",
      text: "<ul>\n{{#each notes}}<li>{{{this}}}</li>{{/each}}\n</ul>\n",
      line: 2,
      column: 20,
    },
    {
      name: "{{& this}} in a partial",
      file: "partials/notes.hbs",
      text: "<ul>\n\n  {{#each notes}}{{& this}}{{/each}}</ul>\n",
      line: 3,
      column: 18,
    },
    {
      name: "{{~{ title }~}} with whitespace control",
      file: "partials/cover.hbs",
      text: "<h1>{{~{ title }~}}</h1>\n",
      line: 1,
      column: 5,
    },
    {
      name: "{{{{raw}}}} blocks",
      file: "partials/footer.hbs",
      text: "<p>\n{{{{raw}}}}{{organisation}}{{{{/raw}}}}</p>\n",
      line: 2,
      column: 1,
    },
    {
      name: "{{{title}}} in an overridden layout.hbs",
      file: "layout.hbs",
      text: "<!doctype html>\n<title>{{{title}}}</title>\n",
      line: 2,
      column: 8,
    },
  ];
  it.each(raw)("$name is refused by the lint with file, line and column", async (c) => {
    const templates = templateSet({ [c.file]: c.text });
    const thrown = await failure(async () => shared({ templates }));
    const error = asInvalidInput(thrown);
    expect(error, describeThrown(thrown)).toBeDefined();
    const issue = error?.issues.find((i) => i.message.includes("unescaped output"));
    expect(issue?.file).toBe(path.join(templates, c.file));
    expect(issue?.line).toBe(c.line);
    expect(issue?.column).toBe(c.column);
    expect(error?.code).toBe(ExitCode.INVALID_INPUT);
  });

  it("a template set with a syntax error is refused with its file and line, before any render", async () => {
    const templates = templateSet({
      "partials/notes.hbs": "<ul>\n{{#each notes}}\n<li>{{this}}</li>\n",
    });
    const thrown = await failure(async () => shared({ templates }));
    expect(thrown).toBeInstanceOf(BriefingError);
    const issue = (thrown as BriefingError).issues[0];
    expect(issue?.file).toBe(path.join(templates, "partials", "notes.hbs"));
    expect(issue?.line).toBeGreaterThanOrEqual(1);
  });
});

describe("templates that run away", () => {
  it("a partial that includes itself is an error naming it, not a crash of the process", async () => {
    // It recursed until V8 ran out of memory: the process died (exit 134), browsers left behind.
    const templates = templateSet({ "partials/notes.hbs": "<p>{{> notes}}</p>\n" });
    const thrown = await failure(() => renderFile(SMALL, { templates }, shared({ templates })));
    const error = asInvalidInput(thrown);
    expect(error, describeThrown(thrown)).toBeDefined();
    expect(error?.issues[0]?.file).toBe(path.join(templates, "partials", "notes.hbs"));
    expect(error?.issues[0]?.message).toBe("partials nest deeper than 32 levels");
  });

  it("two partials that include each other are stopped the same way", async () => {
    const templates = templateSet({
      "partials/notes.hbs": "{{> agenda}}\n",
      "partials/agenda.hbs": "{{> notes}}\n",
    });
    const error = asInvalidInput(
      await failure(() => renderFile(SMALL, { templates }, shared({ templates }))),
    );
    expect(error?.issues[0]?.message).toBe("partials nest deeper than 32 levels");
  });

  it("16 nested {{#each}} stop at the time limit (--page-timeout), with an error naming the template", async () => {
    // They ran 146 s with --page-timeout 5: rendering was not bounded at all.
    const loop = `${"{{#each @root.keyFigures}}".repeat(16)}x${"{{/each}}".repeat(16)}`;
    const templates = templateSet({ "partials/notes.hbs": loop });
    const options = { templates, printer: { pageTimeout: 1_000 } };
    const started = Date.now();
    const error = asInvalidInput(await failure(() => renderFile(SMALL, options, shared(options))));
    expect(error?.issues[0]?.message).toBe("rendering took longer than 1 s");
    expect(error?.issues[0]?.file).toBe(path.join(templates, "partials", "notes.hbs"));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("{{log this}} prints nothing and is an error naming the template", async () => {
    // It printed the whole data model to the terminal.
    const spies = [vi.spyOn(console, "log"), vi.spyOn(console, "info"), vi.spyOn(console, "error")];
    try {
      const result = await probe("{{log this}}");
      const error = asInvalidInput(result.error);
      expect(error?.issues[0]?.file).toBe(result.file);
      expect(error?.issues[0]?.message).toContain("{{log}} is not available");
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
