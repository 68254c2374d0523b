// Rolling save-latency percentiles per component, fed by save events from the stream.

export interface LatencyPoint {
  at: number;
  p50: number;
  p95: number;
  p99: number;
}

const windowSize = 100;
const maxPoints = 300;
const rememberedPositions = 5000;

type Listener = () => void;

export class LatencyStore {
  #durations = new Map<string, number[]>();
  #points = new Map<string, LatencyPoint[]>();
  #listeners = new Set<Listener>();
  #version = 0;
  #positions = new Set<string>();

  /**
   * Adds one save. `position` (its journal position) makes recording idempotent, so the recent
   * saves fetched at start and the live events that overlap them count once.
   */
  record(component: string, at: number, durationMs: number, position?: string): void {
    if (position !== undefined) {
      if (this.#positions.has(position)) return;
      this.#positions.add(position);
      if (this.#positions.size > rememberedPositions) this.#positions.delete(this.#positions.values().next().value as string);
    }
    const durations = [...(this.#durations.get(component) ?? []), durationMs].slice(-windowSize);
    this.#durations.set(component, durations);
    const sorted = [...durations].sort((a, b) => a - b);
    const point = { at, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
    const points = [...(this.#points.get(component) ?? []), point];
    // Live events can overtake the history fetched at start: keep the chart in time order.
    if (points.length > 1 && (points.at(-2)?.at ?? 0) > at) points.sort((a, b) => a.at - b.at);
    this.#points.set(component, points.slice(-maxPoints));
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
