/**
 * `briefing send` follows the archive: it mails with the template set and to the recipients
 * file the archive was built with, from whatever folder it is run, and never a file of the
 * current folder that the archive did not name. Against a real SMTP server on 127.0.0.1.
 *
 * One small archive (alpha, March 2024) is built once with real Chromium, with a template set
 * whose locale words the subject its own way and with data/recipients.yaml beside the series;
 * each test sends from a copy of it.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { MANIFEST, readManifest } from "../../src/archive/manifest.js";
import { buildArchive } from "../../src/archive/run.js";
import { send } from "../../src/deliver/send.js";
import { BriefingError, ExitCode, type Issue } from "../../src/errors.js";
import { ARCHIVE_FIXTURE, type ArchiveCopy, copyOf } from "../support/archive.js";
import { spawnBriefing } from "../support/cli.js";
import { ROOT, removeTempDirs, tempDir } from "../support/files.js";
import { parse, rcptAccepted, startSmtp, type TestSmtp } from "../support/smtp.js";

const PERIOD = "2024-03";
const OFFICE = { name: "Kepala Dinas", email: "kepala.dinas@example.org", series: ["alpha"] };
const OTHER = { name: "Orang Lain", email: "orang.lain@example.org", series: ["*"] };

/** A template set whose Indonesian email subject no other set says. */
function templateSet(subject: string): string {
  const dir = tempDir("briefing-templates-");
  mkdirSync(path.join(dir, "locales"));
  writeFileSync(
    path.join(dir, "locales/id.yaml"),
    stringify({ labels: { email_subject: `${subject} {period}` } }),
  );
  return dir;
}

const recipientsYaml = (people: object[]) => stringify({ recipients: people });

/** data/alpha/2024-03.yaml and data/recipients.yaml (unless `recipients` is false), built. */
async function built(
  options: { recipients?: boolean; templates?: string } = {},
): Promise<ArchiveCopy> {
  const root = tempDir("briefing-named-");
  const archive = { root, data: path.join(root, "data"), out: path.join(root, "out") };
  mkdirSync(path.join(archive.data, "alpha"), { recursive: true });
  cpSync(
    path.join(ARCHIVE_FIXTURE, "alpha", `${PERIOD}.yaml`),
    path.join(archive.data, "alpha", `${PERIOD}.yaml`),
  );
  if (options.recipients !== false) {
    writeFileSync(path.join(archive.data, "recipients.yaml"), recipientsYaml([OFFICE]));
  }
  const result = await buildArchive({
    dataDir: archive.data,
    outDir: archive.out,
    formats: ["pdf"],
    onIssue: () => {},
    ...(options.templates ? { templates: options.templates } : {}),
  });
  expect(result.failed).toEqual([]);
  return archive;
}

const DINKES = "Laporan Dinas Kesehatan";
let themed: ArchiveCopy;
let plain: ArchiveCopy;
let dinkes: string;
beforeAll(async () => {
  dinkes = templateSet(DINKES);
  // Built one after the other: two Chromiums at once on a small machine only slow both.
  themed = await built({ templates: dinkes });
  plain = await built({ recipients: false });
});

const servers: TestSmtp[] = [];
async function smtp(): Promise<TestSmtp> {
  const server = await startSmtp();
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  removeTempDirs();
});

/** `briefing …` run from `cwd`, asynchronously (the SMTP server lives in this process). */
const briefing = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  spawnBriefing(args, { cwd, env }).done;

const subjects = async (server: TestSmtp) =>
  Promise.all(server.accepted().map(async (t) => (await parse(t)).subject ?? ""));

/** Whom the server took messages for. */
const receivers = (server: TestSmtp) => server.accepted().flatMap(rcptAccepted);

async function refusal(run: Promise<unknown>): Promise<BriefingError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BriefingError)) throw new Error(`expected a BriefingError, got ${error}`);
  return error;
}

describe("the manifest names what the archive was built with", () => {
  it("records the custom template set and data/recipients.yaml, from the output folder, with their sha256", () => {
    const { manifest } = readManifest(themed.out);
    expect(manifest.templates?.path).toBe(path.relative(themed.out, dinkes));
    expect(manifest.templates?.sha256).toBe(manifest.briefings[0]?.template);
    expect(manifest.recipients?.path).toBe(path.join("..", "data", "recipients.yaml"));
    expect(manifest.recipients?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("records the default set as null and no recipients when the data folder has none", () => {
    const { manifest } = readManifest(plain.out);
    expect(manifest.templates?.path).toBeNull();
    expect(manifest.recipients).toBeNull();
  });

  it("reads a manifest written before these were recorded, and rebuilds nothing because of it", async () => {
    const archive = copyOf(plain);
    const file = path.join(archive.out, MANIFEST);
    const { templates: _t, recipients: _r, ...old } = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify(old));
    const { manifest, problem } = readManifest(archive.out);
    expect(problem).toBeUndefined();
    expect(manifest.briefings).toHaveLength(1);
    expect(manifest.templates).toBeUndefined();
    const again = await buildArchive({
      dataDir: archive.data,
      outDir: archive.out,
      formats: ["pdf"],
      onIssue: () => {},
    });
    expect(again.built).toEqual([]);
    expect(again.skipped).toEqual([`${PERIOD}/alpha`]);
    expect(readManifest(archive.out).manifest.recipients).toBeNull();
  });

  it("stops the build at a broken recipients file, with its line and column, before building anything", async () => {
    const root = tempDir("briefing-named-");
    const data = path.join(root, "data");
    mkdirSync(path.join(data, "alpha"), { recursive: true });
    cpSync(path.join(ARCHIVE_FIXTURE, "alpha", `${PERIOD}.yaml`), path.join(data, "alpha/x.yaml"));
    const broken = path.join(root, "recipients.yaml");
    writeFileSync(
      broken,
      "recipients:\n  - name: Kepala\n    emial: kepala@example.org\n    series: [alpha]\n",
    );
    const out = path.join(root, "out");
    const run = await briefing(["build", data, "--out", out, "--recipients", broken], root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${broken}:3:5: error: recipients[0].emial: unknown field`);
    expect(existsSync(path.join(out, MANIFEST))).toBe(false);
  });

  it("refuses --recipients for single files, which are not sent", async () => {
    const run = await briefing(
      ["build", path.join(ARCHIVE_FIXTURE, "alpha", `${PERIOD}.yaml`), "--recipients", "x.yaml"],
      tempDir(),
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--recipients is for an archive");
  });
});

describe("send uses them without being told", () => {
  it("from another folder: the archive's template set words the email, its recipients file says to whom", async () => {
    const archive = copyOf(themed);
    const server = await smtp();
    const elsewhere = tempDir("briefing-cwd-");
    const run = await briefing(["send", "--period", PERIOD, "--out", archive.out], elsewhere, {
      ...server.env,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("1 sent, 0 skipped, 0 failed, 0 unknown\n");
    expect(receivers(server)).toEqual([OFFICE.email]);
    expect(await subjects(server)).toEqual([expect.stringContaining(`${DINKES} Maret 2024`)]);
  });

  it("--templates and --recipients override them, and the summary says so", async () => {
    const archive = copyOf(themed);
    const server = await smtp();
    const other = templateSet("Kabar Lain");
    const people = path.join(tempDir(), "people.yaml");
    writeFileSync(people, recipientsYaml([OTHER]));
    const run = await briefing(
      ["send", "--period", PERIOD, "--out", archive.out, "--templates", other],
      tempDir(),
      server.env,
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `1 sent, 0 skipped, 0 failed, 0 unknown; templates from --templates ${other} instead of the archive's ${dinkes}`,
    );
    expect(await subjects(server)).toEqual([expect.stringContaining("Kabar Lain Maret 2024")]);

    const second = await smtp();
    const run2 = await briefing(
      ["send", "--period", PERIOD, "--out", copyOf(themed).out, "--recipients", people],
      tempDir(),
      second.env,
    );
    expect(run2.status).toBe(0);
    expect(run2.stdout).toContain(
      `; recipients from --recipients ${people} instead of the archive's`,
    );
    expect(receivers(second)).toEqual([OTHER.email]);
    expect(await subjects(second)).toEqual([expect.stringContaining(DINKES)]);
  });
});

describe("never a file the archive did not name", () => {
  it("refuses, from a folder that has data/recipients.yaml, an archive built without one: exit 2, nothing sent", async () => {
    expect(existsSync(path.join(ROOT, "data/recipients.yaml"))).toBe(true);
    const archive = copyOf(plain);
    const server = await smtp();
    const run = await briefing(
      ["send", "--period", PERIOD, "--out", archive.out],
      ROOT,
      server.env,
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`the archive in ${archive.out} names no recipients file`);
    expect(run.stderr).toContain("--recipients");
    expect(server.connections).toBe(0);
    expect(existsSync(path.join(archive.out, "ledger.jsonl"))).toBe(false);
  });

  it("refuses when the recorded recipients file is gone, naming it", async () => {
    const archive = copyOf(themed);
    const server = await smtp();
    const file = path.join(archive.data, "recipients.yaml");
    renameSync(file, `${file}.old`);
    const error = await refusal(send({ outDir: archive.out, period: PERIOD, env: server.env }));
    expect(error.code).toBe(ExitCode.USAGE);
    expect(error.message).toContain(`is gone: ${file}`);
    expect(server.connections).toBe(0);
  });

  it("refuses when the recorded template folder is gone, rather than mail in the default wording", async () => {
    const archive = copyOf(themed);
    const templates = templateSet(DINKES);
    const manifestFile = path.join(archive.out, MANIFEST);
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    manifest.templates.path = path.relative(archive.out, templates);
    writeFileSync(manifestFile, JSON.stringify(manifest));
    rmSync(templates, { recursive: true });
    const server = await smtp();
    const error = await refusal(send({ outDir: archive.out, period: PERIOD, env: server.env }));
    expect(error.code).toBe(ExitCode.USAGE);
    expect(error.message).toContain(
      `the template folder the archive was built with is gone: ${templates}`,
    );
    expect(server.connections).toBe(0);
  });

  it("sends to a recipients file changed since the build, and warns that it changed", async () => {
    const archive = copyOf(themed);
    writeFileSync(path.join(archive.data, "recipients.yaml"), recipientsYaml([OFFICE, OTHER]));
    const server = await smtp();
    const issues: Issue[] = [];
    const report = await send({
      outDir: archive.out,
      period: PERIOD,
      env: server.env,
      onIssue: (issue) => issues.push(issue),
    });
    expect(report.count("sent")).toBe(2);
    expect(report.recipients).toEqual({
      used: path.join(archive.data, "recipients.yaml"),
      given: false,
    });
    expect(issues).toEqual([
      expect.objectContaining({
        severity: "warning",
        file: path.join(archive.data, "recipients.yaml"),
        message: expect.stringContaining("changed since the archive was built"),
      }),
    ]);
  });
});
