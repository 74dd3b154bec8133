/**
 * Reads a YAML file into plain data while keeping the document, so that every later
 * finding about a field can point at the line and column it came from.
 */
import { readFile, stat } from "node:fs/promises";
import {
  CST,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from "yaml";
import { type Issue, invalidInput } from "../errors.js";
import { t } from "../locale/messages.js";

export type FieldPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

/**
 * Where a value is: a line and column of the YAML, or the cell of a sheet it was read from
 * (load/sheet/), whose file then replaces the YAML's in an issue.
 */
export type Place = Position | { file: string; sheet?: string; cell: string };

/** A parsed YAML file: its data and a way back from a field path to a position. */
export interface YamlSource {
  file: string;
  data: unknown;
  /** Other files its data was read from: the sheet of `units: { from: … }`. */
  reads?: readonly string[];
  /** Where the value at `path` starts; for a missing field, its nearest present parent. */
  locate(path: FieldPath): Place | undefined;
  /** Where the key `key` of the mapping at `path` is written. */
  locateKey(path: FieldPath, key: string): Place | undefined;
  /**
   * The text a scalar at `path` was written as (`1.000`, `0x10`), where the parsed value has
   * forgotten it; undefined for anything but a scalar.
   */
  written(path: FieldPath): string | undefined;
}

export interface YamlLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Most alias nodes (`*name`) a file may contain. */
  maxAliases: number;
  /** Deepest nesting of collections accepted. */
  maxDepth: number;
  /** Most values (scalars) a file may hold. */
  maxNodes: number;
}

export const defaultYamlLimits: YamlLimits = {
  // A briefing of 500 units is ~200 kB: 2 MB leaves room and bounds the time to read one.
  maxBytes: 2 * 1024 * 1024,
  maxAliases: 50,
  maxDepth: 64,
  maxNodes: 50_000,
};

/** `units[2].members.bpu` */
export function formatPath(path: FieldPath): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? part : `.${part}`;
  }
  return text;
}

export async function readYamlFile(
  file: string,
  limits: YamlLimits = defaultYamlLimits,
): Promise<YamlSource> {
  const fail = (message: string, extra: Partial<Issue> = {}): never => {
    throw invalidInput([{ severity: "error", file, message, ...extra }]);
  };
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) fail(t`is not a file`, { expected: t`a YAML file` });
    size = info.size;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") {
      return fail(t`file not found`);
    }
    throw error;
  }
  if (size > limits.maxBytes) {
    fail(t`file is too large to be a briefing`, {
      expected: t`at most ${limits.maxBytes} bytes`,
      found: t`${size} bytes`,
    });
  }
  const bytes = await readFile(file);
  return parseYaml(file, bytes, limits);
}

/** Parses bytes already read; exported for tests and for in-memory inputs. */
export function parseYaml(
  file: string,
  bytes: Uint8Array,
  limits: YamlLimits = defaultYamlLimits,
): YamlSource {
  const fail = (message: string, extra: Partial<Issue> = {}): never => {
    throw invalidInput([{ severity: "error", file, message, ...extra }]);
  };
  if (bytes.includes(0)) {
    fail(t`is a binary file, not YAML text`, { expected: t`UTF-8 text` });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail(t`is not valid UTF-8 text`, { expected: t`UTF-8 text` });
  }
  if (text.trim() === "") fail(t`file is empty`, { expected: t`a briefing in YAML` });

  const shape = checkShape(text, limits);
  if (shape) {
    const before = text.slice(0, shape.offset);
    const line = before.split("\n").length;
    const column = shape.offset - before.lastIndexOf("\n");
    fail(shape.issue.message ?? t`not accepted`, { ...shape.issue, line, column });
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    schema: "core",
    merge: false,
    customTags: [],
    // YAML 1.1's !!set, !!binary, !!timestamp… are unknown tags here, not silently read.
    resolveKnownTags: false,
    stringKeys: true,
  });
  const pos = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const issues: Issue[] = [];
  for (const problem of [...doc.errors, ...doc.warnings]) {
    issues.push({
      severity: "error",
      file,
      ...pos(problem.pos[0]),
      message: describeYamlProblem(
        problem.code,
        problem.message,
        text.slice(problem.pos[0], problem.pos[0] + 200),
      ),
    });
  }
  const directive = doc.directives?.yaml;
  if (directive?.explicit && directive.version !== "1.2") {
    const at = /^%YAML/m.exec(text)?.index ?? 0;
    issues.push({
      severity: "error",
      file,
      ...pos(at),
      message: t`%YAML ${directive.version} documents are not accepted`,
      expected: t`YAML 1.2 (leave out the %YAML line)`,
      hint: t`YAML 1.1 reads yes/no/on/off as booleans and 010 as octal; briefings use YAML 1.2 only.`,
    });
  }
  let aliases = 0;
  let firstAlias: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      aliases += 1;
      firstAlias ??= node.range?.[0];
      if (aliases === limits.maxAliases + 1) {
        issues.push({
          severity: "error",
          file,
          ...pos(node.range?.[0] ?? 0),
          message: t`too many aliases`,
          expected: t`at most ${limits.maxAliases} aliases (*name)`,
          hint: t`Write the values out instead of repeating them through anchors.`,
        });
      }
    },
  });
  if (issues.length > 0) throw invalidInput(issues.slice(0, 100));

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.maxAliases });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A few aliases that each repeat the one before grow exponentially ("billion laughs"):
    // yaml stops them; the error points at the first alias, where the growth starts.
    if (/alias/i.test(message) && firstAlias !== undefined) {
      return fail(t`aliases repeat each other into too much data`, {
        ...pos(firstAlias),
        expected: t`aliases that expand to at most ${limits.maxAliases} times what is written`,
        hint: t`Write the values out instead of repeating them through anchors.`,
      });
    }
    return fail(t`could not be read`, { found: message });
  }

  return {
    file,
    data,
    locate(path) {
      const node = nearestNode(doc, path);
      return node?.range ? pos(node.range[0]) : undefined;
    },
    locateKey(path, key) {
      const node = nodeAt(doc, path);
      if (isMap(node)) {
        for (const pair of node.items) {
          if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) {
            return pos(pair.key.range[0]);
          }
        }
      }
      const parent = nearestNode(doc, path);
      return parent?.range ? pos(parent.range[0]) : undefined;
    },
    written(path) {
      const node = nodeAt(doc, path);
      const target = isAlias(node) ? node.resolve(doc) : node;
      if (!isScalar(target)) return undefined;
      return (
        target.source ?? (target.range ? text.slice(target.range[0], target.range[1]) : undefined)
      );
    },
  };
}

function describeYamlProblem(code: string, message: string, source: string): string {
  // yaml's messages may span lines with a source excerpt; the first line says what is wrong.
  const first = message.split("\n")[0] ?? message;
  const clean = first.replace(/ at line \d+, column \d+:?$/, "");
  switch (code) {
    case "DUPLICATE_KEY": {
      const key = source.split(/[:\n]/)[0]?.trim();
      return key
        ? t`duplicate key "${key}": each key may appear once in a mapping`
        : t`duplicate key: ${clean}`;
    }
    case "TAG_RESOLVE_FAILED":
      // "Unresolved tag: tag:yaml.org,2002:binary" is the !!binary the user wrote.
      return t`unknown tag: ${clean.replace(/^Unresolved tag:\s*/, "").replace("tag:yaml.org,2002:", "!!")}`;
    default:
      return yamlMessages()[clean] ?? clean;
  }
}

/** The yaml parser's commonest messages, in the messages' language; others as it wrote them. */
const yamlMessages = (): Record<string, string> => ({
  "Implicit map keys need to be followed by map values": t`a key needs a value after it (key: value)`,
  "Implicit keys need to be on a single line": t`a key must be written on one line (key: value)`,
  "Nested mappings are not allowed in compact mappings": t`mappings cannot be nested on one line (a: b: c); write the inner one on lines of its own`,
  "Tabs are not allowed as indentation": t`tabs are not allowed as indentation; indent with spaces`,
  "All sequence items must start at the same column": t`all items of a list must start at the same column`,
  "Sequence item without - indicator": t`a list item without its -`,
  "Comments must be separated from other tokens by white space characters": t`a comment (#) must be separated from the text before it by a space`,
  'Missing closing "quote': t`the text has no closing "`,
  "Missing closing 'quote": t`the text has no closing '`,
});

/**
 * Rejects pathological input before the parser builds anything from it: nesting deeper than
 * `maxDepth` (flow brackets, or block indicators and indentation on a line) and more than
 * `maxNodes` values. It reads yaml's own lexer as a stream and stops at the first excess, so a
 * file of a million `[` or of millions of numbers is refused in milliseconds, where parsing it
 * would take seconds and gigabytes.
 */
function checkShape(
  text: string,
  limits: YamlLimits,
): { offset: number; issue: Partial<Issue> } | undefined {
  let offset = 0;
  let flow = 0;
  let lineIndent = 0;
  let lineIndicators = 0;
  let atLineStart = true;
  let nodes = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    // Markers the lexer adds (scalar, document mode, flow error) are not in the source.
    const inSource =
      type !== "scalar" &&
      type !== "doc-mode" &&
      type !== "flow-error-end" &&
      type !== "byte-order-mark";
    if (type === "scalar") {
      nodes += 1;
      if (nodes > limits.maxNodes) {
        return {
          offset,
          issue: { message: t`too many values`, expected: t`at most ${limits.maxNodes} values` },
        };
      }
    } else if (type === "flow-seq-start" || type === "flow-map-start") {
      flow += 1;
      if (flow > limits.maxDepth) {
        return {
          offset,
          issue: {
            message: t`nesting is too deep`,
            expected: t`at most ${limits.maxDepth} levels`,
          },
        };
      }
    } else if (type === "flow-seq-end" || type === "flow-map-end") {
      flow = Math.max(0, flow - 1);
    } else if (type === "newline") {
      atLineStart = true;
      lineIndent = 0;
      lineIndicators = 0;
    } else if (type === "space" && atLineStart) {
      lineIndent = token.length;
    } else if (type === "seq-item-ind" || type === "explicit-key-ind") {
      lineIndicators += 1;
      if (lineIndicators + Math.floor(lineIndent / 2) > limits.maxDepth) {
        return {
          offset,
          issue: {
            message: t`nesting is too deep`,
            expected: t`at most ${limits.maxDepth} levels`,
          },
        };
      }
    }
    if (type !== "space" && type !== "newline" && inSource) {
      // A block collection nests by indentation alone (`a:` then ` b:` one column further):
      // no indicator to count, so the indentation is the bound. At one column a level, a
      // thousand levels overflowed the parser's stack.
      if (atLineStart && lineIndent > 2 * limits.maxDepth) {
        return {
          offset,
          issue: {
            message: t`nesting is too deep`,
            expected: t`at most ${limits.maxDepth} levels, ${2 * limits.maxDepth} columns of indentation`,
          },
        };
      }
      atLineStart = false;
    }
    if (inSource) offset += token.length;
  }
  return undefined;
}

type AnyNode = Node | null | undefined;

function child(doc: Document, node: AnyNode, part: string | number): AnyNode {
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(target)) {
    for (const pair of target.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(part)) {
        return pair.value as AnyNode;
      }
    }
    return undefined;
  }
  if (isSeq(target) && typeof part === "number") return target.items[part] as AnyNode;
  return undefined;
}

function nodeAt(doc: Document, path: FieldPath): AnyNode {
  let node: AnyNode = doc.contents as AnyNode;
  for (const part of path) {
    node = child(doc, node, part);
    if (!node) return undefined;
  }
  return node;
}

function nearestNode(doc: Document, path: FieldPath): AnyNode {
  let node: AnyNode = doc.contents as AnyNode;
  for (const part of path) {
    const next = child(doc, node, part);
    if (!next) return node;
    node = next;
  }
  return node;
}
