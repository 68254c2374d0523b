// Histograms and summary statistics over numeric columns and arrays.

import type { ColumnStats, Histogram } from '@quantum/api-contract';

export function statsOf(column: string, values: ArrayLike<number>, rows?: Iterable<number>): ColumnStats {
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let mean = 0;
  let m2 = 0;
  const visit = (value: number): void => {
    if (!Number.isFinite(value)) return;
    count++;
    if (value < min) min = value;
    if (value > max) max = value;
    // Welford: stable for large counts.
    const delta = value - mean;
    mean += delta / count;
    m2 += delta * (value - mean);
  };
  if (rows === undefined) for (let i = 0; i < values.length; i++) visit(values[i] as number);
  else for (const row of rows) visit(values[row] as number);
  if (count === 0) return { column, count: 0, min: null, max: null, mean: null, std: null };
  return { column, count, min, max, mean, std: Math.sqrt(m2 / count) };
}

/** Equal-width bin edges over [min, max]; one bin of width 1 when all values are equal. */
export function edgesOf(min: number, max: number, bins: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) return [min - 0.5, max + 0.5];
  const width = (max - min) / bins;
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
}

export function binOf(edges: number[], value: number): number {
  const bins = edges.length - 1;
  const lo = edges[0] as number;
  const hi = edges[bins] as number;
  if (!(value >= lo && value <= hi)) return -1;
  return Math.min(bins - 1, Math.floor(((value - lo) / (hi - lo)) * bins));
}

export function histogramOf(values: ArrayLike<number>, bins: number): Histogram {
  const stats = statsOf('', values);
  const edges = edgesOf(stats.min ?? 0, stats.max ?? 0, bins);
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const bin = binOf(edges, values[i] as number);
    if (bin >= 0) counts[bin] = (counts[bin] as number) + 1;
  }
  return { edges, counts };
}
