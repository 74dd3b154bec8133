/**
 * `briefing init`: writes a new office's project (project.ts) into a folder, never over a file
 * that is there unless forced; each folder's files appear whole (output/write.ts).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { usageError } from "../errors.js";
import { t } from "../locale/messages.js";
import { writeAll } from "../output/write.js";
import { type ProjectAnswers, projectFiles } from "./project.js";

export interface InitResult {
  /** The files written, as paths from the folder given. */
  written: string[];
  /** The briefing file that builds at once. */
  briefing: string;
}

export async function initProject(
  folder: string,
  answers: ProjectAnswers,
  options: { force?: boolean | undefined } = {},
): Promise<InitResult> {
  const files = projectFiles(answers);
  const at = (file: string) => path.join(folder, ...file.split("/"));
  const there = files.map((file) => at(file.path)).filter((file) => existsSync(file));
  if (there.length > 0 && !options.force) {
    throw usageError(
      t`not writing over files that are there: ${there.join(", ")}`,
      t`Choose another folder, or pass --force to replace them.`,
    );
  }
  const byDir = new Map<string, { name: string; data: string }[]>();
  for (const file of files) {
    const dir = path.dirname(at(file.path));
    const list = byDir.get(dir) ?? [];
    list.push({ name: path.basename(file.path), data: file.content });
    byDir.set(dir, list);
  }
  for (const [dir, list] of byDir) await writeAll(dir, list, { root: folder, hidden: true });
  return { written: files.map((file) => at(file.path)), briefing: at(files[0]?.path ?? "") };
}
