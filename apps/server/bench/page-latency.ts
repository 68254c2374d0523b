// Benchmark 1: sorted, filtered pages over a 1M-entry Q-table and a 1M-experience replay
// buffer, served over loopback HTTP. Prints the first-load time and p50/p95/p99 afterwards.
// Run: npm run bench:pages -w @quantum/server   (ROWS=1000000 by default)

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring, StateDirectory, componentCodecs, entryAgentCodec, replayBufferCodec } from '@quantum/persistence-core';
import { buildApp } from '../src/app.js';
import { TokenStore } from '../src/auth/token-store.js';
import { percentiles } from '../src/state/latency.js';
import { ConsoleState } from '../src/state/console-state.js';
import { bigEntryAgent, bigReplayBuffer } from './synthetic-state.js';

const ROWS = Number(process.env['ROWS'] ?? 1_000_000);
const REQUESTS = Number(process.env['REQUESTS'] ?? 200);

const QUERIES = [
  '/api/components/EntryAgent/generations/current/rows?table=qTable&sort=qValue&order=desc&action=BUY&limit=100',
  '/api/components/EntryAgent/generations/current/rows?table=qTable&sort=stateHash&min=0&max=2&limit=100',
  '/api/components/ReplayBuffer/generations/current/rows?table=experiences&sort=priority&order=desc&regime=CRISIS&limit=100',
  '/api/components/ReplayBuffer/generations/current/rows?table=experiences&sort=reward&rangeColumn=priority&min=1&max=1.5&limit=100',
];

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'qs-bench-'));
  try {
    const store = await StateDirectory.open({ directory: join(root, 'state'), keyring: Keyring.generate(), reserveBytes: 0 });
    let t = performance.now();
    await store.save(entryAgentCodec, bigEntryAgent(ROWS));
    await store.save(replayBufferCodec, bigReplayBuffer(ROWS));
    console.log(`wrote ${ROWS} Q entries and ${ROWS} experiences in ${(performance.now() - t).toFixed(0)} ms`);
    const tokensPath = join(root, 'tokens.json');
    const token = await TokenStore.rotate(tokensPath, 'viewer', 'viewer');
    const { store: tokens } = await TokenStore.open(tokensPath);
    const app = await buildApp({ state: new ConsoleState({ store, codecs: componentCodecs, cacheBytes: 4096 * 1024 * 1024 }), tokens, auditLogPath: join(root, 'audit.ndjson'), limits: { requestsPerMinute: 10_000_000 } });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const get = async (path: string): Promise<{ ms: number; body: { nextCursor: string | null; total: number } }> => {
      const started = performance.now();
      const response = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { nextCursor: string | null; total: number };
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - started, body };
    };
    for (const query of QUERIES) {
      t = performance.now();
      const first = await get(query);
      console.log(`first load ${(performance.now() - t).toFixed(0).padStart(5)} ms  total ${String(first.body.total).padStart(7)}  ${query.split('?')[1]}`);
    }
    const all: number[] = [];
    for (const query of QUERIES) {
      const samples: number[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < REQUESTS; i++) {
        // Walk forward through pages, restarting every 20 pages; vary the range bounds so totals are not all cached.
        const varied = query.replace('max=2&', `max=${(2 + (i % 7) / 10).toFixed(1)}&`);
        const { ms, body } = await get(cursor && i % 20 !== 0 ? `${query}&cursor=${cursor}` : varied);
        cursor = body.nextCursor;
        samples.push(ms);
      }
      all.push(...samples);
      const p = percentiles(samples);
      console.log(`p50 ${p.p50.toFixed(1).padStart(6)}  p95 ${p.p95.toFixed(1).padStart(6)}  p99 ${p.p99.toFixed(1).padStart(6)} ms  ${query.split('?')[1]}`);
    }
    const p = percentiles(all);
    console.log(`ALL ${all.length} pages: p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms (target < 50), p99 ${p.p99.toFixed(1)} ms`);
    await app.close();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
