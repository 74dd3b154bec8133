/**
 * The files of a new office's project, as text: a briefing of placeholder figures that builds at
 * once and says on its cover that its figures are illustrative, a recipients file with nothing
 * to send, a template folder that overrides nothing yet, a .gitignore and a README. Pure: the
 * caller writes them (init.ts).
 */
import { slugify } from "../output/slug.js";

export interface ProjectAnswers {
  organisation: string;
  region: string;
  /** What one unit of the region is called, in lower case: kabupaten, province, branch. */
  unitLabel: string;
  /** Names of the segments a unit's count is split into; empty when `indicators` are given. */
  segments: string[];
  /** Names of measures that never add up (coverage per programme); empty for segments. */
  indicators: string[];
  /** Names of the units; placeholders ("kabupaten 1"…) when empty. */
  units: string[];
  /** The briefing's language, id or en. */
  lang: string;
  /** The folder under data/: one series of briefings, a file per month. */
  series: string;
  /** YYYY-MM. */
  period: string;
}

export interface ProjectFile {
  /** From the project folder, with forward slashes. */
  path: string;
  content: string;
}

/** A YAML scalar that reads back as exactly `text`, whatever it holds (":", "#", quotes). */
const q = (text: string): string => JSON.stringify(text);

/** Distinct ids for names, in order: "Penerima Upah" → penerima-upah. */
export function idsFor(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    const base = slugify(name).slice(0, 60);
    let id = base;
    for (let n = 2; seen.has(id); n++) id = `${base}-${n}`;
    seen.add(id);
    return id;
  });
}

/** The names in a comma-separated list, trimmed, empty ones dropped. */
export function list(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

/** Placeholder figures: round, different per unit and part, so charts and ranks show. */
function figures(unit: number, part: number): { count: number; potential: number } {
  const potential = 10_000 + 2_500 * part + 4_000 * unit;
  const count = Math.round((potential * (30 + 15 * unit + 5 * part)) / 100 / 10) * 10;
  return { count, potential };
}

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function unitsOf(answers: ProjectAnswers): { id: string; name: string }[] {
  const names =
    answers.units.length > 0
      ? answers.units
      : [1, 2, 3].map((n) => `${capital(answers.unitLabel)} ${n}`);
  const ids = idsFor(names);
  return names.map((name, i) => ({ id: ids[i] as string, name }));
}

function partsYaml(answers: ProjectAnswers): string {
  const indicators = answers.indicators.length > 0;
  const names = indicators ? answers.indicators : answers.segments;
  const ids = idsFor(names);
  if (names.length === 0)
    return "# Segments a unit's count is split into (they add up to its total), if any; then each\n# unit's members and potential give a count per segment: { wage: 1200, non-wage: 300 }.\n# segments:\n#   - id: wage\n#     name: Wage earners\n";
  const head = indicators
    ? "# Indicators: measures of their own per unit that never add up (coverage per programme).\n# Each unit gives each one its own count and its own potential (the denominator).\nindicators:\n"
    : "# Segments: the parts a unit's count is split into; they add up to the unit's total.\nsegments:\n";
  return head + names.map((name, i) => `  - id: ${ids[i]}\n    name: ${q(name)}\n`).join("");
}

function unitYaml(answers: ProjectAnswers, unit: { id: string; name: string }, u: number): string {
  const lines = [`  - id: ${unit.id}`, `    name: ${q(unit.name)}`];
  if (answers.indicators.length > 0) {
    lines.push("    indicators: # PLACEHOLDERS: replace, then delete each `illustrative: true`");
    idsFor(answers.indicators).forEach((id, p) => {
      const f = figures(u, p);
      lines.push(
        `      ${id}: { count: ${f.count}, potential: ${f.potential}, illustrative: true }`,
      );
    });
  } else {
    lines.push("    illustrative: true # PLACEHOLDER figures: replace them, then delete this line");
    const ids = idsFor(answers.segments);
    if (ids.length === 0) {
      const f = figures(u, 0);
      lines.push(`    members: ${f.count}`, `    potential: ${f.potential}`);
    } else {
      const counts = ids.map((id, p) => `${id}: ${figures(u, p).count}`).join(", ");
      const potentials = ids.map((id, p) => `${id}: ${figures(u, p).potential}`).join(", ");
      lines.push(`    members: { ${counts} }`, `    potential: { ${potentials} }`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function briefingYaml(answers: ProjectAnswers): string {
  const file = `data/${answers.series}/${answers.period}.yaml`;
  const units = unitsOf(answers);
  return `# ${answers.organisation}: ${answers.region}, ${answers.period}. Written by \`briefing init\`.
#
# EVERY FIGURE IN THIS FILE IS A PLACEHOLDER, NOT DATA. Each is marked \`illustrative: true\`,
# so the briefing says on its cover and beside each figure that it is illustrative, not
# official. Put your published counts in their place, then delete each \`illustrative: true\`
# and the \`illustrative_note\` at the end: only then does the briefing present them as real.
#
#   npx briefing check ${file}     validate; writes nothing
#   npx briefing build ${file}     output/${answers.series}-${answers.period}.{html,pdf}
#   npx briefing preview ${file}   a live preview, rebuilt on every save
#   npx briefing build data        every month of every series: output/<YYYY-MM>/<series>.*
#
# A new month is a new file beside this one (data/${answers.series}/YYYY-MM.yaml); the archive
# compares each month with the one before.
language: ${answers.lang}
templates: ../../templates # your template folder (templates/README.md says how to use it)

organisation:
  name: ${q(answers.organisation)}
  # office: Your section or branch

title:
  id: ${q(`Capaian di ${answers.region}`)}
  en: ${q(`Coverage in ${answers.region}`)}

period:
  as_of: ${answers.period} # the month the figures are counted to (or a day: YYYY-MM-DD)

# A meeting the briefing is for (leave out for a report):
# meeting:
#   title: Audience with the Governor
#   date: ${answers.period}-15
#   place: Meeting room
#   audience:
#     - name: The Governor

region:
  name: ${q(answers.region)}
  unit_label: ${q(answers.unitLabel)} # what one unit is called, in lower case

# What is counted, in words (the default speaks of members and potential):
# measure:
#   name: { id: orang, en: people }
#   potential: { id: sasaran, en: target population }

${partsYaml(answers)}
# The units of the region, each with its count (members) and its potential (the denominator of
# coverage); the build derives every total, share, coverage and rank from them.
units:
${units.map((unit, u) => unitYaml(answers, unit, u)).join("")}
# A target draws a line on the charts:
# targets:
#   - metric: coverage
#     value: 60

# Where the figures come from; a unit or a figure names one with \`source: <id>\`:
# sources:
#   - id: report
#     publisher: ${q(answers.organisation)}
#     title: Monthly report
#     date: ${answers.period}-28

illustrative_note: # delete with the last \`illustrative: true\`
  id: Angka dalam briefing ini adalah contoh yang ditulis oleh briefing init, bukan data resmi.
  en: The figures in this briefing are placeholders written by briefing init, not official data.
`;
}

const RECIPIENTS = `# Who receives which briefings: \`npx briefing send --period YYYY-MM\` emails each recipient
# the archived briefings of that month meant for them, once. Nothing is sendable yet: every
# line is a comment. Uncomment and fill in, then build the archive (\`npx briefing build data\`)
# and try \`npx briefing send --period YYYY-MM --dry-run\` (writes the messages, sends nothing).
# The SMTP server: BRIEFING_SMTP_HOST, BRIEFING_SMTP_FROM… or --smtp <file>; \`npx briefing
# doctor --smtp\` checks it answers.
#
# recipients:
#   - name: Head of office
#     email: head@example.org
#     language: id
#     series: ["*"] # every series; or [series-id, …]
#   - name: A regent
#     email: regent@example.org
#     series: [SERIES]
#     units: [UNIT] # only the briefings that concern these units
`;

const TEMPLATES_README = `# Your templates

This folder overrides briefing's default templates, file by file: a file here with the name of a
default one replaces it; everything else stays the default. It overrides nothing yet.
Every briefing file names this folder (\`templates: ../../templates\`); \`--templates <dir>\`
names another for one build.

- \`style.css\` is added after the default stylesheet: your colours, fonts and spacing.
- \`template.yaml\`: \`accent: "#0f4c81"\`, \`palette: [...]\`, \`colours: { segment-id: ... }\`
  colour the charts.
- \`partials/cover.hbs\`, \`partials/footer.hbs\`…: a part of the page, by the default's name.
- \`locales/id.yaml\`, \`locales/en.yaml\`: the page's wording, key by key.
- \`assets/\`: images your partials refer to (a logo).

The default templates are in the installed package: \`node_modules/briefing/templates/default/\`.
Copy the one file you change, not the folder. \`npx briefing preview <file>\` rebuilds on every
save of this folder.
`;

const STYLE = `/* Added after briefing's default stylesheet: rules here win. Nothing yet; for example:
.cover h1 { color: #0f4c81; }
*/
`;

function readme(answers: ProjectAnswers): string {
  const file = `data/${answers.series}/${answers.period}.yaml`;
  return `# ${answers.organisation}: briefings

Briefings of ${answers.region} made with briefing (\`npx briefing --help\`): each
YAML file of figures becomes an A4 PDF and a self-contained HTML page.

**The figures in \`${file}\` are placeholders** written by \`briefing init\`, marked
\`illustrative: true\`: the briefing says so on every page. Replace them with published figures,
then delete the marks.

\`\`\`sh
npx briefing doctor              # is everything a build needs here?
npx briefing check ${file}
npx briefing build ${file}       # output/${answers.series}-${answers.period}.pdf and .html
npx briefing preview ${file}     # a live preview while you edit
npx briefing build data          # the archive: every month of every series, output/index.html
npx briefing send --period ${answers.period} --dry-run   # emails, once data/recipients.yaml lists someone
\`\`\`

- \`data/<series>/<YYYY-MM>.yaml\`: one file per series and month; the comments in it say what goes where.
- \`data/recipients.yaml\`: who receives which briefings (all commented out for now).
- \`templates/\`: your changes to the default look (none yet; its README says how).
- \`output/\`: what the builds write; not kept in git.

\`npx briefing --help\` and \`npx briefing <command> --help\` list every option.
`;
}

export function projectFiles(answers: ProjectAnswers): ProjectFile[] {
  return [
    { path: `data/${answers.series}/${answers.period}.yaml`, content: briefingYaml(answers) },
    { path: "data/recipients.yaml", content: RECIPIENTS.replace("SERIES", answers.series) },
    { path: "templates/README.md", content: TEMPLATES_README },
    { path: "templates/style.css", content: STYLE },
    { path: ".gitignore", content: "/output/\n/node_modules/\n" },
    { path: "README.md", content: readme(answers) },
  ];
}
