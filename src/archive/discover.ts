/**
 * The data layout of an archive: one folder per series, one file per period.
 *
 *   data/<series>/<YYYY-MM>.yaml     e.g. data/sumbagsel/2020-10.yaml
 *
 * Files elsewhere (data/recipients.yaml, deeper folders) are not briefings and are left alone;
 * a YAML file in a series folder that is not named after a month is reported and skipped.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Issue } from "../errors.js";
import { t } from "../locale/messages.js";
import { slugify } from "../output/slug.js";

export interface Entry {
  file: string;
  /** The series folder's name, made safe for a file name. */
  series: string;
  /** YYYY-MM, from the file name. */
  period: string;
}

const PERIOD_FILE = /^(\d{4})-(0[1-9]|1[0-2])\.ya?ml$/i;

export interface Discovered {
  entries: Entry[];
  /** Files that are not part of the archive, each with the reason. */
  skipped: Issue[];
  /**
   * Files that would be archived under the same name (two folders whose names slugify alike,
   * 2020-10.yaml beside 2020-10.yml): none of them is built, rather than one silently winning.
   */
  clashes: { key: string; files: string[] }[];
}

export function discover(dataDir: string): Discovered {
  const entries: Entry[] = [];
  const skipped: Issue[] = [];
  const note = (file: string, message: string, expected?: string): void => {
    skipped.push({ severity: "note", file, message, ...(expected ? { expected } : {}) });
  };
  for (const folder of readdirSync(dataDir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const at = path.join(dataDir, folder.name);
    if (!folder.isDirectory()) {
      // recipients.yaml and the like live beside the series: said once, not as a briefing.
      if (/\.ya?ml$/i.test(folder.name) && !/^recipients\.ya?ml$/i.test(folder.name)) {
        note(
          at,
          t`not in a series folder, so not part of the archive`,
          "data/<series>/<YYYY-MM>.yaml",
        );
      }
      continue;
    }
    if (folder.name.startsWith(".")) {
      note(at, t`a hidden folder (its name starts with a dot): not part of the archive`);
      continue;
    }
    const seriesDir = at;
    for (const name of readdirSync(seriesDir).sort()) {
      const file = path.join(seriesDir, name);
      const info = statSync(file);
      if (info.isDirectory()) {
        note(
          file,
          t`a folder inside a series folder: not part of the archive`,
          "data/<series>/<YYYY-MM>.yaml",
        );
        continue;
      }
      if (!/\.ya?ml$/i.test(name) || !info.isFile()) continue;
      const match = PERIOD_FILE.exec(name);
      if (!match) {
        skipped.push({
          severity: "warning",
          file,
          message: t`not named after a month, so not part of the archive`,
          expected: t`a file named YYYY-MM.yaml, such as 2020-10.yaml`,
        });
        continue;
      }
      entries.push({ file, series: slugify(folder.name), period: `${match[1]}-${match[2]}` });
    }
  }
  entries.sort((a, b) => a.series.localeCompare(b.series) || a.period.localeCompare(b.period));
  const byKey = new Map<string, Entry[]>();
  for (const entry of entries)
    byKey.set(entryKey(entry), [...(byKey.get(entryKey(entry)) ?? []), entry]);
  const clashes = [...byKey]
    .filter(([, same]) => same.length > 1)
    .map(([key, same]) => ({ key, files: same.map((e) => e.file) }));
  const clashing = new Set(clashes.flatMap((c) => c.files));
  return { entries: entries.filter((e) => !clashing.has(e.file)), skipped, clashes };
}

/**
 * The key of an entry in the archive and its manifest: 2020-10/sumbagsel, and 2020-10/sumbagsel.en
 * for its copy in another of the archive's languages.
 */
export const entryKey = (entry: {
  period: string;
  series: string;
  translation?: string | undefined;
}): string => `${entry.period}/${entry.series}${entry.translation ? `.${entry.translation}` : ""}`;
