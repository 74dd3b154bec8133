/**
 * Strict templates, `{{#each}}` included. Handlebars' `strict: true` looks up strictly only the
 * value a mustache prints (`{{missing}}`); the params of a helper (`{{#each missing}}`,
 * `{{#if missing}}`, `{{> section content.missing}}`) are looked up leniently, so a misspelt list
 * printed nothing and said nothing. Here every path a template names as a param or hash value is
 * marked strict before the template is compiled, and the runtime's check is given a message that
 * says which field is missing and which fields there are.
 */
import type Handlebars from "handlebars";
import { t } from "../locale/messages.js";
import { calls } from "./ast.js";

/** Each strict path by its place in its template ("file:line:column"), as Handlebars reports it. */
export type PathsAt = Map<string, string>;

/** A statement's place: its template (the `srcName` it was parsed with), line and column. */
const at = (loc: hbs.AST.SourceLocation | undefined): string =>
  loc ? `${loc.source}:${loc.start.line}:${loc.start.column}` : "";

/**
 * Marks the paths used as params and hash values strict: not helper names, not `@index` and
 * the other `@data` variables (only `@root.…` is the model), not `this`. Adds each to `paths`
 * by its place, for the error messages.
 */
export function strictParams(program: hbs.AST.Program, paths: PathsAt): void {
  for (const call of calls(program)) {
    // A block on a bare path (`{{#items}}…{{/items}}`) is looked up strictly already.
    for (const value of [...call.params, ...(call.hash?.pairs ?? []).map((pair) => pair.value)]) {
      if (value.type !== "PathExpression") continue;
      const path = value as hbs.AST.PathExpression & { strict?: boolean };
      if (path.parts.length === 0) continue; // `this`, `.`, `..`
      if (path.data && path.parts[0] !== "root") continue;
      path.strict = true;
      paths.set(at(path.loc), path.original);
    }
  }
}

const describe = (value: unknown): string => {
  if (value === null) return "null";
  if (Array.isArray(value)) return t`a list`;
  if (typeof value === "object") return t`an object`;
  return t`a ${typeof value}`;
};

/** What a strict lookup of `name` in `obj` failed on, in words, with the fields there are. */
function missing(obj: unknown, name: string, path: string | undefined): string {
  const full = path?.split(/[./]/).at(-1) === name ? path : name;
  const parent = full.slice(0, Math.max(0, full.length - name.length - 1));
  if (obj === null || obj === undefined || (typeof obj !== "object" && typeof obj !== "function"))
    return parent
      ? obj === undefined
        ? t`"${full}": ${parent} is not provided, so it has no field "${name}"`
        : t`"${full}": ${parent} is ${describe(obj)}, so it has no field "${name}"`
      : t`"${full}" is not provided`;
  const fields = Object.keys(obj);
  const owner = parent || t`this context`;
  const there =
    fields.length === 0
      ? t`${owner} has no fields`
      : t`${owner} has ${fields.slice(0, 40).join(", ")}${fields.length > 40 ? ", …" : ""}`;
  const optional =
    parent.replace(/^@root\./, "") === "content"
      ? t`; the file has no content section "${name}" (a section some files lack: {{#with (lookup content "${name}")}}{{> section this}}{{/with}})`
      : "";
  return t`"${full}" is not provided (${there})${optional}`;
}

/**
 * Gives the compiled templates of `hb` a strict lookup that says what is missing. Handlebars
 * hands every template function the same `container`; its `strict` is the check a strict path
 * runs, and is replaced before the template's first statement.
 */
export function explainStrict(hb: typeof Handlebars, paths: PathsAt): void {
  const template = hb.template.bind(hb);
  type Spec = Parameters<typeof hb.template>[0] & { main: (...args: unknown[]) => string };
  hb.template = ((spec: Spec) => {
    const main = spec.main;
    return template({
      ...spec,
      main(this: unknown, container: Record<string, unknown>, ...rest: unknown[]) {
        const lookup = container.lookupProperty as (obj: unknown, name: string) => unknown;
        container.strict = (obj: unknown, name: string, loc: hbs.AST.SourceLocation) => {
          const ok =
            obj !== null &&
            (typeof obj === "object" || typeof obj === "function") &&
            name in (obj as object);
          if (!ok)
            throw new hb.Exception(missing(obj, name, paths.get(at(loc))), {
              loc,
            } as hbs.AST.Node);
          return lookup(obj, name);
        };
        return main.call(this, container, ...rest);
      },
    });
  }) as typeof hb.template;
}
