import { describe, expect, it } from 'vitest';
import { LatencyStore, percentile } from '../src/features/events/latency-store';

describe('percentile', () => {
  it('takes the nearest rank of an ascending array', () => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.95)).toBe(95);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('LatencyStore', () => {
  it('keeps rolling percentiles per component and tells subscribers', () => {
    const store = new LatencyStore();
    let notified = 0;
    store.subscribe(() => (notified += 1));
    for (let index = 1; index <= 150; index += 1) store.record('EntryAgent', index, index);
    store.record('ReplayBuffer', 1, 3);
    const points = store.pointsOf('EntryAgent');
    expect(points).toHaveLength(150);
    // The window holds the last 100 durations: 51..150.
    expect(points.at(-1)).toEqual({ at: 150, p50: 100, p95: 145, p99: 149 });
    expect(store.components()).toEqual(['EntryAgent', 'ReplayBuffer']);
    expect(notified).toBe(151);
  });

  it('counts a save seen twice (history and live stream) once, and keeps points in time order', () => {
    const store = new LatencyStore();
    store.record('EntryAgent', 30, 3, '1:30');
    store.record('EntryAgent', 10, 1, '1:10');
    store.record('EntryAgent', 30, 3, '1:30');
    store.record('EntryAgent', 20, 2, '1:20');
    expect(store.pointsOf('EntryAgent').map((point) => point.at)).toEqual([10, 20, 30]);
  });
});
