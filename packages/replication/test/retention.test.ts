import { HeaderFlag } from '@quantum/persistence-core';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/backoff.js';
import type { RemoteGeneration } from '../src/remote-catalog.js';
import { planRetention } from '../src/retention.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 26, 12);

/** One generation every `spacing` ms, the newest at NOW; `suspect` seqs carry the SUSPECT flag. */
function generations(count: number, spacing: number, suspect: (seq: number) => boolean = () => false): RemoteGeneration[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = i + 1;
    return { component: 'EntryAgent', seq, key: `k/${seq}`, size: 100, savedAt: NOW - (count - seq) * spacing, flags: suspect(seq) ? HeaderFlag.SUSPECT : 0 };
  });
}

const kept = (plan: ReturnType<typeof planRetention>): number[] => plan.keep.map((item) => item.seq).sort((a, b) => a - b);

describe('retention policy', () => {
  it('keeps the last N and deletes the rest when nothing else applies', () => {
    const plan = planRetention('EntryAgent', generations(10, 1000), { keepLast: 3, hourlyDays: 0, dailyDays: 0 }, { now: NOW });
    expect(kept(plan)).toEqual([8, 9, 10]);
    expect(plan.remove.map((object) => object.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps one per hour and one per day within the window', () => {
    const objects = generations(24 * 5, HOUR / 2); // 2.5 days, two per hour
    const plan = planRetention('EntryAgent', objects, { keepLast: 1, hourlyDays: 1, dailyDays: 3 }, { now: NOW });
    const hourly = plan.keep.filter((item) => item.reasons.includes('hourly'));
    const daily = plan.keep.filter((item) => item.reasons.includes('daily'));
    expect(hourly.length).toBeGreaterThanOrEqual(24);
    expect(hourly.length).toBeLessThanOrEqual(25);
    expect(daily).toHaveLength(3);
    const hours = new Set(hourly.map((item) => Math.floor(objects[item.seq - 1]!.savedAt! / HOUR)));
    expect(hours.size).toBe(hourly.length);
  });

  it('a run of SUSPECT generations cannot push every good one out', () => {
    const objects = generations(30, 1000, (seq) => seq > 20);
    const plan = planRetention('EntryAgent', objects, { keepLast: 5, hourlyDays: 0, dailyDays: 0 }, { now: NOW });
    expect(kept(plan)).toEqual([16, 17, 18, 19, 20, 26, 27, 28, 29, 30]);
    expect(plan.keep.find((item) => item.seq === 20)?.reasons).toContain('newest-good');
  });

  it('replicas a verification found damaged do not count as good', () => {
    const plan = planRetention('EntryAgent', generations(10, 1000), { keepLast: 2, hourlyDays: 0, dailyDays: 0 }, { now: NOW, bad: new Set([9, 10]) });
    expect(kept(plan)).toEqual([7, 8, 9, 10]);
  });

  it('never deletes pinned generations, the newest verified one, or objects without metadata', () => {
    const objects = generations(10, 1000);
    objects[2] = { component: 'EntryAgent', seq: 3, key: 'k/3', size: 1 };
    const plan = planRetention('EntryAgent', objects, { keepLast: 1, hourlyDays: 0, dailyDays: 0, pinned: { EntryAgent: [1] } }, { now: NOW, verifiedSeq: 5, pinned: [2] });
    expect(kept(plan)).toEqual([1, 2, 3, 5, 10]);
    expect(() => planRetention('EntryAgent', objects, { keepLast: 0, hourlyDays: 0, dailyDays: 0 }, { now: NOW })).toThrow(RangeError);
  });
});

describe('backoff', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    const options = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(1, { ...options, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(20, { ...options, random: () => 0.999 })).toBe(999);
    expect(backoffDelay(2, { ...options, random: () => 0 })).toBe(0);
  });
});
