/** The `doctor` command's flags and its report; cli.ts makes the command, this fills it in. */
import type { Command } from "commander";
import { BriefingError, ExitCode } from "../errors.js";
import type { CommandIo } from "../init/command.js";
import { t } from "../locale/messages.js";

export function doctorCommand(command: Command, io: CommandIo): Command {
  return command
    .description(
      t`check what a build and a send need (Node.js, the browser and a test print, the fonts, the output folder, with --smtp the mail server), one line each with how to get what is missing; exit 3 if anything is`,
    )
    .option("-o, --out <dir>", t`output folder`, "output")
    .option(
      "--browser <path>",
      t`Chrome/Chromium executable (else BRIEFING_BROWSER, puppeteer's, the system's)`,
    )
    .option(
      "--smtp [file]",
      t`also check the SMTP settings (the file, BRIEFING_SMTP_* over it) and that the server answers`,
    )
    .option("-l, --lang <code>", t`language of messages (id, en)`)
    .exitOverride()
    .action(async (opts: { out: string; browser?: string; smtp?: string | boolean }) => {
      const { doctor } = await import("./doctor.js");
      const checks = await doctor({ out: opts.out, browser: opts.browser, smtp: opts.smtp });
      for (const check of checks) {
        const line = `${check.ok ? "✓" : "✗"} ${check.name}: ${check.detail}`;
        io.out(check.hint === undefined ? line : `${line} (${check.hint})`);
      }
      const failed = checks.filter((check) => !check.ok).length;
      if (failed > 0) {
        io.err(failed === 1 ? t`1 check failed` : t`${failed} checks failed`);
        throw new BriefingError("", ExitCode.ENVIRONMENT);
      }
    });
}
