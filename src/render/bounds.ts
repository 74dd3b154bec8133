/**
 * Bounds on rendering a template set, which many hands may edit: a partial that includes
 * itself recursed until V8 ran out of memory (the process died, no error to catch), and 16
 * nested {{#each}} ran for minutes. Rendering is synchronous, so the bounds are counted on the
 * way: partials as they are entered, {{#each}} as it iterates, output as it grows. Each excess
 * is an invalid-input error naming the template where it was met.
 */
import type Handlebars from "handlebars";
import { invalidInput } from "../errors.js";
import { t } from "../locale/messages.js";

export interface RenderLimits {
  /** Partials inside partials. The default set nests 2 deep. */
  depth: number;
  /** Milliseconds one page may take to render. */
  ms: number;
  /** Characters of output, counted at each level of a loop (an upper bound of the page). */
  chars: number;
}

export const defaultRenderLimits: RenderLimits = {
  depth: 32,
  ms: 20_000,
  chars: 64 * 1024 * 1024,
};

/** The limits of a run: rendering a page is bounded by the time printing one is (--page-timeout). */
export function renderLimits(pageTimeout: number | undefined): RenderLimits {
  return pageTimeout === undefined
    ? defaultRenderLimits
    : { ...defaultRenderLimits, ms: pageTimeout };
}

interface Budget {
  limits: RenderLimits;
  deadline: number;
  depth: number;
  chars: number;
  /** The template being rendered, for the error. */
  file: string;
}

/** The render under way (rendering is synchronous: one at a time). */
let current: Budget | undefined;

function exceeded(budget: Budget, message: string, hint: string): never {
  throw invalidInput([{ severity: "error", file: budget.file, message, hint }]);
}

function checkTime(budget: Budget): void {
  if (Date.now() > budget.deadline) {
    exceeded(
      budget,
      t`rendering took longer than ${Math.round(budget.limits.ms / 1000)} s`,
      t`A loop in the template runs away (nested {{#each}} over large lists?); --page-timeout sets the limit.`,
    );
  }
}

/** Runs a whole render (a layout, an index, an email part) within the limits. */
export function bounded<T>(limits: RenderLimits, file: string, render: () => T): T {
  if (current) return render(); // a part of a render under way: its budget counts
  current = { limits, deadline: Date.now() + limits.ms, depth: 0, chars: 0, file };
  try {
    return render();
  } finally {
    current = undefined;
  }
}

/** A partial that counts its depth and the time, and names itself when a bound is met. */
export function boundedPartial(
  file: string,
  partial: Handlebars.TemplateDelegate,
): Handlebars.TemplateDelegate {
  return (context, options) => {
    const budget = current;
    if (!budget) return partial(context, options);
    const outer = budget.file;
    budget.file = file;
    budget.depth += 1;
    try {
      if (budget.depth > budget.limits.depth) {
        exceeded(
          budget,
          t`partials nest deeper than ${budget.limits.depth} levels`,
          t`A partial includes itself, directly or through another.`,
        );
      }
      checkTime(budget);
      return partial(context, options);
    } finally {
      budget.depth -= 1;
      budget.file = outer;
    }
  };
}

/**
 * Replaces {{#each}} with the same loop that checks the time and the output at every turn, and
 * {{log}}, which printed whatever it was given (the whole model) to the terminal, with an error.
 */
export function boundLoops(hb: typeof Handlebars): void {
  const each = hb.helpers.each as Handlebars.HelperDelegate;
  hb.registerHelper(
    "each",
    function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
      const budget = current;
      if (!budget || !options?.fn) return each.call(this, context, options);
      const fn = options.fn;
      return each.call(this, context, {
        ...options,
        fn: (value: unknown, frame?: Handlebars.RuntimeOptions) => {
          checkTime(budget);
          const out = fn(value, frame);
          budget.chars += out.length;
          if (budget.chars > budget.limits.chars) {
            exceeded(
              budget,
              t`the page grows past ${Math.round(budget.limits.chars / 1048576)} MB of text`,
              t`A loop in the template runs away (nested {{#each}} over large lists?).`,
            );
          }
          return out;
        },
      });
    },
  );
  hb.registerHelper("log", () => {
    throw new Error(t`{{log}} is not available in briefing templates: it prints what it is given`);
  });
}
