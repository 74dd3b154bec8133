/**
 * Load → check → derive for one file: what `briefing check` runs, and what every later stage
 * starts from. Kept apart from the rest of the build so that commands that only read figures
 * (check, send) do not load chart.js and puppeteer.
 */
import { type Derived, derive } from "../derive/derive.js";
import { type Issue, invalidInput } from "../errors.js";
import { type Loaded, loadBriefing } from "../load/load.js";
import { defaultYamlLimits, type YamlSource } from "../load/yaml.js";
import { t } from "../locale/messages.js";
import { checkGlyphs } from "./glyphs.js";
import { checkNumerals } from "./numerals.js";
import { checkReferences } from "./references.js";
import { checkStated } from "./stated.js";

export interface CheckOptions {
  /** Stated figures that disagree with the counts are errors, not warnings. */
  strict?: boolean;
  /**
   * The file's figures only: its `templates:` folder need not be there (verify re-checks a PDF's
   * attached file away from its folder; the look is not the data).
   */
  figuresOnly?: boolean;
}

export interface Checked extends Loaded {
  derived: Derived;
  /** Warnings and notes; errors are thrown. */
  issues: Issue[];
}

/**
 * Load, check and derive one file. Throws a BriefingError listing every error found. `parsed`:
 * the file already read and parsed by the default limits (load.ts), not read again.
 */
export async function checkFile(
  file: string,
  options: CheckOptions = {},
  parsed?: YamlSource,
): Promise<Checked> {
  const loaded = await loadBriefing(file, defaultYamlLimits, parsed);
  const referenceIssues = [
    ...checkNumerals(loaded.briefing, loaded.source),
    ...checkGlyphs(loaded.source),
    ...checkReferences(loaded.briefing, loaded.source).filter(
      (issue) => !(options.figuresOnly && issue.path === "templates"),
    ),
  ];
  if (referenceIssues.some((issue) => issue.severity === "error")) {
    throw invalidInput(referenceIssues);
  }
  const derived = derive(loaded.briefing, { written: loaded.source.written });
  let issues = [...referenceIssues, ...checkStated(loaded.briefing, derived, loaded.source)];
  // Figures that cannot be (a region's stated total below its listed units) are errors always.
  if (issues.some((issue) => issue.severity === "error")) throw invalidInput(issues);
  if (options.strict) {
    issues = issues.map((issue) =>
      issue.severity === "warning"
        ? {
            ...issue,
            severity: "error",
            hint: issue.hint ?? t`--strict makes disagreements errors`,
          }
        : issue,
    );
    if (issues.some((issue) => issue.severity === "error")) throw invalidInput(issues);
  }
  return { ...loaded, derived, issues };
}
