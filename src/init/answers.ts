/**
 * What `briefing init` writes the project for: from the flags, then (on a terminal, without
 * -y) a few questions for what the flags left out, then defaults. One function, one typed result.
 */
import { createInterface } from "node:readline/promises";
import { usageError } from "../errors.js";
import { t } from "../locale/messages.js";
import { slugify } from "../output/slug.js";
import { list, type ProjectAnswers } from "./project.js";

export interface InitFlags {
  organisation?: string | undefined;
  region?: string | undefined;
  unitLabel?: string | undefined;
  segments?: string | undefined;
  indicators?: string | undefined;
  units?: string | undefined;
  lang?: string | undefined;
  series?: string | undefined;
  period?: string | undefined;
}

/** Asks one question; the answer, or "" for none. */
export type Ask = (question: string) => Promise<string>;

/** Questions on a pair of streams (the terminal); close() when done. */
export function terminalAsk(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): { ask: Ask; close: () => void } {
  const rl = createInterface({ input, output });
  // Ctrl+C at a question stops the run as it stops a build (cli.ts: exit 130, nothing written);
  // on a terminal in raw mode readline takes it as a key, not as the signal.
  rl.on("SIGINT", () => process.kill(process.pid, "SIGINT"));
  const ask: Ask = async (question) => {
    try {
      return await rl.question(question);
    } catch (error) {
      // Ctrl+D (the input ended): no answer, nothing written.
      if (error instanceof Error && error.name === "AbortError")
        throw usageError(t`stopped at a question with no answer; nothing was written`);
      throw error;
    }
  };
  return { ask, close: () => rl.close() };
}

const month = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;

export async function resolveAnswers(
  flags: InitFlags,
  ask: Ask | undefined,
  now: Date = new Date(),
): Promise<ProjectAnswers> {
  const question = async (given: string | undefined, text: string, fallback: string) => {
    if (given !== undefined) return given.trim();
    if (!ask) return fallback;
    const answer = (await ask(fallback ? `${text} [${fallback}]: ` : `${text}: `)).trim();
    return answer || fallback;
  };
  if (flags.segments !== undefined && flags.indicators !== undefined)
    throw usageError(t`give --segments or --indicators, not both`);

  const organisation = await question(flags.organisation, t`Organisation`, t`Our organisation`);
  const region = await question(flags.region, t`Region`, t`Our region`);
  const lang = await question(flags.lang, t`Language of the briefing (id, en)`, "id");
  if (lang !== "id" && lang !== "en")
    throw usageError(t`the briefing's language is id or en, not ${JSON.stringify(lang)}`);
  const unitLabel = await question(
    flags.unitLabel,
    t`What one unit of the region is called (kabupaten, province, branch…)`,
    lang === "id" ? "kabupaten" : "district",
  );
  let segments = list(flags.segments);
  let indicators = list(flags.indicators);
  if (flags.segments === undefined && flags.indicators === undefined && ask) {
    segments = list(
      await question(
        undefined,
        t`Segments a unit's count is split into, with commas (none: Enter)`,
        "",
      ),
    );
    if (segments.length === 0) {
      indicators = list(
        await question(
          undefined,
          t`Or indicators, measures that never add up, with commas (none: Enter)`,
          "",
        ),
      );
    }
  }
  const period = flags.period ?? month(now);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period))
    throw usageError(t`--period is a month written YYYY-MM, not ${JSON.stringify(period)}`);
  const series = flags.series ?? slugify(region).slice(0, 64);
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(series))
    throw usageError(
      t`--series is an id of lowercase letters, digits, - and _ (such as sumsel), not ${JSON.stringify(series)}`,
    );
  for (const [flag, value] of [
    ["--organisation", organisation],
    ["--region", region],
    ["--unit-label", unitLabel],
  ] as const) {
    if (value === "") throw usageError(t`${flag} may not be empty`);
  }
  return {
    organisation,
    region,
    unitLabel,
    segments,
    indicators,
    units: list(flags.units),
    lang,
    series,
    period,
  };
}
