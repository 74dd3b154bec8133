/**
 * Ways of finding a Chromium-family browser, one function each. Each returns the paths it
 * tried, so that when all fail the error can say where it looked.
 */
import { accessSync, constants } from "node:fs";
import path from "node:path";
import puppeteer from "./puppeteer.js";

export interface Found {
  path: string;
  /** How it was found, for `--verbose` and error messages. */
  via: string;
}

export interface FinderResult {
  found?: Found;
  tried: string[];
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Puppeteer's own browser: PUPPETEER_EXECUTABLE_PATH, or the Chrome `npm install` downloaded. */
export function puppeteerFinder(): FinderResult {
  let candidate: string;
  try {
    candidate = puppeteer.executablePath();
  } catch {
    return { tried: ["puppeteer's downloaded browser (none configured)"] };
  }
  return isExecutable(candidate)
    ? { found: { path: candidate, via: "puppeteer" }, tried: [candidate] }
    : { tried: [candidate] };
}

const linuxNames = [
  "chromium",
  "chromium-browser",
  "google-chrome-stable",
  "google-chrome",
  "chrome",
  "microsoft-edge",
];
const linuxPaths = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/snap/bin/chromium",
  "/usr/bin/google-chrome-stable",
  "/opt/google/chrome/chrome",
];
const macPaths = [
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
];

function windowsPaths(env: NodeJS.ProcessEnv): string[] {
  const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env["PROGRAMFILES(X86)"]].filter(
    (root): root is string => Boolean(root),
  );
  return roots.flatMap((root) => [
    path.win32.join(root, "Google", "Chrome", "Application", "chrome.exe"),
    path.win32.join(root, "Chromium", "Application", "chrome.exe"),
    path.win32.join(root, "Microsoft", "Edge", "Application", "msedge.exe"),
  ]);
}

/** Chrome, Chromium or Edge installed on the system, in the usual places and on PATH. */
export function systemFinder(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): FinderResult {
  let candidates: string[];
  if (platform === "darwin") candidates = macPaths;
  else if (platform === "win32") candidates = windowsPaths(env);
  else {
    const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
    candidates = [
      ...linuxNames.flatMap((name) => dirs.map((dir) => path.join(dir, name))),
      ...linuxPaths,
    ];
  }
  const tried = [...new Set(candidates)];
  for (const candidate of tried) {
    if (isExecutable(candidate)) return { found: { path: candidate, via: "system" }, tried };
  }
  return { tried };
}
