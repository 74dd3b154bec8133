/**
 * Plainly synthetic briefings for the benchmark: `provinces` series × `months` periods, each a
 * province of made-up regencies with three segments, a potential and a coverage target. The
 * numbers come from a seeded generator, so every run builds the same files. Nothing here is
 * real, and every file and page says so.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** mulberry32: a small, well-known seeded PRNG; good enough to make up counts. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

export interface SyntheticOptions {
  provinces: number;
  months: number;
  /** First month, YYYY-MM. */
  start?: string;
  regencies?: number;
}

/** Writes `<dir>/provinsi-NN/<YYYY-MM>.yaml` files; returns how many. */
export function writeSynthetic(dir: string, options: SyntheticOptions): number {
  const [startYear, startMonth] = (options.start ?? "2025-01").split("-").map(Number) as [
    number,
    number,
  ];
  const regencies = options.regencies ?? 10;
  let count = 0;
  for (let p = 1; p <= options.provinces; p++) {
    const next = random(p * 7919);
    const base = Array.from({ length: regencies }, () => ({
      pu: 20_000 + Math.floor(next() * 180_000),
      bpu: 2_000 + Math.floor(next() * 40_000),
      jakon: 1_000 + Math.floor(next() * 30_000),
      potential: 150_000 + Math.floor(next() * 400_000),
    }));
    const series = path.join(dir, `provinsi-${pad(p)}`);
    mkdirSync(series, { recursive: true });
    for (let m = 0; m < options.months; m++) {
      const date = new Date(Date.UTC(startYear, startMonth - 1 + m, 1));
      const period = date.toISOString().slice(0, 7);
      const meeting = new Date(Date.UTC(startYear, startMonth + m, 10)).toISOString().slice(0, 10);
      const growth = 1 + m * 0.01;
      const units = base
        .map((r, i) => {
          const wobble = 1 + (next() - 0.5) * 0.02;
          const count = (n: number) => Math.round(n * growth * wobble);
          return [
            `  - id: kab-${pad(i + 1)}`,
            `    name: Kabupaten Sintetis ${pad(p)}-${pad(i + 1)}`,
            "    illustrative: true",
            `    members: { pu: ${count(r.pu)}, bpu: ${count(r.bpu)}, jakon: ${count(r.jakon)} }`,
            `    potential: ${r.potential}`,
          ].join("\n");
        })
        .join("\n");
      const yaml = `# SYNTHETIC benchmark data: made-up numbers for made-up regencies. Not real.
language: id
organisation:
  name: Organisasi Sintetis
  office: Kantor Wilayah Sintetis ${pad(p)}
meeting:
  title: Laporan bulanan sintetis, Provinsi ${pad(p)}
  date: ${meeting}
  agenda:
    - Data sintetis untuk uji kinerja
period:
  as_of: ${period}
region:
  name: Provinsi Sintetis ${pad(p)}
  unit_label: { id: kabupaten, en: regency }
  unit_label_plural: { en: regencies }
  focus: kab-01
segments:
  - { id: pu, short: PU, name: Penerima Upah }
  - { id: bpu, short: BPU, name: Bukan Penerima Upah }
  - { id: jakon, short: Jakon, name: Jasa Konstruksi }
units:
${units}
targets:
  - { unit: kab-01, metric: coverage, value: 63 }
illustrative_note: Semua angka dalam dokumen ini sintetis, dibuat untuk uji kinerja.
`;
      writeFileSync(path.join(series, `${period}.yaml`), yaml);
      count += 1;
    }
  }
  return count;
}
