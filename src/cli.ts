/**
 * The command line: parses flags, calls the orchestrator, prints, and maps errors to exit
 * codes. Nothing else in briefing calls process.exit.
 *
 * Exit status: 0 success · 1 invalid input · 2 usage error · 3 environment problem · 70 bug.
 */
import { Command, CommanderError, Option } from "commander";
import { BriefingError, ExitCode, formatError, formatIssue, type Issue } from "./errors.js";
import { TOOL_VERSION } from "./version.js";

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function program(io: Io): Command {
  const cli = new Command()
    .name("briefing")
    .description("Turn YAML files of regional figures into print-ready briefings (PDF and HTML).")
    .version(TOOL_VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  const report = (issue: Issue) => io.err(formatIssue(issue));

  cli
    .command("build")
    .description("check the briefing(s), then write <out>/<slug>.html and <out>/<slug>.pdf")
    .argument("<files...>", "briefing YAML file(s)")
    .option("-o, --out <dir>", "output folder", "output")
    .option("-l, --lang <code>", "output language (id, en); the file's own `language` by default")
    .option("-t, --templates <dir>", "template folder overriding the default templates")
    .option(
      "--browser <path>",
      "Chrome/Chromium executable (else BRIEFING_BROWSER, puppeteer's, the system's)",
    )
    .addOption(
      new Option("-f, --format <formats>", "outputs to write")
        .choices(["html,pdf", "pdf", "html"])
        .default("html,pdf"),
    )
    .option("--strict", "treat stated figures that disagree with the counts as errors")
    .exitOverride()
    .action(
      async (
        files: string[],
        opts: {
          out: string;
          lang?: string;
          templates?: string;
          browser?: string;
          format: string;
          strict?: boolean;
        },
      ) => {
        // Loaded on demand: `--help` should not wait for puppeteer and chart.js to load.
        const { build } = await import("./build.js");
        const built = await build({
          files,
          outDir: opts.out,
          lang: opts.lang,
          templates: opts.templates,
          strict: opts.strict,
          formats: opts.format.split(",") as ("html" | "pdf")[],
          browser: { preferred: opts.browser },
          onIssue: report,
        });
        for (const b of built) {
          if (b.html) io.out(b.html);
          if (b.pdf) io.out(b.pdf);
        }
      },
    );

  cli
    .command("check")
    .description(
      "validate briefing file(s) and compare stated figures with the counts; writes nothing",
    )
    .argument("<files...>", "briefing YAML file(s)")
    .option("--strict", "treat stated figures that disagree with the counts as errors")
    .exitOverride()
    .action(async (files: string[], opts: { strict?: boolean }) => {
      const { checkFile } = await import("./build.js");
      let failed: BriefingError | undefined;
      for (const file of files) {
        try {
          const checked = await checkFile(file, { strict: opts.strict });
          for (const issue of checked.issues) report(issue);
          const warnings = checked.issues.filter((i) => i.severity === "warning").length;
          io.out(
            `${file}: ok${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? "" : "s"})` : ""}`,
          );
        } catch (error) {
          if (!(error instanceof BriefingError)) throw error;
          io.err(formatError(error));
          failed ??= error;
        }
      }
      if (failed) throw new BriefingError("", failed.code, { issues: [] });
    });

  return cli;
}

/** Runs the CLI and returns the exit status; `bin/briefing.js` passes it to process.exit. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
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
      `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    io.err("This is a bug in briefing; please report it with the input that caused it.");
    return ExitCode.INTERNAL;
  }
}
