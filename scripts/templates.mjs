/**
 * Parses the default template set once, when briefing is built (npm run build), into
 * dist/templates/default.json.gz: a cold start reads the trees back in a few milliseconds, where
 * Handlebars' parser took ~50 ms (src/render/ast-cache.ts). The templates stay the source: a
 * tree is used only for the text it was parsed from; the sources parse as before.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { buildAstCache } from "../dist/render/ast-cache.js";
import Handlebars from "../dist/render/handlebars.js";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "dist/templates");
mkdirSync(out, { recursive: true });
const file = path.join(out, "default.json.gz");
const cache = buildAstCache(path.join(root, "templates/default"), Handlebars);
writeFileSync(`${file}.tmp`, gzipSync(JSON.stringify(cache)));
renameSync(`${file}.tmp`, file);
