/**
 * The archived HTML is opened in ordinary browsers, without the walls of the printed page: it
 * must be as closed on its own. The Content-Security-Policy comes from the build, whatever the
 * template says (a layout without it made 30+ requests, 169.254.169.254 included), and active
 * content a template might hold (a meta refresh, which a policy does not stop; <base>; forms;
 * event handler attributes; scripts its set did not declare) is refused at build time.
 */
import { createHash } from "node:crypto";
import { Parser } from "htmlparser2";
import { type Issue, invalidInput } from "../errors.js";
import { t } from "../locale/messages.js";

/**
 * The policy every page carries: nothing loads but its own data: URLs. `scripts`: the hashes
 * ('sha256-…') of the build's own inline scripts the page may run (the archive index's
 * filter), when its template set declares none.
 */
export function contentSecurityPolicy(
  javascript: boolean,
  scripts: readonly string[] = [],
): string {
  return [
    "default-src 'none'",
    "img-src data:",
    "font-src data:",
    "style-src 'unsafe-inline'",
    ...(javascript
      ? ["script-src 'unsafe-inline'"]
      : scripts.length > 0
        ? [`script-src ${scripts.join(" ")}`]
        : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** What is removed from a page, and why: it acts rather than shows. */
function removable(name: string, attributes: Record<string, string>, javascript: boolean) {
  const equiv = attributes["http-equiv"]?.toLowerCase();
  if (name === "meta" && equiv === "refresh")
    return t`<meta http-equiv=refresh> (it navigates away)`;
  if (name === "base") return t`<base> (it points every link elsewhere)`;
  if (name === "form") return t`<form> (it sends data)`;
  if (name === "script" && !javascript)
    return t`<script> (its template set does not declare javascript: true)`;
  return undefined;
}

/** What is refused outright: it cannot be cut out of its element. */
function refused(name: string, attributes: Record<string, string>, javascript: boolean) {
  if (javascript) return undefined;
  const handler = Object.keys(attributes).find((attribute) => /^on/i.test(attribute));
  if (handler) return t`an event handler attribute ${handler}= on <${name}>`;
  for (const attribute of ["href", "src", "action", "formaction", "xlink:href"]) {
    const value = attributes[attribute];
    if (value !== undefined && runsScript(value))
      return t`a javascript: URL in ${attribute}= on <${name}>`;
  }
  return undefined;
}

const JAVASCRIPT = "javascript:";

/**
 * A URL a browser would run as script, read as browsers read it (the WHATWG URL parser): any
 * case, after leading spaces and control characters, with tabs and newlines anywhere ignored
 * ("java&#9;script:" runs). Reads no further than the scheme: a chart's data: URL is long, and
 * lowering the case of all of it cost more than the rest of the check.
 */
export function runsScript(url: string): boolean {
  let i = 0;
  while (i < url.length && url.charCodeAt(i) <= 0x20) i++;
  let matched = 0;
  for (; i < url.length && matched < JAVASCRIPT.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    const lower = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
    if (lower !== JAVASCRIPT.charCodeAt(matched)) return false;
    matched += 1;
  }
  return matched === JAVASCRIPT.length;
}

export interface Hardened {
  html: string;
  /** What was removed, for a warning each. */
  removed: string[];
}

/**
 * Checks a rendered page and gives it the build's policy: the template's own policy tags are
 * replaced by one, first in <head>; a meta refresh, <base>, form tags and undeclared scripts are
 * removed (each named in `removed`); event handler attributes and javascript: URLs in a set that
 * does not declare scripts are refused with an invalid-input error.
 */
export function harden(
  html: string,
  options: { javascript: boolean; source: string; scripts?: readonly string[] },
): Hardened {
  const issues: Issue[] = [];
  const removed: string[] = [];
  /** Where the policy goes: just after <head> (or <html>, or the start). */
  let headAt: number | undefined;
  let htmlAt: number | undefined;
  /** Ranges [start, end) to cut: the template's policy tags and what is removed. */
  const cuts: [number, number][] = [];
  let scriptStart: number | undefined;
  const lineOf = (offset: number) => html.slice(0, offset).split("\n").length;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const start = parser.startIndex;
        const end = parser.endIndex + 1;
        if (name === "head" && headAt === undefined) headAt = end;
        if (name === "html" && htmlAt === undefined) htmlAt = end;
        if (
          name === "meta" &&
          attributes["http-equiv"]?.toLowerCase() === "content-security-policy"
        )
          cuts.push([start, end]);
        const why = removable(name, attributes, options.javascript);
        if (why) {
          removed.push(t`${why}, at line ${lineOf(start)} of the rendered page`);
          if (name === "script") scriptStart = start;
          else cuts.push([start, end]);
        }
        const no = refused(name, attributes, options.javascript);
        if (no) {
          issues.push({
            severity: "error",
            file: options.source,
            message: t`the page holds active content: ${no}`,
            found: html.slice(start, Math.min(end, start + 120)),
            hint: t`at line ${lineOf(start)} of the rendered page; templates may lay the briefing out, not act`,
          });
        }
      },
      onclosetag(name) {
        if (name === "script" && scriptStart !== undefined) {
          cuts.push([scriptStart, parser.endIndex + 1]);
          scriptStart = undefined;
        } else if (name === "form") {
          cuts.push([parser.startIndex, parser.endIndex + 1]);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  if (issues.length > 0) throw invalidInput(issues.slice(0, 20));

  // Cut from the end first, so that the earlier offsets stay right.
  const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(options.javascript, options.scripts)}">`;
  let out = html;
  let at = headAt ?? htmlAt ?? 0;
  for (const [start, end] of [...cuts].sort((a, b) => b[0] - a[0])) {
    out = out.slice(0, start) + out.slice(end);
    if (start < at) at -= Math.min(end, at) - start;
  }
  return { html: `${out.slice(0, at)}${at === 0 ? "" : "\n"}${meta}${out.slice(at)}`, removed };
}

/** A script's or style's hash as a Content-Security-Policy source: 'sha256-…'. */
export const cspHash = (text: string): string =>
  `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/**
 * The page with one of the build's own scripts before its last </body>, put in after the
 * template's markup was checked: a template set cannot change what the policy's hash allows.
 */
export const withScript = (html: string, script: string): string =>
  html.replace(/<\/body>(?![\s\S]*<\/body>)/, `<script>${script}</script>\n</body>`);
