/**
 * The one owner of Chromium: finds it, launches it once, hands it out, closes it. Nothing
 * else in briefing starts a browser.
 */
import type { Browser } from "puppeteer";
import { environmentError } from "../../errors.js";
import { t } from "../../locale/messages.js";
import { type FindOptions, findBrowser, howToGetABrowser } from "./finder.js";
import type { Found } from "./finders.js";
import { newProfile, removeProfile as removeProfileFolder, removeProfileNow } from "./profile.js";
import puppeteer from "./puppeteer.js";

export interface BrowserOptions extends FindOptions {
  /** Milliseconds to wait for the browser to start. */
  launchTimeout?: number;
  /** Told the process id of each browser launched, and of each once it has exited. */
  onLaunch?: (pid: number) => void;
  /** Told the profile folder of each browser about to be launched (profile.ts). */
  onProfile?: (dir: string) => void;
  onExit?: (pid: number) => void;
}

/** Flags for a browser that must not reach the network or keep state between runs. */
export function launchArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  const args = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-extensions",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--font-render-hinting=none",
    "--mute-audio",
  ];
  // Below request interception, a second wall: every connection Chromium would make goes to a
  // proxy whose name resolves nowhere, loopback included. WebSockets, prefetches and
  // preconnects, which request interception does not see, reach nobody.
  args.push(
    "--proxy-server=http://briefing-no-network.invalid:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
  );
  // Chromium refuses to run its sandbox as root (CI containers, this project's own set-up).
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (root || env.BRIEFING_NO_SANDBOX === "1") args.push("--no-sandbox");
  return args;
}

/**
 * Kills a browser and every process it started. Puppeteer starts it as the leader of a process
 * group of its own (not on Windows, where Chromium's children end with it): the group goes at
 * once, renderers and zygotes with it.
 */
export function killBrowser(child: import("node:child_process").ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (process.platform !== "win32" && child.pid !== undefined) {
    try {
      process.kill(-child.pid, "SIGKILL");
      return;
    } catch {
      // Not a group leader after all: the browser itself, below.
    }
  }
  child.kill("SIGKILL");
}

/**
 * Every browser process alive, and its profile, so that none outlives briefing, however it
 * exits.
 */
const alive = new Map<import("node:child_process").ChildProcess, string>();
let exitHook = false;
function track(browser: Browser, profile: string): void {
  const child = browser.process();
  if (!child) return;
  alive.set(child, profile);
  child.once("exit", () => alive.delete(child));
  if (!exitHook) {
    exitHook = true;
    process.once("exit", () => {
      for (const [child, dir] of alive) {
        killBrowser(child);
        removeProfileNow(dir);
      }
    });
  }
}

/** Launches not yet settled: a browser killed while launching is gone once its launch is. */
const launching = new Set<Promise<unknown>>();

/** Browsers killed, until they have exited. */
const ending = new Set<Promise<unknown>>();

/** Profiles being removed. */
const removing = new Set<Promise<unknown>>();

/** Removes a browser's profile (profile.ts), counted until it is gone. */
function removeProfile(dir: string): Promise<void> {
  const done = removeProfileFolder(dir);
  removing.add(done);
  void done.then(() => removing.delete(done));
  return done;
}

/** Each launched browser's profile, removed once the browser has exited. */
const profileGone = new WeakMap<Browser, Promise<void>>();

/** Kills a launched browser; resolves once it has exited and its profile is removed. */
function end(browser: Browser): Promise<void> {
  const child = browser.process();
  if (child) killBrowser(child);
  const gone = browser
    .close()
    .catch(() => undefined)
    .then(() => profileGone.get(browser));
  ending.add(gone);
  void gone.then(() => ending.delete(gone));
  return gone;
}

/**
 * Resolves once every browser this thread launched has exited and been reaped, and its
 * profile is removed (or after `timeout` ms). A thread that ends first leaves a killed browser
 * a zombie: its exit is collected by the thread that started it.
 */
export async function browsersGone(timeout = 5_000): Promise<void> {
  const deadline = Date.now() + timeout;
  // A launch that settles may end its browser (a kill while launching): asked again each time.
  while (Date.now() < deadline) {
    const pending = [...launching, ...ending, ...removing];
    if (pending.length === 0 && alive.size === 0) return;
    const tick = new Promise((resolve) => setTimeout(resolve, pending.length > 0 ? 100 : 10));
    await Promise.race([Promise.allSettled(pending), tick]);
  }
}

export class BrowserManager {
  private launching: Promise<Browser> | undefined;
  /** Stops the browser being launched, or launched: `kill` works at any point. */
  private abort: AbortController | undefined;
  private found: Found | undefined;

  constructor(private readonly options: BrowserOptions = {}) {}

  /** Where the browser comes from; finds it (without launching) on first call. */
  executable(): Found {
    this.found ??= findBrowser(this.options);
    return this.found;
  }

  browser(): Promise<Browser> {
    if (!this.launching) {
      const started = this.launch();
      this.launching = started;
      launching.add(started);
      void started.then(
        () => launching.delete(started),
        () => launching.delete(started),
      );
    }
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    const { path } = this.executable();
    const abort = new AbortController();
    this.abort = abort;
    const profile = newProfile();
    this.options.onProfile?.(profile);
    try {
      const browser = await puppeteer.launch({
        executablePath: path,
        userDataDir: profile,
        headless: true,
        // Over a pipe, Chromium ends when its pipe closes: when briefing ends, however it ends
        // (kill -9 included; measured: over a WebSocket, the whole browser ran on under PID 1).
        pipe: true,
        // Signals are briefing's to handle (cli.ts): puppeteer's own handlers closed the
        // browser and left the run going, and the printer relaunched it.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        args: launchArgs(this.options.env),
        // puppeteer turns the popup blocker off by default; a page may not open windows.
        ignoreDefaultArgs: ["--disable-popup-blocking"],
        timeout: this.options.launchTimeout ?? 30_000,
        signal: abort.signal,
      });
      track(browser, profile);
      const child = browser.process();
      profileGone.set(
        browser,
        !child || child.exitCode !== null || child.signalCode !== null
          ? removeProfile(profile)
          : new Promise((resolve) => child.once("exit", () => resolve(removeProfile(profile)))),
      );
      const pid = child?.pid;
      if (child && pid !== undefined) {
        this.options.onLaunch?.(pid);
        if (child.exitCode !== null || child.signalCode !== null) this.options.onExit?.(pid);
        else child.once("exit", () => this.options.onExit?.(pid));
      }
      return browser;
    } catch (error) {
      this.launching = undefined;
      void removeProfile(profile);
      throw environmentError(
        t`the browser at ${path} did not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
        howToGetABrowser(),
        error,
      );
    }
  }

  /** Kills the browser at once (it hung or crashed); the next `browser()` launches another. */
  kill(): void {
    const launching = this.launching;
    this.launching = undefined;
    this.abort?.abort();
    void launching?.then(
      (browser) => end(browser),
      () => undefined,
    );
  }

  /** Closes the browser if it was started; safe to call more than once. */
  async close(): Promise<void> {
    const launching = this.launching;
    this.launching = undefined;
    if (!launching) return;
    const browser = await launching.catch(() => undefined);
    if (!browser) return;
    // Its pages are printed and its profile is a throwaway: nothing is left for an orderly
    // shutdown to save. Killed, it is gone at once; asked to close, Chromium took ~0.15 s, the
    // last of a cold build's wait.
    const closed = end(browser);
    const timer = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.race([closed, timer]);
  }
}
