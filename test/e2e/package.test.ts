/**
 * briefing as an office installs it: `npm pack` (its prepack compiling dist/) in a copy of the
 * repository, the tarball installed into an empty folder and globally into a prefix, then the
 * installed command makes a project and builds, sends (dry run), verifies and checks it with
 * the templates, fonts, locale files, messages and ICC profile it ships: nothing of the
 * repository is reachable from there.
 *
 * It installs with --offline, from npm's cache alone (the repository's own `npm ci` filled it
 * with the same packages): a test reaches no network but the loopback. canvas compiles from
 * source (the -dev packages scripts/setup.sh installs): minutes, not seconds.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";

/**
 * Measured: 330 kB packed, 1,020 kB unpacked (README 73 kB, messages 69 kB and their compiled
 * catalogues 68 kB, the default set's parsed templates 32 kB; dist 804 kB in all).
 */
const MAX_PACKED = 360_000;
const MAX_UNPACKED = 1_150_000;

const version = (
  JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }
).version;

/** Neither the tester's settings nor the repository's node_modules/.bin reach the commands. */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith("BRIEFING_") && !name.startsWith("npm_"),
    ),
  ),
  PATH: (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => !dir.includes("node_modules"))
    .join(path.delimiter),
  PUPPETEER_SKIP_DOWNLOAD: "1",
  BRIEFING_BROWSER: "/usr/bin/chromium",
};

function run(command: string, args: string[], cwd: string, timeout = 600_000) {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd,
    env,
    encoding: "utf8",
    timeout,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

let packed: Packed;
let tarball: string;

beforeAll(() => {
  // A copy, so that prepack's fresh dist/ never pulls the rug from under tests running beside.
  const copy = tempDir("briefing-repo-");
  const skip = new Set(["node_modules", ".git", "dist", "output", "coverage"]);
  for (const entry of readdirSync(ROOT)) {
    if (skip.has(entry)) continue;
    cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
  const into = tempDir("briefing-tarball-");
  const pack = run("npm", ["pack", "--json", "--pack-destination", into], copy);
  expect(pack.stderr).not.toMatch(/npm error/);
  expect(pack.status).toBe(0);
  packed = (JSON.parse(pack.stdout) as Packed[])[0] as Packed;
  tarball = path.join(into, packed.filename);
}, 300_000);

afterAll(removeTempDirs);

describe("the package", () => {
  it("holds what runs and nothing of the repository's tests, benchmarks or examples", () => {
    const files = packed.files.map((file) => file.path);
    for (const needed of [
      "bin/briefing.js",
      "dist/cli.js",
      "dist/init/init.js",
      "dist/doctor/doctor.js",
      "templates/default/layout.hbs",
      "templates/default/locales/id.yaml",
      "templates/default/email/subject.hbs",
      "messages/id.yaml",
      "icc/sRGB.icc",
      "README.md",
      "package.json",
    ]) {
      expect(files, needed).toContain(needed);
    }
    const unwanted = files.filter((file) =>
      /^(test|bench|data|src|scripts|\.ci|templates\/dinkes)\/|fixtures|\.map$|\.ts$/.test(file),
    );
    expect(unwanted).toEqual([]);
    expect(packed.filename).toBe(`briefing-${version}.tgz`);
    expect(packed.size).toBeLessThan(MAX_PACKED);
    expect(packed.unpackedSize).toBeLessThan(MAX_UNPACKED);
  });

  it("installs into an empty folder and makes, builds, sends and verifies a project there", () => {
    const app = tempDir("briefing-app-");
    writeFileSync(path.join(app, "package.json"), '{ "private": true }\n');
    const install = run("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball], app);
    expect(install.stderr).not.toMatch(/npm error/);
    expect(install.status).toBe(0);
    // Nothing of the repository is reachable: the command is the installed package's.
    const installed = path.join(app, "node_modules/briefing");
    expect(existsSync(path.join(installed, "src"))).toBe(false);
    expect(existsSync(path.join(installed, "test"))).toBe(false);

    const npx = (...args: string[]) => run("npx", ["--no-install", "briefing", ...args], app);
    expect(npx("--version").stdout.trim()).toBe(version);

    const init = npx(
      "init",
      "office",
      "-y",
      "--region",
      "Lampung",
      "--segments",
      "PU,BPU",
      "--period",
      "2025-10",
    );
    expect(init.stderr).toBe("");
    expect(init.status).toBe(0);
    const file = "office/data/lampung/2025-10.yaml";
    expect(npx("check", file).status).toBe(0);

    const build = npx("build", file, "-o", "office/output", "-f", "html,pdf,xlsx,pptx", "--pdfa");
    expect(build.stderr).toBe("");
    expect(build.status).toBe(0);
    for (const ext of ["html", "pdf", "xlsx", "pptx"])
      expect(existsSync(path.join(app, `office/output/lampung-2025-10.${ext}`)), ext).toBe(true);
    const pdf = readFileSync(path.join(app, "office/output/lampung-2025-10.pdf"));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const verify = npx("verify", "office/output/lampung-2025-10.pdf");
    expect(verify.status).toBe(0);

    // The archive, sent as a dry run with the email templates the package ships.
    writeFileSync(
      path.join(app, "office/data/recipients.yaml"),
      "recipients:\n  - name: Kepala\n    email: kepala@example.org\n    series: ['*']\n",
    );
    const archive = npx("build", "office/data", "-o", "office/archive");
    expect(archive.status).toBe(0);
    const send = npx("send", "--period", "2025-10", "-o", "office/archive", "--dry-run");
    expect(send.stderr).toBe("");
    expect(send.status).toBe(0);
    expect(readdirSync(path.join(app, "office/archive/2025-10/outbox"))).toHaveLength(1);

    const doctor = npx("doctor", "-o", "office/output");
    expect(doctor.stdout).toContain("✓ fonts");
    expect(doctor.status).toBe(0);
    // Messages in Indonesian come from the package's own catalogue.
    expect(
      run("npx", ["--no-install", "briefing", "check", "nope.yaml", "--lang", "id"], app).stderr,
    ).toContain("tidak ditemukan");
  });

  it("installs globally into a prefix, and its command runs from anywhere", () => {
    const prefix = tempDir("briefing-global-");
    const install = run(
      "npm",
      ["install", "-g", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", tarball],
      tempDir(),
    );
    expect(install.status).toBe(0);
    const bin = path.join(prefix, "bin/briefing");
    const elsewhere = tempDir();
    expect(run(bin, ["--version"], elsewhere).stdout.trim()).toBe(version);
    expect(run(bin, ["init", ".", "-y", "--period", "2025-10"], elsewhere).status).toBe(0);
    const build = run(bin, ["build", "data/our-region/2025-10.yaml", "-f", "pdf"], elsewhere);
    expect(build.stderr).toBe("");
    expect(build.status).toBe(0);
    expect(existsSync(path.join(elsewhere, "output/our-region-2025-10.pdf"))).toBe(true);
  });
});
