// Rolling save-latency percentiles per component, fed by save events from the stream.

export interface LatencyPoint {
  at: number;
  p50: number;
  p95: number;
  p99: number;
}

const windowSize = 100;
const maxPoints = 300;

type Listener = () => void;

export class LatencyStore {
  #durations = new Map<string, number[]>();
  #points = new Map<string, LatencyPoint[]>();
  #listeners = new Set<Listener>();
  #version = 0;

  record(component: string, at: number, durationMs: number): void {
    const durations = [...(this.#durations.get(component) ?? []), durationMs].slice(-windowSize);
    this.#durations.set(component, durations);
    const sorted = [...durations].sort((a, b) => a - b);
    const point = { at, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
    this.#points.set(component, [...(this.#points.get(component) ?? []), point].slice(-maxPoints));
    this.#version += 1;
    this.#listeners.forEach((listener) => listener());
  }

  pointsOf(component: string): LatencyPoint[] {
    return this.#points.get(component) ?? [];
  }

  components(): string[] {
    return [...this.#points.keys()].sort();
  }

  version = (): number => this.#version;

  subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? 0;
}
