// Percentiles and formatting shared by the runtime benchmarks.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export interface Summary {
  name: string;
  p50: number;
  p99: number;
  max: number;
  n: number;
}

export function summarize(name: string, samples: readonly number[]): Summary {
  return { name, p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples), n: samples.length };
}

export function printTable(rows: readonly Summary[], baseline: Summary): void {
  console.log(`${'case'.padEnd(44)} ${'n'.padStart(6)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'max ms'.padStart(9)} ${'p50 x'.padStart(7)} ${'p99 x'.padStart(7)}`);
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(44)} ${String(row.n).padStart(6)} ${row.p50.toFixed(3).padStart(9)} ${row.p99.toFixed(3).padStart(9)} ${row.max.toFixed(3).padStart(9)} ${(row.p50 / baseline.p50).toFixed(2).padStart(7)} ${(row.p99 / baseline.p99).toFixed(2).padStart(7)}`,
    );
  }
}

/** BENCH_DIR picks the file system to measure (the state directory's); default the OS temp dir. */
export function benchDir(name: string): Promise<string> {
  return mkdtemp(join(process.env['BENCH_DIR'] ?? tmpdir(), `quantum-bench-${name}-`));
}
