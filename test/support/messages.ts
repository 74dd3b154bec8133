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

/** key → where it is used (`src/cli.ts:120`), in the order of the source. */
export function sourceMessages(): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(ROOT, "src")).sort()) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
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
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        const where = `${path.relative(ROOT, file)}:${line}`;
        keys.set(key, [...(keys.get(key) ?? []), where]);
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
