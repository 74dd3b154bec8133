/**
 * `briefing doctor`: what a build and a send need, checked one by one, each with what to do
 * when it is missing. It reuses the owners of each resource (the browser finder and manager,
 * the fonts, the SMTP settings and transport) rather than guessing their way of working.
 */
import { randomBytes } from "node:crypto";
import { accessSync, constants, existsSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BriefingError } from "../errors.js";
import { t } from "../locale/messages.js";

export interface Check {
  ok: boolean;
  /** What was checked: "Node.js", "browser". */
  name: string;
  /** What was found. */
  detail: string;
  /** What to do about it, when not ok. */
  hint?: string;
}

export interface DoctorOptions {
  /** --browser. */
  browser?: string | undefined;
  /** The output folder a build would write to. */
  out: string;
  /** Check the SMTP settings and server: true for the environment's, a path for a file too. */
  smtp?: string | boolean | undefined;
  env?: NodeJS.ProcessEnv;
}

const reason = (error: unknown): string =>
  error instanceof BriefingError || error instanceof Error
    ? (error.message.split("\n")[0] ?? "")
    : String(error);

export function nodeCheck(version: string = process.versions.node): Check {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const ok = major > 20 || (major === 20 && minor >= 19);
  return {
    ok,
    name: "Node.js",
    detail: ok ? version : t`${version}, older than 20.19`,
    ...(ok
      ? {}
      : { hint: t`install Node.js 20.19 or later (https://nodejs.org, or nvm install 22)` }),
  };
}

const BROWSER_HINT = () =>
  t`apt-get install chromium, or npx puppeteer browsers install chrome, or --browser <path> / BRIEFING_BROWSER=<path>`;

/** The browser found and how, then that it starts and prints a page (timed). */
async function browserChecks(options: DoctorOptions): Promise<Check[]> {
  const { findBrowser } = await import("../print/browser/finder.js");
  const env = options.env ?? process.env;
  let found: { path: string; via: string };
  try {
    found = findBrowser({ preferred: options.browser, env });
  } catch (error) {
    return [{ ok: false, name: t`browser`, detail: reason(error), hint: BROWSER_HINT() }];
  }
  const checks: Check[] = [{ ok: true, name: t`browser`, detail: `${found.path} (${found.via})` }];
  const { BrowserManager } = await import("../print/browser/manager.js");
  const manager = new BrowserManager({ preferred: found.path, env, launchTimeout: 30_000 });
  const started = performance.now();
  try {
    const browser = await manager.browser();
    const page = await browser.newPage();
    await page.setContent("<!doctype html><title>briefing doctor</title><p>briefing doctor</p>");
    const pdf = await page.pdf({ format: "A4" });
    if (Buffer.from(pdf.subarray(0, 5)).toString("latin1") !== "%PDF-")
      throw new Error(t`what it printed is not a PDF`);
    const ms = Math.round(performance.now() - started);
    checks.push({ ok: true, name: t`test page`, detail: t`started and printed a PDF in ${ms} ms` });
  } catch (error) {
    checks.push({
      ok: false,
      name: t`test page`,
      detail: reason(error),
      hint: t`on Linux as root or in a container: BRIEFING_NO_SANDBOX=1; else reinstall the browser (${BROWSER_HINT()})`,
    });
  } finally {
    await manager.close();
  }
  return checks;
}

/** The shipped Source Sans 3 files are there, and node-canvas draws the charts with them. */
async function fontCheck(): Promise<Check> {
  const name = t`fonts`;
  const hint = t`reinstall briefing (npm install): its dependency source-sans holds the fonts`;
  try {
    const { fontFaces, ttfPath } = await import("../assets/fonts.js");
    const missing = fontFaces.map(ttfPath).filter((file) => !existsSync(file));
    if (missing.length > 0)
      return { ok: false, name, detail: t`missing: ${missing.join(", ")}`, hint };
    const { CANVAS_FAMILY, registerFonts } = await import("../chart/canvas.js");
    registerFonts();
    const { createCanvas } = await import("canvas");
    const context = createCanvas(200, 50).getContext("2d");
    const width = (font: string) => {
      context.font = font;
      return context.measureText("Briefing 7.952.597").width;
    };
    // A family node-canvas does not have falls back silently: measured against the fallback.
    if (width(`16px ${CANVAS_FAMILY}`) === width("16px monospace"))
      return { ok: false, name, detail: t`node-canvas did not take the chart font`, hint };
    return {
      ok: true,
      name,
      detail: t`Source Sans 3 (${fontFaces.length} faces), registered for the charts`,
    };
  } catch (error) {
    return {
      ok: false,
      name,
      detail: reason(error),
      hint: t`node-canvas did not load: reinstall briefing (on Debian first: apt-get install build-essential libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev)`,
    };
  }
}

/** The output folder (or, not there yet, the folder it would be made in) takes a file. */
export function outputCheck(out: string): Check {
  const name = t`output folder`;
  let at = path.resolve(out);
  while (!existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  const hint = t`choose another with -o <dir>, or make ${out} writable`;
  try {
    if (!statSync(at).isDirectory())
      return { ok: false, name, detail: t`${at} is a file, not a folder`, hint };
    accessSync(at, constants.W_OK);
    // Access bits are not the whole story (read-only mounts, ACLs): a file is written and removed.
    const probe = path.join(at, `.briefing-doctor-${randomBytes(4).toString("hex")}`);
    writeFileSync(probe, "");
    unlinkSync(probe);
  } catch (error) {
    return { ok: false, name, detail: t`${at} is not writable (${reason(error)})`, hint };
  }
  return {
    ok: true,
    name,
    detail: at === path.resolve(out) ? t`${out} is writable` : t`${out} can be made in ${at}`,
  };
}

/** The SMTP settings resolve, and the server answers (and takes the login, if any). */
async function smtpChecks(file: string | undefined, env: NodeJS.ProcessEnv): Promise<Check[]> {
  const { createTransport, redact, smtpSettings } = await import("../deliver/smtp.js");
  let settings: Awaited<ReturnType<typeof smtpSettings>>;
  try {
    settings = await smtpSettings(file, env);
  } catch (error) {
    const hint = error instanceof BriefingError ? error.hint : undefined;
    return [
      {
        ok: false,
        name: t`SMTP settings`,
        detail: reason(error),
        hint: hint ?? t`give --smtp <file> or set BRIEFING_SMTP_HOST and BRIEFING_SMTP_FROM`,
      },
    ];
  }
  const where = `${settings.host}:${settings.port}`;
  const checks: Check[] = [
    { ok: true, name: t`SMTP settings`, detail: t`${where}, from ${settings.from}` },
  ];
  const transport = createTransport(settings);
  const started = performance.now();
  try {
    await transport.verify();
    const ms = Math.round(performance.now() - started);
    checks.push({ ok: true, name: t`SMTP server`, detail: t`${where} answered in ${ms} ms` });
  } catch (error) {
    checks.push({
      ok: false,
      name: t`SMTP server`,
      detail: redact(`${where}: ${reason(error)}`, settings),
      hint: t`check the host, port, TLS (BRIEFING_SMTP_SECURE, BRIEFING_SMTP_STARTTLS) and login`,
    });
  } finally {
    transport.close();
  }
  return checks;
}

export async function doctor(options: DoctorOptions): Promise<Check[]> {
  const env = options.env ?? process.env;
  const checks = [nodeCheck(), ...(await browserChecks(options)), await fontCheck()];
  checks.push(outputCheck(options.out));
  if (options.smtp !== undefined && options.smtp !== false)
    checks.push(
      ...(await smtpChecks(typeof options.smtp === "string" ? options.smtp : undefined, env)),
    );
  return checks;
}
