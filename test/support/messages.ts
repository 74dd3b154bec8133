/**
 * Every message of the source: each t`…` literal in src/, as the catalogue key it is looked up
 * by (its text, with {0}, {1}… for its values), found by the TypeScript compiler's own parser.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { ROOT } from "./files.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The parsed sources of src/, in a stable order. */
function sources(): ts.SourceFile[] {
  return sourceFiles(path.join(ROOT, "src"))
    .sort()
    .map((file) =>
      ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true),
    );
}

const where = (source: ts.SourceFile, node: ts.Node): string =>
  `${path.relative(ROOT, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;

/**
 * `{ error: "…" }` given as text where zod takes a function: text is made once, when the module
 * loads, in whatever language that is; `{ error: () => t\`…\` }` is made when a file is checked.
 */
export function errorsMadeAtLoad(): string[] {
  const found: string[] = [];
  for (const source of sources()) {
    const visit = (node: ts.Node): void => {
      if (
        ts.isPropertyAssignment(node) &&
        ts.isIdentifier(node.name) &&
        node.name.text === "error" &&
        (ts.isStringLiteral(node.initializer) ||
          ts.isNoSubstitutionTemplateLiteral(node.initializer) ||
          ts.isTemplateExpression(node.initializer) ||
          ts.isTaggedTemplateExpression(node.initializer))
      ) {
        found.push(where(source, node));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** key → where it is used (`src/cli.ts:120`), in the order of the source. */
export function sourceMessages(): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const source of sources()) {
    const visit = (node: ts.Node): void => {
      if (
        ts.isTaggedTemplateExpression(node) &&
        ts.isIdentifier(node.tag) &&
        node.tag.text === "t"
      ) {
        const template = node.template;
        const key = ts.isNoSubstitutionTemplateLiteral(template)
          ? template.text
          : template.head.text +
            template.templateSpans.map((span, i) => `{${i}}${span.literal.text}`).join("");
        keys.set(key, [...(keys.get(key) ?? []), where(source, node)]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return keys;
}

/** The placeholders a message holds, sorted: `{1} of {0}` → ["{0}", "{1}"]. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
}
