// Save-latency percentiles over a sliding window of journal entries, per component and phase.

import type { LatencyReport, LatencySeries, LatencyWindow, Percentiles, SaveEvent } from '@quantum/api-contract';

export const WINDOW_MS: Record<LatencyWindow, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '24h': 86_400_000 };

/** Nearest-rank percentiles of `values` (sorted in place). */
export function percentiles(values: number[]): Percentiles {
  values.sort((a, b) => a - b);
  const rank = (p: number): number => values[Math.min(values.length - 1, Math.max(0, Math.ceil(p * values.length) - 1))] ?? 0;
  return { count: values.length, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: values[values.length - 1] ?? 0 };
}

export function latencyReport(events: readonly SaveEvent[], window: LatencyWindow, now: number, component?: string): LatencyReport {
  const from = now - WINDOW_MS[window];
  const samples = new Map<string, number[]>();
  let saves = 0;
  let failures = 0;
  for (const event of events) {
    if (event.time < from || event.time > now) continue;
    if (component !== undefined && event.component !== component) continue;
    if (event.outcome === 'failed') failures++;
    if (event.outcome !== 'ok' || event.durationMs === undefined) continue;
    saves++;
    const add = (phase: string, value: number): void => {
      const key = `${event.component}\u0000${phase}`;
      let list = samples.get(key);
      if (list === undefined) samples.set(key, (list = []));
      list.push(value);
    };
    add('total', event.durationMs);
    for (const [phase, value] of Object.entries(event.phases ?? {})) add(phase, value);
  }
  const series: LatencySeries[] = [...samples].map(([key, values]) => {
    const [name, phase] = key.split('\u0000') as [string, string];
    return { component: name, phase, milliseconds: percentiles(values) };
  });
  series.sort((a, b) => a.component.localeCompare(b.component) || (a.phase === 'total' ? -1 : b.phase === 'total' ? 1 : a.phase.localeCompare(b.phase)));
  return { window, from, to: now, saves, failures, series };
}
