// Benchmark 2: the demo agent (a separate process, 1M-entry Q-table, replay capacity 1M) saves
// while the console API is idle and while it serves a sustained browsing load (autocannon,
// loopback), in alternating windows: idle, load, idle, ..., idle. Prints the agent's save
// latency per component (idle vs browsing, pooled per kind), the save phases, and per window
// the agent's and the console's CPU and run-queue wait, the generations the console verified,
// the browsing rate and the load average.
// Run: npm run bench:agent -w @quantum/server
//   WINDOW_S=20 CYCLES=3 CONNECTIONS=4 RATE=<req/s cap> ROWS_ONLY=1 NICE=10 CPU_POLICY=idle|nice Q_ENTRIES=1000000
//   SPIN=cpu|memory|both: instead of browsing, busy loops at the console's priority (SCHED_IDLE or nice), one per
//     CONNECTIONS/4, no I/O, no network: `cpu` computes in registers, `memory` streams 128 MB arrays (memory
//     bandwidth and the shared L3 cache), `both` alternates them — what CPU or memory use alone, however low its
//     priority, does to the saves
//   COMPARE=1: browsing windows alternate nice and SCHED_IDLE in one run (needs CAP_SYS_NICE to leave SCHED_IDLE)

import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { StateDirectory, componentCodecs, openKeyring, readJournal } from '@quantum/persistence-core';
import { buildApp } from '../src/app.js';
import { TokenStore } from '../src/auth/token-store.js';
import { cliPath } from '../src/demo-agent.js';
import { ConsoleState } from '../src/state/console-state.js';
import type { CpuPolicy } from '../src/state/console-priority.js';
import { lowerConsolePriority } from '../src/state/console-priority.js';
import { sampleSched, schedDelta, threadNiceness } from './process-probe.js';
import type { BenchWindow } from './save-report.js';
import { printLatencyTable, printPhaseTable, printVerifications, printWindowTable } from './save-report.js';

const WINDOW_S = Number(process.env['WINDOW_S'] ?? 20);
const CYCLES = Number(process.env['CYCLES'] ?? 3);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 4);
const Q_ENTRIES = Number(process.env['Q_ENTRIES'] ?? 1_000_000);
/** RATE=n caps the browsing load at n requests per second; unset: as fast as the server answers. */
const RATE = process.env['RATE'] === undefined ? undefined : Number(process.env['RATE']);
/** The console (and autocannon, in this process) runs below the agent's CPU priority, as server.ts does. */
const NICE = Number(process.env['NICE'] ?? 10);
const POLICY = process.env['CPU_POLICY'] === 'nice' ? 'nice' : 'idle';
/** Both policies in one run, under the same machine noise: browsing windows alternate nice and idle. */
const COMPARE = process.env['COMPARE'] === '1';
type Spin = 'cpu' | 'memory';
const SPIN = (['cpu', 'memory', 'both'] as const).find((kind) => kind === process.env['SPIN']);

/** Busy loops in child processes, which inherit this process's niceness and policy. */
async function spin(kind: Spin, seconds: number, processes: number): Promise<void> {
  const until = `const end = Date.now() + ${seconds * 1000};`;
  const loop =
    kind === 'cpu'
      ? `${until} while (Date.now() < end);`
      : `${until} const a = new Float64Array(8 << 20), b = new Float64Array(8 << 20); while (Date.now() < end) for (let i = 0; i < a.length; i += 8) b[i] = a[i] + 1;`;
  const children = Array.from({ length: processes }, () => spawn(process.execPath, ['-e', loop], { stdio: 'ignore' }));
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
}

/** Switches every thread of this process between SCHED_OTHER (keeping its niceness) and SCHED_IDLE. */
function switchPolicy(policy: CpuPolicy): void {
  try {
    execFileSync('chrt', [policy === 'idle' ? '--idle' : '--other', '--all-tasks', '--pid', '0', String(process.pid)], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`COMPARE=1 could not switch the console to ${policy} (leaving SCHED_IDLE needs CAP_SYS_NICE): ${(error as Error).message.split('\n')[0]}`);
  }
}

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
    // Every generation the console reads, verifies and decodes passes through the cache once.
    let verified = 0;
    let verifiedBytes = 0;
    const verifiedWhileBrowsing = new Map<string, number>();
    let browsing = false;
    const put = state.cache.put.bind(state.cache);
    state.cache.put = (identity, entry) => {
      verified++;
      verifiedBytes += entry.sizeBytes;
      if (browsing) verifiedWhileBrowsing.set(entry.component, (verifiedWhileBrowsing.get(entry.component) ?? 0) + 1);
      put(identity, entry);
    };
    const entry = state.codec('EntryAgent');
    while ((await state.generations(entry)).some((g) => g.status !== 'valid')) await sleep(500);
    const pinned = (await state.generations(entry))[1]!.seq!;
    const tokensPath = join(root, 'tokens.json');
    const token = await TokenStore.rotate(tokensPath, 'viewer', 'viewer');
    const { store: tokens } = await TokenStore.open(tokensPath);
    // After the agent started, so only the console (and autocannon, in this process) run niced.
    // The agent is our child, in our session: lowering the session would lower it too.
    const lowered = lowerConsolePriority({ nice: NICE, policy: POLICY, session: false });
    const app = await buildApp({ state, tokens, auditLogPath: join(root, 'audit.ndjson'), limits: { requestsPerMinute: 10_000_000 } });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const rows = `/api/components/EntryAgent/generations/seq-${pinned}/rows?table=qTable`;
    const paths = [`${rows}&sort=qValue&order=desc&action=BUY`, `${rows}&sort=stateHash&min=-1&max=1`, `${rows}&sort=qValue&action=SELL`, '/api/components', '/api/latency?window=1m', `/api/components/EntryAgent/generations/seq-${pinned}`];
    // ROWS_ONLY=1 leaves out the health listing, which verifies each new generation the agent writes.
    if (process.env['ROWS_ONLY'] === '1') paths.splice(3, 2);
    for (const path of paths) await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    console.log(`agent pid ${agent.pid} (thread niceness ${[...new Set(threadNiceness(agent.pid!))].join(',')}), console pid ${process.pid} (${lowered.policy === 'idle' ? 'SCHED_IDLE' : `nice ${NICE}`}${lowered.idleRefused ? ` (${lowered.idleRefused})` : ''}, thread niceness ${[...new Set(threadNiceness(process.pid))].join(',')})`);
    console.log(`browsing pinned EntryAgent seq ${pinned} (${Q_ENTRIES} entries) with ${CONNECTIONS} connections${RATE ? ` at ${RATE}/s` : ''}; ${CYCLES} load windows of ${WINDOW_S} s between idle ones`);

    const windows: BenchWindow[] = [];
    const latencies: number[] = [];
    let non2xx = 0;
    for (let index = 0; index <= 2 * CYCLES; index++) {
      const kind = index % 2 === 0 ? 'idle' : 'load';
      // COMPARE=1 and SPIN=both alternate two variants of the load windows, shown apart as well.
      const first = index % 4 === 1;
      const policy: CpuPolicy | undefined = kind === 'load' && COMPARE ? (first ? 'nice' : 'idle') : undefined;
      if (policy !== undefined) switchPolicy(policy);
      const spinning: Spin | undefined = kind === 'load' && SPIN !== undefined ? (SPIN === 'both' ? (first ? 'cpu' : 'memory') : SPIN) : undefined;
      const variant = [policy, spinning && `spin ${spinning}`].filter(Boolean).join(', ');
      const from = Date.now();
      const [agentBefore, consoleBefore, verifiedBefore, bytesBefore] = [sampleSched(agent.pid!), sampleSched(process.pid), verified, verifiedBytes];
      let requests = 0;
      browsing = kind === 'load';
      if (kind === 'idle') {
        await sleep(WINDOW_S * 1000);
      } else if (spinning !== undefined) {
        await spin(spinning, WINDOW_S, Math.max(1, Math.round(CONNECTIONS / 4)));
      } else {
        const result = await autocannon({
          url: base,
          connections: CONNECTIONS,
          duration: WINDOW_S,
          headers: { authorization: `Bearer ${token}` },
          requests: paths.map((path) => ({ method: 'GET', path })),
          ...(RATE === undefined ? {} : { overallRate: RATE }),
        });
        requests = result.requests.total;
        non2xx += result.non2xx;
        latencies.push(result.latency.p50, result.latency.p99);
      }
      const agentDelta = schedDelta(agent.pid!, agentBefore, sampleSched(agent.pid!));
      const consoleDelta = schedDelta(process.pid, consoleBefore, sampleSched(process.pid));
      windows.push({ kind, ...(variant ? { variant } : {}), from, to: Date.now(), ...(agentDelta ? { agent: agentDelta } : {}), ...(consoleDelta ? { console: consoleDelta } : {}), verified: verified - verifiedBefore, verifiedBytes: verifiedBytes - bytesBefore, requests, loadAverage: loadavg()[0]! });
    }
    await app.close();

    const { entries } = await readJournal(directory);
    const saves = entries.map((e) => e.entry).filter((e) => e.kind === 'save' && e.outcome === 'ok');
    // Every new generation file: background saves, training checkpoints, compactions.
    const written = entries.map((e) => e.entry).filter((e) => e.outcome === 'ok' && e.seq !== undefined && (e.kind === 'save' || e.kind === 'checkpoint' || e.kind === 'compaction'));
    const rate = (chosen: BenchWindow[]): number => chosen.reduce((sum, window) => sum + window.requests, 0) / chosen.reduce((sum, window) => sum + (window.to - window.from) / 1000, 0);
    const browsed = rate(windows.filter((window) => window.kind === 'load'));
    console.log(`\nbrowsing: ${browsed.toFixed(0)} req/s over the load windows; per-window autocannon p50/p99 ms: ${latencies.join(' ')}; non-2xx ${non2xx}`);
    console.log(`load average (1/5/15 min) at the end: ${loadavg().map((value) => value.toFixed(2)).join(' ')}\n`);
    printLatencyTable(saves, windows);
    const variants = [...new Set(windows.map((window) => window.variant).filter((variant) => variant !== undefined))];
    for (const variant of variants.length > 1 ? variants : []) {
      console.log(`\nload windows "${variant}" only (${rate(windows.filter((window) => window.variant === variant)).toFixed(0)} req/s):`);
      printLatencyTable(saves, windows.filter((window) => window.kind === 'idle' || window.variant === variant));
    }
    console.log('');
    printPhaseTable(saves, windows);
    printPhaseTable(saves, windows, 'EntryAgent');
    console.log('');
    printWindowTable(windows);
    console.log('');
    printVerifications(written, windows, verifiedWhileBrowsing);
  } finally {
    const exited = new Promise((resolve) => agent.once('exit', resolve));
    agent.kill('SIGTERM');
    await exited;
    await rm(root, { recursive: true, force: true });
  }
}

await main();
