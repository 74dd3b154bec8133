/**
 * The command line: parses flags, calls the orchestrator, prints, and maps errors to exit
 * codes. Nothing else in briefing calls process.exit.
 *
 * Exit status: 0 success · 1 invalid input · 2 usage error · 3 environment problem · 70 bug ·
 * 128 + n stopped by signal n (129 SIGHUP, 130 SIGINT, 143 SIGTERM).
 */
import { statSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { doctorCommand } from "./doctor/command.js";
import {
  BriefingError,
  ExitCode,
  formatError,
  formatIssue,
  type Issue,
  usageError,
} from "./errors.js";
import { DEFAULT_FORMATS, FORMAT_IDS, needsBrowser, parseFormats } from "./formats/ids.js";
import { initCommand } from "./init/command.js";
import { commanderMessage, helpConfiguration } from "./locale/commander.js";
import { environmentLanguage, setMessageLanguage, t } from "./locale/messages.js";
import { TOOL_VERSION } from "./version.js";

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Standard error is a terminal: show a progress bar rather than a line per briefing. */
  tty: boolean;
}

const defaultIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  tty: process.stderr.isTTY === true,
};

interface BuildFlags {
  out: string;
  lang?: string;
  templates?: string;
  browser?: string;
  format?: string;
  strict?: boolean;
  force?: boolean;
  jobs?: number;
  pageTimeout: number;
  maxPages: number;
  wait: number;
  compare?: string;
  recipients?: string;
  pdfa?: boolean;
}

interface SendFlags {
  period: string;
  out: string;
  recipients?: string;
  templates?: string;
  dryRun?: boolean;
  only?: string;
  resendChanged?: boolean;
  resendUnknown?: boolean;
  resendRefused?: boolean;
  smtp?: string;
  maxAttachmentMb?: number;
}

interface PreviewFlags {
  port: number;
  lang?: string;
  templates?: string;
  browser?: string;
  strict?: boolean;
}

/** A bug before the environment, the environment before the input. */
function mostSerious(codes: readonly ExitCode[]): ExitCode {
  const order: ExitCode[] = [ExitCode.INTERNAL, ExitCode.ENVIRONMENT, ExitCode.USAGE];
  return order.find((code) => codes.includes(code)) ?? codes[0] ?? ExitCode.INVALID_INPUT;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(t`a whole number ≥ 1`);
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(t`a number > 0`);
  return n;
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(t`a number of seconds ≥ 0`);
  return n;
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(t`a port from 0 to 65535 (0: any free one)`);
  return n;
}

/** "; recipients from --recipients x.yaml instead of the archive's y.yaml" */
function overridden(flag: string, chosen: { used?: string; instead?: string }): string {
  const instead =
    chosen.instead === undefined ? "" : t` instead of the archive's ${chosen.instead}`;
  const what = flag === "--recipients" ? t`recipients` : t`templates`;
  return t`; ${what} from ${flag} ${chosen.used ?? ""}${instead}`;
}

function program(io: Io): Command {
  const cli = new Command()
    .name("briefing")
    .description(t`Turn YAML files of regional figures into print-ready briefings (PDF and HTML).`)
    .version(TOOL_VERSION, "-V, --version", t`print the version number`)
    .helpOption("-h, --help", t`show help for the command`)
    .helpCommand("help [command]", t`show help for the command`)
    .configureHelp(helpConfiguration())
    .showHelpAfterError(t`(run with --help for usage)`)
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      outputError: (s, write) => write(commanderMessage(s)),
    })
    .exitOverride();

  const report = (issue: Issue) => io.err(formatIssue(issue));

  cli
    .command("build")
    .description(
      t`build briefing files into <out>/<slug>.{html,pdf}, or a data folder (<data>/<series>/<YYYY-MM>.yaml) into the archive <out>/<YYYY-MM>/<series>.{html,pdf} with <out>/index.html and <out>/manifest.json`,
    )
    .argument("<inputs...>", t`briefing YAML file(s), or one data folder`)
    .option("-o, --out <dir>", t`output folder`, "output")
    .option(
      "-l, --lang <codes>",
      t`output language (id, en), and of messages; the file's own \`language\` by default. Several (id,en): each briefing in each, the first as <name>.*, the others as <name>.<code>.*; an archive keeps building them`,
    )
    .option("-t, --templates <dir>", t`template folder overriding the default templates`)
    .option(
      "--browser <path>",
      t`Chrome/Chromium executable (else BRIEFING_BROWSER, puppeteer's, the system's)`,
    )
    .option(
      "-f, --format <formats>",
      t`outputs to write, with commas: ${FORMAT_IDS.join(", ")} (default ${DEFAULT_FORMATS.join(",")}; an archive keeps the formats it was last built in)`,
    )
    .option("--strict", t`treat stated figures that disagree with the counts as errors`)
    .option(
      "--compare <file>",
      t`one file: compare it with this briefing of an earlier period (an archive compares each period with the latest earlier one and the same month a year before)`,
    )
    .option(
      "--pdfa",
      t`PDFs as PDF/A-3b carrying the data they were made from (an archive keeps it until --no-pdfa)`,
    )
    .option("--no-pdfa", t`plain PDFs (an archive built with --pdfa goes back to plain ones)`)
    .option("--force", t`archive: rebuild every briefing, changed or not`)
    .option("--jobs <n>", t`pages printed at once (default: the number of cores)`, positive)
    .option(
      "--page-timeout <seconds>",
      t`longest one briefing may take to print`,
      positiveNumber,
      60,
    )
    .option("--max-pages <n>", t`refuse a briefing that would print more pages`, positive, 100)
    .option(
      "--wait <seconds>",
      t`archive: wait this long for another build of <out>`,
      nonNegative,
      60,
    )
    .option(
      "-r, --recipients <file>",
      t`archive: the recipients YAML that \`send\` is to use (default: <data>/recipients.yaml, if any)`,
    )
    .exitOverride()
    .action(async (inputs: string[], opts: BuildFlags) => {
      const languages = opts.lang?.split(",").map((code) => code.trim());
      if (
        languages &&
        (languages.some((code) => !/^[a-z]{2,3}$/i.test(code)) ||
          new Set(languages).size < languages.length)
      ) {
        throw usageError(
          t`--lang takes language codes, each once, separated by commas (id or id,en), not ${JSON.stringify(opts.lang)}`,
        );
      }
      const common = {
        ...(languages && languages.length > 1 ? { languages } : { lang: opts.lang }),
        templates: opts.templates,
        strict: opts.strict,
        ...(opts.format === undefined ? {} : { formats: parseFormats(opts.format) }),
        browser: { preferred: opts.browser },
        printer: {
          pageTimeout: opts.pageTimeout * 1000,
          ...(opts.jobs === undefined ? {} : { concurrency: opts.jobs }),
        },
        maxPages: opts.maxPages,
        ...(opts.pdfa === undefined ? {} : { pdfa: opts.pdfa }),
      };
      const folder = inputs.length === 1 && inputs[0] !== undefined && isDirectory(inputs[0]);
      if (!folder) {
        if (inputs.some(isDirectory)) {
          throw usageError(t`give one data folder, or briefing files, not both`);
        }
        if (opts.recipients !== undefined) {
          throw usageError(
            t`--recipients is for an archive (a data folder): briefing files are not sent`,
          );
        }
        // The browser starts before the build's own code loads (print/early.ts).
        const { earlyPrinter } = await import("./print/early.js");
        const early = needsBrowser(common.formats ?? DEFAULT_FORMATS)
          ? await earlyPrinter(inputs, {
              ...common.printer,
              browser: common.browser,
              ...(opts.strict === undefined ? {} : { strict: opts.strict }),
            })
          : {};
        const started = early.printer;
        let built: Awaited<ReturnType<typeof import("./build.js").build>>;
        try {
          // Loaded on demand: `--help` should not wait for puppeteer and chart.js to load.
          const { build } = await import("./build.js");
          built = await build({
            ...common,
            files: inputs,
            outDir: opts.out,
            onIssue: report,
            ...(opts.compare === undefined ? {} : { compare: opts.compare }),
            ...(started ? { started } : {}),
            ...(early.checked ? { checked: early.checked } : {}),
          });
        } finally {
          await started?.close();
        }
        for (const b of built) for (const file of b.files) io.out(file);
        return;
      }
      if (opts.compare !== undefined) {
        throw usageError(
          t`--compare is for one briefing file; an archive compares each period with its series' earlier ones`,
        );
      }
      const { buildArchive } = await import("./archive/run.js");
      const { reporter } = await import("./progress.js");
      const progress = reporter(io, io.tty);
      const result = await buildArchive({
        ...common,
        dataDir: inputs[0] as string,
        outDir: opts.out,
        force: opts.force,
        wait: opts.wait,
        ...(opts.recipients === undefined ? {} : { recipients: opts.recipients }),
        onIssue: (issue) => progress.line(formatIssue(issue)),
        onEvent: (event) => progress.event(event),
      });
      progress.finish(result, opts.out);
      // Several briefings may fail in several ways, in whatever order they finish: the exit
      // status is the most serious of them, whatever the order (70, then 3, then 1).
      const codes = result.failed.map((f) => f.error.code);
      if (codes.length > 0) throw new BriefingError("", mostSerious(codes));
    });

  cli
    .command("send")
    .description(
      t`email each recipient the archived briefings of a period meant for them, once (recipients in YAML; a ledger in <out>/ledger.jsonl keeps what was sent)`,
    )
    .requiredOption("-p, --period <YYYY-MM>", t`the period whose briefings to send`)
    .option("-o, --out <dir>", t`the archive folder`, "output")
    .option(
      "-r, --recipients <file>",
      t`recipients YAML instead of the one the archive was built with`,
    )
    .option(
      "-t, --templates <dir>",
      t`template folder for the emails instead of the one the archive was built with`,
    )
    .option("--dry-run", t`write the messages to <out>/<period>/outbox/*.eml; send nothing`)
    .option("--only <email>", t`only this recipient`)
    .option("--resend-changed", t`send again briefings whose PDF changed since they were sent`)
    .option("--resend-unknown", t`send again messages whose delivery is unknown`)
    .option(
      "--resend-refused",
      t`try again addresses the server refused for good on an earlier run`,
    )
    .option("-l, --lang <code>", t`language of messages (id, en)`)
    .option(
      "--smtp <file>",
      t`SMTP settings (YAML); BRIEFING_SMTP_* environment variables override`,
    )
    .option(
      "--max-attachment-mb <n>",
      t`refuse attachments larger than this (default 10)`,
      positiveNumber,
    )
    .exitOverride()
    .action(async (opts: SendFlags) => {
      const { send } = await import("./deliver/send.js");
      const result = await send({
        outDir: opts.out,
        period: opts.period,
        ...(opts.recipients === undefined ? {} : { recipientsFile: opts.recipients }),
        ...(opts.templates === undefined ? {} : { templates: opts.templates }),
        dryRun: opts.dryRun,
        only: opts.only,
        resendChanged: opts.resendChanged,
        resendUnknown: opts.resendUnknown,
        resendRefused: opts.resendRefused,
        smtpConfig: opts.smtp,
        maxAttachmentMb: opts.maxAttachmentMb,
        onIssue: report,
        onEvent: (event) => {
          const line = `${outcomeWord(event.outcome).padEnd(7)} ${event.recipient}: ${event.detail}`;
          if (event.outcome === "failed" || event.outcome === "unknown") io.err(line);
          else io.out(line);
        },
      });
      const c = result.count;
      // What was used instead of what the archive names is said where the run is summed up.
      const given = [
        result.recipients.given ? overridden("--recipients", result.recipients) : "",
        result.templates.given ? overridden("--templates", result.templates) : "",
      ].join("");
      io.out(
        (opts.dryRun
          ? t`${c("written")} written, ${c("skipped")} skipped, ${c("failed")} failed`
          : t`${c("sent")} sent, ${c("skipped")} skipped, ${c("failed")} failed, ${c("unknown")} unknown`) +
          given,
      );
      // Unknown deliveries need a person to look: as much a non-success as a failure.
      if (c("failed") > 0 || c("unknown") > 0) throw new BriefingError("", ExitCode.ENVIRONMENT);
    });

  cli
    .command("check")
    .description(
      t`validate briefing file(s) and compare stated figures with the counts; writes nothing`,
    )
    .argument("<files...>", t`briefing YAML file(s)`)
    .option("-l, --lang <code>", t`language of messages (id, en)`)
    .option("--strict", t`treat stated figures that disagree with the counts as errors`)
    .exitOverride()
    .action(async (files: string[], opts: { strict?: boolean }) => {
      const { checkFile } = await import("./check/check-file.js");
      let failed: BriefingError | undefined;
      for (const file of files) {
        try {
          const checked = await checkFile(file, { strict: opts.strict });
          for (const issue of checked.issues) report(issue);
          const warnings = checked.issues.filter((i) => i.severity === "warning").length;
          io.out(
            warnings === 0
              ? t`${file}: ok`
              : warnings === 1
                ? t`${file}: ok (1 warning)`
                : t`${file}: ok (${warnings} warnings)`,
          );
        } catch (error) {
          if (!(error instanceof BriefingError)) throw error;
          io.err(formatError(error));
          failed ??= error;
        }
      }
      if (failed) throw new BriefingError("", failed.code, { issues: [] });
    });

  cli
    .command("verify")
    .description(
      t`say whether an archival briefing PDF (built with --pdfa) still matches the data it carries: 0 it does, 1 it does not (what differs), 2 not such a PDF`,
    )
    .argument("<file>", t`a briefing PDF`)
    .option("-l, --lang <code>", t`language of messages (id, en)`)
    .exitOverride()
    .action(async (file: string) => {
      const { verifyPdf } = await import("./verify/verify.js");
      const verdict = await verifyPdf(file);
      const names = verdict.record.files.map((f) => f.name).join(", ");
      if (verdict.differences.length === 0) {
        io.out(t`${file}: matches its data (${verdict.figures} figures from ${names})`);
        return;
      }
      const none = t`(none)`;
      io.out(t`${file}: does not match its data (${names}):`);
      for (const d of verdict.differences) {
        io.out(t`  ${d.field}: printed ${String(d.printed ?? none)}, now ${String(d.now ?? none)}`);
      }
      throw new BriefingError("", ExitCode.INVALID_INPUT);
    });

  cli
    .command("preview")
    .description(
      t`serve a live preview of a briefing file on 127.0.0.1, rebuilt whenever it or its templates change; Ctrl+C stops it`,
    )
    .argument("<file>", t`briefing YAML file`)
    .option("--port <n>", t`port on 127.0.0.1 (0: any free one)`, portNumber, 4173)
    .option("-l, --lang <code>", t`output language (id, en), and of messages`)
    .option("-t, --templates <dir>", t`template folder overriding the default templates`)
    .option(
      "--browser <path>",
      t`Chrome/Chromium executable (else BRIEFING_BROWSER, puppeteer's, the system's)`,
    )
    .option("--strict", t`treat stated figures that disagree with the counts as errors`)
    .exitOverride()
    .action(async (file: string, opts: PreviewFlags) => {
      const { startPreview } = await import("./preview/server.js");
      const preview = await startPreview({
        file,
        port: opts.port,
        lang: opts.lang,
        templates: opts.templates,
        strict: opts.strict,
        browser: { preferred: opts.browser },
        onIssue: report,
        onOutcome: (outcome) => {
          for (const issue of outcome.issues) report(issue);
          if (outcome.kind === "built") io.out(t`build ${outcome.id} ready in ${outcome.ms} ms`);
          else if (outcome.issues.length === 0) io.err(`error: ${outcome.message}`);
        },
      });
      io.out(t`preview of ${file}: ${preview.url} (Ctrl+C stops it)`);
      // Runs until a signal, which closes the server, the watches and the browser, then exits.
      closeOnStop = () => preview.close();
      await new Promise<never>(() => {});
    });

  cli
    .command("import")
    .description(
      t`write a first briefing (YAML, with comments) whose units are read from a workbook or CSV file; fill in what it marks TODO`,
    )
    .argument("<file>", t`an Excel workbook (.xlsx) or a CSV file`)
    .option("--sheet <name>", t`the worksheet (when the workbook has several)`)
    .option("-o, --out <file>", t`the YAML to write (default: beside the sheet, named after it)`)
    .option("-l, --lang <code>", t`language of messages and comments (id, en)`)
    .exitOverride()
    .action(async (file: string, opts: { sheet?: string; out?: string }) => {
      const { importSheet } = await import("./load/sheet/skeleton.js");
      const done = await importSheet({ file, sheet: opts.sheet, out: opts.out });
      io.out(t`${done.out}: ${done.units} units from ${file}; fill in what is marked TODO`);
    });

  // A new office's project, and what a build and a send need (install as a package).
  initCommand(cli.command("init"), { ...io, stdinTty: process.stdin.isTTY === true });
  doctorCommand(cli.command("doctor"), io);

  return cli;
}

/** What a command that runs until stopped (preview) closes when a signal stops it. */
let closeOnStop: (() => Promise<void>) | undefined;

/** A send outcome as the report names it. */
function outcomeWord(outcome: string): string {
  const words: Record<string, string> = {
    sent: t`sent`,
    written: t`written`,
    skipped: t`skipped`,
    failed: t`failed`,
    unknown: t`unknown`,
  };
  return words[outcome] ?? outcome;
}

/**
 * The `--lang` of the command line, read before commander parses it: the messages of the
 * parse itself (a usage error, `--help`) are in that language. Only a language code counts.
 */
function langOption(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") break;
    const value =
      /^(?:--lang=|-l)(.+)$/.exec(arg)?.[1] ??
      (arg === "--lang" || arg === "-l" ? argv[i + 1] : undefined);
    // The first of several output languages (--lang id,en) is the messages' language too.
    const first = value?.split(",")[0];
    if (first !== undefined && /^[a-z]{2,3}$/i.test(first)) return first;
  }
  return undefined;
}

/** The signals that stop a run, and their numbers (the exit status is 128 + the number). */
const STOPPING = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/**
 * A signal stops the run at once, with the exit status 128 + its number. What runs on the way
 * out (process "exit" handlers) closes it properly: every browser is killed, temporary files
 * are removed, the lock is released. Outputs are whole or absent: each is renamed into place
 * only when complete, so what an earlier build wrote stays as it was.
 */
function stopOnSignals(io: Io, exit: (code: number) => never): () => void {
  const handlers = Object.entries(STOPPING).map(([signal, number]) => {
    const handler = () => {
      io.err(t`stopped by ${signal}`);
      const close = closeOnStop;
      closeOnStop = undefined;
      if (!close) exit(128 + number);
      // Closed properly, then gone; a second signal, or 5 s, does not wait for it.
      else {
        setTimeout(() => exit(128 + number), 5000);
        void close().finally(() => exit(128 + number));
      }
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}

/** Runs the CLI and returns the exit status; `bin/briefing.js` passes it to process.exit. */
export async function main(
  argv: string[],
  io: Io = defaultIo,
  exit: (code: number) => never = (code) => process.exit(code),
): Promise<number> {
  setMessageLanguage(langOption(argv) ?? environmentLanguage());
  const stopSignals = stopOnSignals(io, exit);
  try {
    await program(io).parseAsync(argv, { from: "user" });
    return ExitCode.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
      ) {
        return ExitCode.OK;
      }
      return ExitCode.USAGE;
    }
    if (error instanceof BriefingError) {
      if (error.message || error.issues.length > 0) io.err(formatError(error));
      return error.code;
    }
    io.err(
      t`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    io.err(t`This is a bug in briefing; please report it with the input that caused it.`);
    return ExitCode.INTERNAL;
  } finally {
    stopSignals();
  }
}
