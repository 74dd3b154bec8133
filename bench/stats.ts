/** What the benchmarks say of several runs of one measure. */

/** The middle of the runs: one slow or one lucky run does not move it. */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Milliseconds as seconds, two decimals: "1.42 s". */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
