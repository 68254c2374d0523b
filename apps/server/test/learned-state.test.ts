import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdversaryView, CorrelationView, GenerationDiff, GenerationSummary, HistogramResult, Row, RowsPage, SeriesResult, ShadowsView } from '@quantum/api-contract';
import { TradingAction, entryAgentCodec, portfolioRiskCodec, replayBufferCodec } from '@quantum/persistence-core';
import type { EntryAgentState } from '@quantum/persistence-core';
import { createFixture, type Fixture } from './support/fixture.js';

const base = '/api/components/EntryAgent/generations';

describe('learned state of a generation', () => {
  let fx: Fixture;
  let current: EntryAgentState;
  beforeAll(async () => {
    fx = await createFixture({ qEntries: 3000 });
    current = (await fx.store.read(entryAgentCodec, 'current')).state;
  });
  afterAll(async () => fx.close());

  async function allPages(query: string): Promise<{ rows: Row[]; totals: number[] }> {
    const rows: Row[] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    do {
      const url = `${base}/current/rows?${query}&limit=250${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await fx.get(url);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<RowsPage>();
      rows.push(...page.rows);
      totals.push(page.total);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return { rows, totals };
  }

  it('pages a sorted, filtered Q-table with keyset cursors, matching an independent computation', async () => {
    const { rows, totals } = await allPages('table=qTable&sort=qValue&order=desc&action=BUY&min=-1000&max=1000');
    const expected = [...current.qTable.qValue.keys()]
      .filter((i) => current.qTable.action[i] === TradingAction.BUY)
      .sort((a, b) => (current.qTable.qValue[b] as number) - (current.qTable.qValue[a] as number) || b - a);
    expect(rows.map((row) => row['row'])).toEqual(expected);
    expect(new Set(totals)).toEqual(new Set([expected.length]));
    expect(rows[0]?.['action']).toBe('BUY');
    expect(rows[0]?.['stateHash']).toMatch(/^[0-9a-f]{16}$/);
  });

  it('counts a range-only filter exactly, on the Q-table and on replay priorities', async () => {
    const page = (await fx.get(`${base}/current/rows?table=qTable&min=-0.5&max=0.25&sort=stateHash`)).json<RowsPage>();
    expect(page.total).toBe(current.qTable.qValue.filter((q) => q >= -0.5 && q <= 0.25).length);
    expect(page.rows.every((row) => (row['qValue'] as number) >= -0.5 && (row['qValue'] as number) <= 0.25)).toBe(true);
    const { state: replay } = await fx.store.read(replayBufferCodec, 'current');
    const priorities = replay.priorities.subarray(0, replay.currentSize);
    const sorted = [...priorities].sort((a, b) => a - b);
    const [lo, hi] = [sorted[Math.floor(sorted.length / 4)]!, sorted[Math.floor(sorted.length / 2)]!];
    const buffer = (await fx.get(`/api/components/ReplayBuffer/generations/current/rows?table=experiences&rangeColumn=priority&min=${lo}&max=${hi}`)).json<RowsPage>();
    expect(buffer.total).toBe(priorities.filter((p) => p >= lo && p <= hi).length);
  });

  it('sorts by state hash and filters one exact hash', async () => {
    const { rows } = await allPages('table=qTable&sort=stateHash');
    const hashes = rows.map((row) => BigInt(`0x${row['stateHash'] as string}`));
    expect(hashes.length).toBe(current.qTable.stateHash.length);
    for (let i = 1; i < hashes.length; i++) expect(hashes[i - 1]! <= hashes[i]!).toBe(true);
    const one = rows[17]!['stateHash'] as string;
    const filtered = (await fx.get(`${base}/current/rows?table=qTable&stateHash=${one}`)).json<RowsPage>();
    expect(filtered.total).toBe(current.qTable.stateHash.filter((h) => h === BigInt(`0x${one}`)).length);
    expect(filtered.rows.every((row) => row['stateHash'] === one)).toBe(true);
  });

  it('serves the replay buffer with regime filters and natural order', async () => {
    const page = (await fx.get('/api/components/ReplayBuffer/generations/current/rows?table=experiences&limit=5')).json<RowsPage>();
    expect(page.rows.map((row) => row['row'])).toEqual([0, 1, 2, 3, 4]);
    expect(page.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['priority', 'reward', 'regime', 'isTerminal']));
    const regime = page.rows[0]!['regime'] as string;
    const filtered = (await fx.get(`/api/components/ReplayBuffer/generations/current/rows?table=experiences&regime=${regime}&limit=1000`)).json<RowsPage>();
    expect(filtered.rows.every((row) => row['regime'] === regime)).toBe(true);
    expect(filtered.total).toBe(filtered.rows.length);
  });

  it('rejects bad inputs with 4xx and a stable code', async () => {
    const cases: [string, number, string?][] = [
      [`${base}/current/rows?table=qTable&limit=-1`, 400],
      [`${base}/current/rows?table=qTable&limit=100000`, 400],
      [`${base}/current/rows?table=qTable&limit=0`, 400],
      [`${base}/current/rows?table=qTable&cursor=!!!`, 400],
      [`${base}/current/rows?table=qTable&cursor=bm90LWpzb24`, 400, 'BAD_CURSOR'],
      [`${base}/current/rows?table=nope`, 404, 'UNKNOWN_TABLE'],
      [`${base}/current/rows?table=qTable&sort=password`, 400, 'UNKNOWN_COLUMN'],
      [`${base}/current/rows?table=qTable&action=FLY`, 400],
      [`${base}/current/rows?table=qTable&stateHash=xyz`, 400],
      [`${base}/bak3/rows?table=qTable`, 400],
      [`${base}/..%2F..%2Fetc%2Fpasswd/rows?table=qTable`, 400],
      [`${base}/current%2F..%2F..%2Fkeyring.json/rows?table=qTable`, 400],
      [`${base}/bak2/rows?table=qTable`, 404, 'GENERATION_MISSING'],
      [`${base}/seq-99/rows?table=qTable`, 410, 'GENERATION_GONE'],
      [`${base}/pin-1/rows?table=qTable`, 410, 'GENERATION_GONE'],
      ['/api/components/NoSuch/generations/current/rows?table=qTable', 400],
    ];
    for (const [url, status, code] of cases) {
      const response = await fx.get(url);
      expect(response.statusCode, url).toBe(status);
      if (code !== undefined) expect(response.json<{ code: string }>().code, url).toBe(code);
    }
  });

  it('refuses a cursor of another sort order', async () => {
    const page = (await fx.get(`${base}/current/rows?table=qTable&sort=qValue&limit=2`)).json<RowsPage>();
    const response = await fx.get(`${base}/current/rows?table=qTable&sort=action&limit=2&cursor=${page.nextCursor}`);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ code: string }>().code).toBe('CURSOR_MISMATCH');
  });

  it('browses an older generation and a pinned-by-seq one read-only', async () => {
    const bak = (await fx.get(`${base}/bak/rows?table=qTable&limit=1`)).json<RowsPage>();
    expect(bak.seq).toBe(2);
    const pinned = (await fx.get(`${base}/seq-2/rows?table=qTable&limit=1`)).json<RowsPage>();
    expect(pinned.seq).toBe(2);
    expect(pinned.generation).toBe('seq-2');
  });

  it('summarises a generation: header, scalars, tables with statistics, series', async () => {
    const body = (await fx.get('/api/components/ReplayBuffer/generations/current')).json<GenerationSummary>();
    expect(body.header.seq).toBe(3);
    expect(body.scalars).toMatchObject({ capacity: 256 });
    expect(typeof body.scalars['nextIndex']).toBe('number');
    const experiences = body.tables.find((t) => t.name === 'experiences')!;
    expect(experiences.stats.find((s) => s.column === 'priority')?.count).toBe(experiences.rows);
    expect(body.series.map((s) => s.name)).toEqual(expect.arrayContaining(['priorities', 'cdf']));
    const cdf = (await fx.get('/api/components/ReplayBuffer/generations/current/series/cdf?points=10')).json<SeriesResult>();
    expect(cdf.points.length).toBeLessThanOrEqual(10);
    for (let i = 1; i < cdf.points.length; i++) expect(cdf.points[i]!.value).toBeGreaterThanOrEqual(cdf.points[i - 1]!.value);
    expect((await fx.get('/api/components/LearningMetrics/generations/current/series/tdErrorHistory')).statusCode).toBe(200);
    expect((await fx.get('/api/components/LearningMetrics/generations/current/series/nothing')).statusCode).toBe(404);
  });

  it('draws histograms of Q-values per action', async () => {
    const body = (await fx.get(`${base}/current/histogram?table=qTable&column=qValue&bins=12&groupBy=action`)).json<HistogramResult>();
    expect(body.edges).toHaveLength(13);
    const counted = body.series.reduce((sum, s) => sum + s.counts.reduce((a, b) => a + b, 0), 0);
    expect(counted).toBe(current.qTable.qValue.length);
    expect(body.series.map((s) => s.group)).toEqual(expect.arrayContaining(['BUY', 'SELL']));
    expect((await fx.get(`${base}/current/histogram?table=qTable&column=stateHash`)).statusCode).toBe(400);
  });

  it('shows the adversary layers and calibration, the correlation matrix and the shadows', async () => {
    const adversary = (await fx.get('/api/components/RiskAdversary/generations/current/adversary')).json<AdversaryView>();
    expect(adversary.kind).toBe('network');
    expect(adversary.layers.length).toBeGreaterThan(0);
    expect(adversary.calibration.bins).toHaveLength(10);
    if (adversary.calibration.predictions > 0) expect(adversary.calibration.brierScore).toBeGreaterThanOrEqual(0);
    const correlation = (await fx.get('/api/components/PortfolioRisk/generations/current/correlation')).json<CorrelationView>();
    expect(correlation.matrix).toHaveLength(correlation.symbols.length);
    expect(JSON.stringify(correlation)).not.toContain('releaseCodes');
    const { state: risk } = await fx.store.read(portfolioRiskCodec, 'current');
    const summary = (await fx.get('/api/components/PortfolioRisk/generations/current')).body;
    expect(JSON.parse(summary).scalars.releaseCodeCount).toBe(risk.releaseCodes.length);
    for (const code of risk.releaseCodes) expect(summary + JSON.stringify(correlation)).not.toContain(code);
    const shadows = (await fx.get('/api/components/ShadowAgents/generations/current/shadows')).json<ShadowsView>();
    expect(shadows.shadows.length).toBeGreaterThan(0);
    expect((await fx.get('/api/components/EntryAgent/generations/current/adversary')).statusCode).toBe(404);
  });

  it('diffs two generations: added, removed, changed and the largest changes', async () => {
    const response = await fx.get('/api/components/EntryAgent/diff?from=bak1&to=current&table=qTable&top=5');
    expect(response.statusCode).toBe(200);
    const body = response.json<GenerationDiff>();
    expect(body.from.seq).toBe(1);
    expect(body.to.seq).toBe(3);
    const table = body.tables[0]!;
    const before = (await fx.store.read(entryAgentCodec, 'bak1')).state.qTable;
    expect(table.added + table.changed + table.unchanged).toBe(current.qTable.stateHash.length);
    expect(table.removed + table.changed + table.unchanged).toBe(before.stateHash.length);
    expect(table.largestChanges.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < table.largestChanges.length; i++) expect(Math.abs(table.largestChanges[i - 1]!.delta)).toBeGreaterThanOrEqual(Math.abs(table.largestChanges[i]!.delta));
    expect(table.deltaHistogram.counts.reduce((a, b) => a + b, 0)).toBe(table.changed);
    expect((await fx.get('/api/components/EntryAgent/diff?from=current&to=current')).statusCode).toBe(400);
  });

  it('exports a filtered view as CSV and NDJSON, bounded by maxRows', async () => {
    const csv = await fx.get(`${base}/current/export?table=qTable&format=csv&action=SELL&sort=qValue`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('row,stateHash,action,qValue');
    expect(lines.length - 1).toBe(current.qTable.action.filter((a) => a === TradingAction.SELL).length);
    expect(lines.slice(1).every((line) => line.split(',')[2] === 'SELL')).toBe(true);
    const ndjson = await fx.get(`${base}/current/export?table=qTable&format=ndjson&maxRows=7`);
    const records = ndjson.body.trim().split('\n').map((line) => JSON.parse(line) as Row);
    expect(records).toHaveLength(7);
    expect(records.map((r) => r['row'])).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await fx.get(`${base}/current/export?table=qTable&format=xml`)).statusCode).toBe(400);
    expect((await fx.get(`${base}/current/export?table=qTable&format=csv&maxRows=99999999`)).statusCode).toBe(400);
  });
});
