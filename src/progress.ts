/**
 * How an archive build reports itself: a progress bar on a terminal, one plain line per
 * briefing otherwise (CI, logs), and a summary at the end.
 */
import { SingleBar } from "cli-progress";
import type { ArchiveEvent, ArchiveResult } from "./archive/run.js";
import { formatError } from "./errors.js";
import { messageLanguage, t } from "./locale/messages.js";

export interface Reporter {
  event(event: ArchiveEvent): void;
  /** Prints a line without tearing the bar. */
  line(text: string, stream?: "out" | "err"): void;
  finish(result: ArchiveResult, outDir: string): void;
}

/** "0.7 s", or "0,7 s" where the messages' language writes a decimal comma. */
const seconds = (ms: number) =>
  `${new Intl.NumberFormat(messageLanguage() === "id" ? "id-ID" : "en-GB", {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(ms / 1000)} s`;

export function reporter(
  io: { out: (s: string) => void; err: (s: string) => void },
  tty: boolean,
): Reporter {
  let bar: SingleBar | undefined;
  let done = 0;
  const failures: string[] = [];
  const line = (text: string, stream: "out" | "err" = "err") => {
    if (bar) bar.stop();
    (stream === "out" ? io.out : io.err)(text);
    if (bar) bar.start(bar.getTotal(), done);
  };
  return {
    line,
    event(event) {
      if (event.type === "waiting") {
        line(t`waiting for another build of ${event.outDir} to finish…`);
      } else if (event.type === "planned") {
        if (tty && event.toBuild > 0) {
          bar = new SingleBar({
            // cli-progress's own {placeholders}, kept apart from the message's.
            format: t`building ${"{bar}"} ${"{value}/{total}"} briefings · ${"{duration_formatted}"} · ${"{last}"}`,
            hideCursor: true,
            clearOnComplete: true,
            stopOnComplete: false,
          });
          bar.start(event.toBuild, 0, { last: "" });
        } else if (!tty) {
          io.out(t`${event.total} briefings found, ${event.toBuild} to build`);
        }
      } else if (event.status === "skipped") {
        if (!tty) io.out(t`skipped ${event.key} (unchanged)`);
      } else {
        done += 1;
        if (event.status === "failed" && event.error) {
          failures.push(`${event.key} (${event.file}):\n${formatError(event.error)}`);
          line(t`FAILED ${event.key}: ${event.file}`);
        } else if (!tty) {
          io.out(t`built ${event.key} in ${seconds(event.ms)}`);
        }
        bar?.update(done, { last: event.key });
      }
    },
    finish(result, outDir) {
      bar?.stop();
      bar = undefined;
      for (const failure of failures) io.err(failure);
      io.out(
        t`${result.built.length} built, ${result.skipped.length} skipped, ${result.failed.length} failed in ${seconds(result.ms)}: ${outDir}/index.html`,
      );
    },
  };
}
