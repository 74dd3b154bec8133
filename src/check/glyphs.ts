/**
 * Check stage: every character of the file's texts can be printed. A briefing embeds its one
 * font and no other, so that it looks the same on every machine; a character that font lacks
 * (an emoji, Arabic, Chinese) printed as nothing at all. Refused with its place instead.
 */
import { undrawable } from "../assets/glyphs.js";
import type { Issue } from "../errors.js";
import { type FieldPath, formatPath, type YamlSource } from "../load/yaml.js";
import { t } from "../locale/messages.js";

const MOST = 20;

export function checkGlyphs(source: YamlSource): Issue[] {
  const issues: Issue[] = [];
  const walk = (value: unknown, path: FieldPath): void => {
    if (issues.length >= MOST) return;
    if (typeof value === "string") {
      const found = undrawable(value);
      if (!found) return;
      const code = (found.char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
      issues.push({
        severity: "error",
        file: source.file,
        path: formatPath(path),
        ...source.locate(path),
        message: t`U+${code} (character ${found.index}) cannot be printed: the briefing's font (Source Sans 3) has no glyph for it`,
        hint: t`Latin, Greek, Cyrillic and Vietnamese print; write the text without it (an emoji, another script).`,
      });
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, [...path, i]);
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(source.data, []);
  return issues;
}
