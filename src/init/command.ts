/** The `init` command's flags; cli.ts makes the command, this fills it in. */
import type { Command } from "commander";
import { t } from "../locale/messages.js";
import type { InitFlags } from "./answers.js";

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Standard input is a terminal: questions may be asked. */
  stdinTty?: boolean;
}

export function initCommand(command: Command, io: CommandIo): Command {
  return command
    .description(
      t`make a new office's project in <folder> (default: here): a briefing of placeholder figures that builds at once, a recipients file, a template folder, a README; asks for what the flags leave out when on a terminal`,
    )
    .argument("[folder]", t`the project's folder`, ".")
    .option("--organisation <name>", t`the organisation's name`)
    .option("--region <name>", t`the region the briefings are about`)
    .option("--unit-label <label>", t`what one unit of the region is called (kabupaten, branch…)`)
    .option("--segments <names>", t`the segments a unit's count is split into, with commas`)
    .option("--indicators <names>", t`or indicators, measures that never add up, with commas`)
    .option("--units <names>", t`the units' names, with commas (default: three placeholders)`)
    .option("--series <id>", t`the series' folder under data/ (default: from the region)`)
    .option("--period <YYYY-MM>", t`the month of the first briefing (default: this month)`)
    .option("-l, --lang <code>", t`the briefing's language (id, en), and of messages`)
    .option("-y, --yes", t`ask nothing: what the flags leave out takes its default`)
    .option("--force", t`write over files that are there`)
    .exitOverride()
    .action(async (folder: string, opts: InitFlags & { yes?: boolean; force?: boolean }) => {
      const { resolveAnswers, terminalAsk } = await import("./answers.js");
      const { initProject } = await import("./init.js");
      const terminal =
        !opts.yes && io.stdinTty === true ? terminalAsk(process.stdin, process.stdout) : undefined;
      let answers: Awaited<ReturnType<typeof resolveAnswers>>;
      try {
        answers = await resolveAnswers(opts, terminal?.ask);
      } finally {
        terminal?.close();
      }
      const result = await initProject(folder, answers, { force: opts.force });
      for (const file of result.written) io.out(file);
      io.out(t`next: npx briefing doctor, then npx briefing build ${result.briefing}`);
    });
}
