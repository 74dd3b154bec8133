/**
 * The preview's builds: the same stages as `briefing build -f html` (check, then render with
 * the run's colour slots), one at a time. A build asked for while one runs is done once after
 * it, however many were asked for. The chart renderer (and the charts it has drawn) is kept
 * between builds, and the template sets until a file of theirs changes.
 */
import path from "node:path";
import { type Rendered, type RenderOptions, renderChecked, type Shared, shared } from "../build.js";
import { ChartRenderer } from "../chart/canvas.js";
import { colouredIds, runSlots } from "../chart/theme.js";
import { checkFile } from "../check/check-file.js";
import { BriefingError, ExitCode, type Issue } from "../errors.js";
import { t } from "../locale/messages.js";
import { DEFAULT_TEMPLATES, namedTemplates } from "../render/templates.js";

/** A build that made a page. */
export interface Good {
  id: number;
  /** Milliseconds from its start to the page. */
  ms: number;
  rendered: Rendered;
  /** The colour slots it was rendered with. */
  slots: Readonly<Record<string, number>>;
  /** Its warnings and notes. */
  issues: Issue[];
}

/** A build that did not: the page of the last good one stays. */
export interface Failed {
  id: number;
  ms: number;
  message: string;
  /** The located issues, when the input is what is wrong. */
  issues: Issue[];
  hint?: string;
  /** The exit status `briefing build` would have ended with. */
  code: ExitCode;
  /** The error itself, when it is one of briefing's. */
  error?: BriefingError;
}

export type Outcome = ({ kind: "built" } & Good) | ({ kind: "error" } & Failed);

export class Builder {
  private readonly charts = new ChartRenderer();
  private run: Shared | undefined;
  private building: Promise<void> | undefined;
  private again = false;
  private attempts = 0;
  /** The template set the file names (`templates:`), as of its last check. */
  private named: string | undefined;
  /** The last build that made a page. */
  good: Good | undefined;
  /** The last build, when it failed; undefined once one succeeds. */
  failed: Failed | undefined;

  constructor(
    private readonly file: string,
    private readonly options: RenderOptions,
    private readonly told: {
      onStart?: (id: number) => void;
      onOutcome?: (outcome: Outcome) => void;
    } = {},
  ) {}

  /** A template file changed: the sets are read again by the next build. */
  templatesChanged(): void {
    this.run = undefined;
  }

  /** The template folders the briefing is made with: the default, then `--templates` or its own. */
  templateDirs(): string[] {
    const own = this.options.templates ?? this.named;
    return [DEFAULT_TEMPLATES, ...(own === undefined ? [] : [path.resolve(own)])];
  }

  /** Builds now, or once more after the build under way; resolves when none is left to do. */
  rebuild(): Promise<void> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    this.building = this.loop().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  /**
   * Renders the last good build once more, unseen, with charts drawn afresh: the first save
   * after the start then finds the code of every stage warm (measured: its build went from
   * ~300 ms to ~110 ms). A save meanwhile is built after it, as after any build.
   */
  warm(): Promise<void> {
    const good = this.good;
    const run = this.run;
    if (this.building || !good || !run) return this.idle();
    this.building = (async () => {
      const { checked, lang } = good.rendered;
      const fresh = { ...run, charts: new ChartRenderer(), slots: good.slots };
      // Quiet: what it would say, the build before it said.
      const { onIssue: _told, ...quiet } = this.options;
      await renderChecked(checked, { ...quiet, lang }, fresh).catch(() => undefined);
      if (this.again) await this.loop();
    })().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  /** Resolves when no build is running or waiting. */
  async idle(): Promise<void> {
    await this.building;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.once();
    } while (this.again);
  }

  private async once(): Promise<void> {
    this.attempts += 1;
    const id = this.attempts;
    this.told.onStart?.(id);
    const start = performance.now();
    const issues: Issue[] = [];
    let outcome: Outcome;
    try {
      const { rendered, slots } = await this.render((issue) => issues.push(issue));
      const ms = Math.round(performance.now() - start);
      const good: Good = { id, ms, rendered, slots, issues };
      this.good = good;
      this.failed = undefined;
      outcome = { kind: "built", ...good };
    } catch (error) {
      const failed = failure(id, Math.round(performance.now() - start), error, issues);
      this.failed = failed;
      outcome = { kind: "error", ...failed };
    }
    this.told.onOutcome?.(outcome);
  }

  /** Check → render, as `build` does for one file (its colour slots included). */
  private async render(
    onIssue: (issue: Issue) => void,
  ): Promise<{ rendered: Rendered; slots: Readonly<Record<string, number>> }> {
    const options = { ...this.options, onIssue };
    const checked = await checkFile(this.file, options);
    for (const issue of checked.issues) onIssue(issue);
    this.named = namedTemplates(this.file, checked.briefing.templates, this.options);
    this.run ??= shared(this.options, undefined, this.charts);
    const slots = runSlots(
      [{ asOf: checked.briefing.period.as_of, ids: colouredIds(checked.briefing) }],
      this.run.templates.theme.series.length,
    );
    return { rendered: await renderChecked(checked, options, { ...this.run, slots }), slots };
  }
}

/** What went wrong, as the page and the terminal show it. */
function failure(id: number, ms: number, error: unknown, warnings: Issue[]): Failed {
  if (error instanceof BriefingError) {
    return {
      id,
      ms,
      message: error.message,
      issues: [...error.issues, ...warnings.filter((w) => !error.issues.includes(w))],
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      code: error.code,
      error,
    };
  }
  // A bug in briefing: said as one, and the preview keeps running on the last good page.
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { id, ms, message: t`internal error: ${text}`, issues: [], code: ExitCode.INTERNAL };
}
