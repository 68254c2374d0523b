// Benchmark 2: the demo agent (a separate process, 1M-entry Q-table, replay capacity 1M) saves
// while the console API is idle, then under a sustained browsing load (autocannon, loopback),
// then idle again. Prints the agent's save-latency percentiles from its journal per window.
// Run: npm run bench:agent -w @quantum/server   (WINDOW_S=30, CONNECTIONS=4 by default)

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { StateDirectory, componentCodecs, openKeyring, readJournal } from '@quantum/persistence-core';
import { buildApp } from '../src/app.js';
import { TokenStore } from '../src/auth/token-store.js';
import { cliPath } from '../src/demo-agent.js';
import { ConsoleState } from '../src/state/console-state.js';
import { percentiles } from '../src/state/latency.js';

const WINDOW_S = Number(process.env['WINDOW_S'] ?? 30);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 4);
const Q_ENTRIES = Number(process.env['Q_ENTRIES'] ?? 1_000_000);
/** RATE=n caps the browsing load at n requests per second; unset: as fast as the server answers. */
const RATE = process.env['RATE'] === undefined ? undefined : Number(process.env['RATE']);

/** The console runs below the agent's CPU priority (server.ts does the same, --nice). */
const NICE = Number(process.env['NICE'] ?? 10);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'qs-bench-agent-'));
  const directory = join(root, 'state');
  const keyringPath = join(root, 'keyring.json');
  const { keyring } = await openKeyring(keyringPath);
  const agent = spawn(process.execPath, [cliPath(), 'demo', '--dir', directory, '--keyring', keyringPath, '--q-entries', String(Q_ENTRIES), '--replay-capacity', '1000000'], { stdio: 'ignore' });
  try {
    const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
    const state = new ConsoleState({ store, codecs: componentCodecs, cacheBytes: 4096 * 1024 * 1024 });
    const entry = state.codec('EntryAgent');
    while ((await state.generations(entry)).some((g) => g.status !== 'valid')) await sleep(500);
    const pinned = (await state.generations(entry))[1]!.seq!;
    const tokensPath = join(root, 'tokens.json');
    const token = await TokenStore.rotate(tokensPath, 'viewer', 'viewer');
    const { store: tokens } = await TokenStore.open(tokensPath);
    // Lowered after the agent started, so only the console (and autocannon, in this process) run niced.
    setPriority(NICE);
    const app = await buildApp({ state, tokens, auditLogPath: join(root, 'audit.ndjson'), limits: { requestsPerMinute: 10_000_000 } });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const rows = `/api/components/EntryAgent/generations/seq-${pinned}/rows?table=qTable`;
    const paths = [`${rows}&sort=qValue&order=desc&action=BUY`, `${rows}&sort=stateHash&min=-1&max=1`, `${rows}&sort=qValue&action=SELL`, '/api/components', '/api/latency?window=1m', `/api/components/EntryAgent/generations/seq-${pinned}`];
    // ROWS_ONLY=1 leaves out the health listing, which verifies each new generation the agent writes.
    if (process.env['ROWS_ONLY'] === '1') paths.splice(3, 2);
    for (const path of paths) await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    console.log(`agent running (pid ${agent.pid}), browsing pinned EntryAgent seq ${pinned} with ${Q_ENTRIES} entries`);

    const windows: { name: string; from: number; to: number; requests?: number }[] = [];
    let from = Date.now();
    await sleep(WINDOW_S * 1000);
    windows.push({ name: 'idle (before)', from, to: Date.now() });
    from = Date.now();
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: WINDOW_S,
      headers: { authorization: `Bearer ${token}` },
      requests: paths.map((path) => ({ method: 'GET', path })),
      ...(RATE === undefined ? {} : { overallRate: RATE }),
    });
    windows.push({ name: `browsing load (${CONNECTIONS} conn${RATE ? `, ${RATE}/s` : ''})`, from, to: Date.now(), requests: result.requests.total });
    console.log(`autocannon: ${result.requests.total} requests, ${result.requests.average} req/s, latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
    from = Date.now();
    await sleep(WINDOW_S * 1000);
    windows.push({ name: 'idle (after)', from, to: Date.now() });
    await app.close();

    const { entries } = await readJournal(directory);
    const saves = entries.map((e) => e.entry).filter((e) => e.kind === 'save' && e.outcome === 'ok');
    const report = (name: string, filter: (e: (typeof saves)[number]) => boolean): number[] => {
      const p99s: number[] = [];
      for (const window of windows) {
        const durations = saves.filter((e) => e.time >= window.from && e.time < window.to && filter(e)).map((e) => e.durationMs);
        const p = percentiles(durations);
        p99s.push(p.p99);
        console.log(`${name.padEnd(12)} ${window.name.padEnd(32)} saves ${String(p.count).padStart(5)}  p50 ${p.p50.toFixed(1).padStart(7)}  p95 ${p.p95.toFixed(1).padStart(7)}  p99 ${p.p99.toFixed(1).padStart(7)} ms`);
      }
      const idle = Math.max(p99s[0]!, p99s[2]!);
      console.log(`${name.padEnd(12)} p99 under load / worse idle p99 = ${(p99s[1]! / idle).toFixed(3)} (target < 1.10)`);
      return p99s;
    };
    report('all saves', () => true);
    report('EntryAgent', (e) => e.component === 'EntryAgent');
  } finally {
    const exited = new Promise((resolve) => agent.once('exit', resolve));
    agent.kill('SIGTERM');
    await exited;
    await rm(root, { recursive: true, force: true });
  }
}

await main();
