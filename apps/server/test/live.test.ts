import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LatencyReport, RecentSaves, SaveEvent } from '@quantum/api-contract';
import { SaveJournal } from '@quantum/persistence-core';
import { createFixture, type Fixture } from './support/fixture.js';
import { collectEvents } from './support/sse.js';

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('live save latency and the event stream', () => {
  let fx: Fixture;
  let journal: SaveJournal;
  const durations = [10, 20, 30, 40, 50];
  beforeAll(async () => {
    fx = await createFixture({ generations: 1 });
    journal = new SaveJournal({ directory: fx.directory });
    for (const [i, durationMs] of durations.entries()) {
      await journal.append({ kind: 'save', component: 'EntryAgent', seq: i + 1, bytes: 1000, outcome: 'ok', durationMs, phases: { fsync: durationMs / 2, write: 1 } });
    }
    await journal.append({ kind: 'save', component: 'ReplayBuffer', outcome: 'failed', durationMs: 3, error: 'disk full' });
  });
  afterAll(async () => {
    await journal.close();
    await fx.close();
  });

  it('computes p50/p95/p99 per component and phase from the journal', async () => {
    await until(async () => ((await fx.get('/api/saves')).json<RecentSaves>().events.length === 6 ? true : undefined));
    const report = (await fx.get('/api/latency?window=5m&component=EntryAgent')).json<LatencyReport>();
    expect(report.saves).toBe(5);
    const total = report.series.find((s) => s.component === 'EntryAgent' && s.phase === 'total')!;
    expect(total.milliseconds).toEqual({ count: 5, p50: 30, p95: 50, p99: 50, max: 50 });
    expect(report.series.find((s) => s.phase === 'fsync')?.milliseconds.p50).toBe(15);
    const all = (await fx.get('/api/latency?window=1h')).json<LatencyReport>();
    expect(all.failures).toBe(1);
    expect((await fx.get('/api/latency?window=2y')).statusCode).toBe(400);
  });

  it('exposes the save histograms in Prometheus format', async () => {
    const text = (await fx.get('/metrics')).body;
    expect(text).toContain('quantum_save_duration_milliseconds_bucket{installation="default",component="EntryAgent",kind="save",le="25"} 2');
    expect(text).toContain('quantum_save_duration_milliseconds_count{installation="default",component="EntryAgent",kind="save"} 5');
    expect(text).toContain('quantum_saves_total{installation="default",component="ReplayBuffer",kind="save",outcome="failed"} 1');
    expect(text).toMatch(/quantum_generation_status\{installation="default",component="EntryAgent",generation="current",status="valid"\} 1/);
    expect(text).toContain('quantum_disk_free_bytes');
    expect(text).toContain('http_request_duration_seconds_bucket');
  });

  it('streams save events with journal positions as ids and resumes after Last-Event-ID', async () => {
    const saves = (await fx.get('/api/saves?limit=10')).json<RecentSaves>().events.reverse();
    const resumeAfter = saves[1]!.position;
    const abort = new AbortController();
    const response = await fx.app.inject({
      method: 'GET',
      url: '/api/events',
      headers: { authorization: `Bearer ${fx.tokens.viewer}`, 'last-event-id': resumeAfter },
      payloadAsStream: true,
      signal: abort.signal,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const received = collectEvents(response.stream(), (all) => all.filter((e) => e.event === 'save').length === 5);
    await journal.append({ kind: 'save', component: 'EntryAgent', seq: 6, outcome: 'ok', durationMs: 5 });
    const events = (await received).filter((e) => e.event === 'save') as { id?: string; data: SaveEvent }[];
    abort.abort();
    // The four saved after the resume point, in order, then the live one; ids are positions.
    expect(events.map((e) => e.data.seq ?? null)).toEqual([3, 4, 5, null, 6]);
    expect(events.map((e) => e.id)).toEqual(events.map((e) => e.data.position));
    expect(events.every((e) => e.id! > resumeAfter)).toBe(true);
  });
});
