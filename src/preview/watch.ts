/**
 * What the preview watches: folders, not files. Editors save by writing another file and
 * renaming it over the old one, which a watch on the file itself stops seeing after the first
 * save; a watch on its folder sees every save. Events that come together (a save is often two
 * or three) are told once, DEBOUNCE_MS after the last.
 */
import { type FSWatcher, watch } from "node:fs";
import path from "node:path";

export const DEBOUNCE_MS = 30;

/** What a change is to: the briefing's file, or a template set's. */
export type Kind = "briefing" | "templates";

export interface Target {
  dir: string;
  kind: Kind;
  /** Whether a change to this name (in `dir`) counts. */
  accepts: (name: string) => boolean;
}

/** Editors' own files: swap files, backups, locks, vim's test of the folder (4913). */
const EDITORS = /^\.|~$|\.sw[a-p]$|^4913$|\.tmp$/;

/**
 * A briefing file's folder, where the file itself counts, and the workbooks and CSV files its
 * units may be read from (`units: { from: … }`; not Excel's ~$ lock files).
 */
export function briefingTarget(file: string): Target {
  const name = path.basename(file);
  return {
    dir: path.dirname(path.resolve(file)),
    kind: "briefing",
    accepts: (n) => n === name || (/\.(xlsx|csv)$/i.test(n) && !n.startsWith("~$")),
  };
}

/** A template set: its folder and the folders its files are in. */
export function templateTargets(dir: string): Target[] {
  return ["", "partials", "email", "locales", "assets"].map((sub) => ({
    dir: path.join(dir, sub),
    kind: "templates",
    accepts: (name) => !EDITORS.test(name),
  }));
}

export class Watcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private targets: Target[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new Set<Kind>();
  private closed = false;

  constructor(
    private readonly onChange: (kinds: ReadonlySet<Kind>) => void,
    private readonly debounceMs = DEBOUNCE_MS,
  ) {}

  /**
   * Watches these targets from now on, and no others. A folder that is not there is skipped;
   * setting the targets again (after the next build) picks it up once it is.
   */
  set(targets: readonly Target[]): void {
    if (this.closed) return;
    this.targets = [...targets];
    const dirs = new Set(targets.map((target) => target.dir));
    for (const [dir, watcher] of this.watchers) {
      if (!dirs.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (this.watchers.has(dir)) continue;
      let watcher: FSWatcher;
      try {
        watcher = watch(dir, { persistent: true }, (_event, name) => this.event(dir, name));
      } catch {
        continue; // not there (yet), or not a folder
      }
      // A folder removed or renamed away: its watch ends; the next set() watches it again.
      watcher.on("error", () => {
        watcher.close();
        if (this.watchers.get(dir) === watcher) this.watchers.delete(dir);
      });
      this.watchers.set(dir, watcher);
    }
  }

  /** The folders watched now. */
  folders(): string[] {
    return [...this.watchers.keys()];
  }

  private event(dir: string, name: string | Buffer | null): void {
    const file = name === null ? undefined : name.toString();
    for (const target of this.targets) {
      if (target.dir !== dir) continue;
      // No name (some file systems): anything in the folder may have changed.
      if (file === undefined || target.accepts(file)) this.changed.add(target.kind);
    }
    if (this.changed.size === 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const kinds = new Set(this.changed);
      this.changed.clear();
      if (!this.closed) this.onChange(kinds);
    }, this.debounceMs);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
