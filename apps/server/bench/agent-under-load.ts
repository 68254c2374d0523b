// Benchmark 2: the demo agent (a separate process, 1M-entry Q-table, replay capacity 1M) saves
// while the console API is idle and while it serves a sustained browsing load (autocannon in a
// process of its own, loopback), in alternating windows: idle, load, idle, ..., idle. The load
// windows cycle through LOADS (load-variants.ts). Prints per variant the agent's save latency per
// component against all idle windows, the save phases, per window the agent's, the console's and
// the generator's CPU and run-queue wait, the machine's idle, softirq and steal time, memory and
// disk figures, the generations the console verified, the browsing rate and the load average; then
// the verdict (paired-report.ts): each load window against the idle window before it, an interval
// from resampling pairs. One run of the defaults gives 3 pairs per variant, too few for a verdict:
// pool the JSON records of several runs with bench/pool-runs.ts.
// Run: npm run bench:agent -w @quantum/server
//   ORDER=shuffled|fixed (the variants of each cycle in a random order, or as listed)
//   LOADS=50,200,max,none (a name listed twice gets twice the windows; 200+restat: the listing stats every file per request, the code before listing-stats.ts) WINDOW_S=15 CYCLES=3 (windows per variant) CONNECTIONS=4
//   NICE=10 CPU_POLICY=idle|nice CACHE_MB=1024 (the console's, as the server's flags) Q_ENTRIES=1000000
//   QUIET_MS=100: secondary views keep only windows in which other processes used less CPU
//   RECORD=<path>: where the run's windows and saves go (default: a new file in the temp directory)
//   `none` is the A/A control (nothing runs: how far the ratio moves by chance alone);
//   spin-cpu / spin-memory variants: instead of browsing, busy loops at the console's priority
//     (SCHED_IDLE or nice), one per CONNECTIONS/4, no I/O, no network: `cpu` computes in
//     registers, `memory` streams 128 MB arrays (memory bandwidth and the shared L3 cache)

import { fork, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { StateDirectory, componentCodecs, openKeyring, readJournal } from '@quantum/persistence-core';
import { buildApp } from '../src/app.js';
import { TokenStore } from '../src/auth/token-store.js';
import { cliPath } from '../src/demo-agent.js';
import { ConsoleState } from '../src/state/console-state.js';
import { lowerConsolePriority } from '../src/state/console-priority.js';
import type { LoadVariant } from './load-variants.js';
import { parseVariants, setProcessPriority } from './load-variants.js';
import type { Rig } from './load-window.js';
import { runWindow } from './load-window.js';
import { threadNiceness } from './process-probe.js';
import type { BenchWindow } from './save-report.js';
import { printPairedSummary, printPairs } from './paired-report.js';
import { codeIdentity, recordedSaves, writeRecord } from './run-record.js';
import { printCorrelations } from './window-diagnostics.js';
import { printLatencyTable, printPhaseTable, printSummary, printVerifications, printWindowTable } from './save-report.js';

const WINDOW_S = Number(process.env['WINDOW_S'] ?? 15);
/** Load windows per variant. */
const CYCLES = Number(process.env['CYCLES'] ?? 3);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 4);
const Q_ENTRIES = Number(process.env['Q_ENTRIES'] ?? 1_000_000);
const VARIANTS = parseVariants(process.env['LOADS'] ?? '50,200,max,none');
/** Each variant once: a name listed twice in LOADS gets twice the windows, and one report. */
const REPORTED = VARIANTS.filter((variant, i) => VARIANTS.findIndex((other) => other.name === variant.name) === i);
/** Memory for decoded generations, as the server's --cache-mb (default 1024). */
const CACHE_MB = Number(process.env['CACHE_MB'] ?? 1024);
/** The console runs below the agent's CPU priority, as server.ts does. */
const NICE = Number(process.env['NICE'] ?? 10);
const POLICY = process.env['CPU_POLICY'] === 'nice' ? 'nice' : 'idle';

/** A second summary leaves out windows in which other processes used this much CPU or more (a shared machine). */
const QUIET_MS = Number(process.env['QUIET_MS'] ?? 100);

/** Where the run's windows and saves are written as JSON, for bench/pool-runs.ts. */
const RECORD = process.env['RECORD'] ?? join(tmpdir(), `bench-agent-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);

/** `shuffled` (default): each cycle runs the variants in a random order; `fixed`: always as LOADS lists them. */
const ORDER = process.env['ORDER'] === 'fixed' ? 'fixed' : 'shuffled';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadAverageBefore = loadavg();
  // Taken at the start: the code that runs, whatever is committed while the run lasts.
  const code = await codeIdentity(dirname(dirname(cliPath())));
  const root = await mkdtemp(join(tmpdir(), 'qs-bench-agent-'));
  const directory = join(root, 'state');
  const keyringPath = join(root, 'keyring.json');
  const { keyring } = await openKeyring(keyringPath);
  const agent = spawn(process.execPath, [cliPath(), 'demo', '--dir', directory, '--keyring', keyringPath, '--q-entries', String(Q_ENTRIES), '--replay-capacity', '1000000'], { stdio: 'ignore' });
  // Forked before this process lowers its priority; its priority is then set per window.
  const generator = fork(new URL('./load-generator.ts', import.meta.url), { stdio: 'ignore' });
  try {
    const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
    const state = new ConsoleState({ store, codecs: componentCodecs, cacheBytes: CACHE_MB * 1024 * 1024 });
    const entry = state.codec('EntryAgent');
    while ((await state.generations(entry)).some((g) => g.status !== 'valid')) await sleep(500);
    const pinned = (await state.generations(entry))[1]!.seq!;
    const listingMaxAgeMs = state.listingStats.maxAgeMs;
    const tokensPath = join(root, 'tokens.json');
    const token = await TokenStore.rotate(tokensPath, 'viewer', 'viewer');
    const { store: tokens } = await TokenStore.open(tokensPath);
    // After the agent started, so only the console runs lowered. The agent is our child, in our
    // session: lowering the session would lower it too.
    const lowered = lowerConsolePriority({ nice: NICE, policy: POLICY, session: false });
    const refused = setProcessPriority(generator.pid!, 'idle');
    const app = await buildApp({ state, tokens, auditLogPath: join(root, 'audit.ndjson'), limits: { requestsPerMinute: 10_000_000 } });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const rows = `/api/components/EntryAgent/generations/seq-${pinned}/rows?table=qTable`;
    const rowPaths = [`${rows}&sort=qValue&order=desc&action=BUY`, `${rows}&sort=stateHash&min=-1&max=1`, `${rows}&sort=qValue&action=SELL`, `/api/components/EntryAgent/generations/seq-${pinned}`];
    // The health listing verifies each new generation the agent writes; `rows` variants leave it out.
    const allPaths = [...rowPaths, '/api/components', '/api/latency?window=1m'];
    for (const path of allPaths) await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    console.log(`agent pid ${agent.pid} (thread niceness ${[...new Set(threadNiceness(agent.pid!))].join(',')}), console pid ${process.pid} (${lowered.policy === 'idle' ? 'SCHED_IDLE' : `nice ${NICE}`}${lowered.idleRefused ? ` (${lowered.idleRefused})` : ''}, thread niceness ${[...new Set(threadNiceness(process.pid))].join(',')})`);
    console.log(`load generator: autocannon in its own process, pid ${generator.pid}, SCHED_IDLE nice 10 like the console${refused ? ` (REFUSED: ${refused})` : ''}, except in gen-normal windows (SCHED_OTHER nice 0, the agent's own priority)`);
    console.log(`browsing pinned EntryAgent seq ${pinned} (${Q_ENTRIES} entries) with ${CONNECTIONS} connections; load variants ${VARIANTS.map((v) => v.name).join(', ')}, ${CYCLES} windows of ${WINDOW_S} s each, between idle ones`);

    const rig: Rig = {
      agentPid: agent.pid!,
      generator,
      consolePolicy: lowered.policy,
      verified: () => ({ ...state.verified }),
      statted: () => state.listingStats.counts.files,
      restat: (on) => (state.listingStats.maxAgeMs = on ? 0 : listingMaxAgeMs),
      order: (variant) => ({ url: base, token, paths: variant.rowsOnly ? rowPaths : allPaths, connections: CONNECTIONS, ...(variant.rate === undefined ? {} : { rate: variant.rate }) }),
    };
    const windows: BenchWindow[] = [];
    const latencies: string[] = [];
    let non2xx = 0;
    // Each cycle in its own order: the agent has a rhythm of its own (checkpoints every ~75 s), and a
    // fixed order put each variant at the same point of it in every cycle (the A/A control's mean
    // save time came out 3 ms under the idle windows before it that way).
    const loads: LoadVariant[] = Array.from({ length: CYCLES }, () => (ORDER === 'fixed' ? VARIANTS : shuffled(VARIANTS))).flat();
    for (let index = 0; index <= 2 * loads.length; index++) {
      const variant = index % 2 === 0 ? undefined : loads[(index - 1) / 2]!;
      const { window, result } = await runWindow(rig, WINDOW_S, variant, CONNECTIONS);
      windows.push(window);
      if (result !== undefined) {
        non2xx += result.non2xx;
        latencies.push(`${variant!.name} ${result.p50}/${result.p99}`);
      }
    }
    await app.close();

    const { entries } = await readJournal(directory);
    const saves = entries.map((e) => e.entry).filter((e) => e.kind === 'save' && e.outcome === 'ok');
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => /^(LOADS|WINDOW_S|CYCLES|CONNECTIONS|Q_ENTRIES|CACHE_MB|NICE|CPU_POLICY|QUIET_MS|ORDER)$/.test(name))) as Record<string, string>;
    const record = { meta: { startedAt, env, loadAverageBefore, code }, windows, saves: recordedSaves(saves) };
    await writeRecord(RECORD, record);
    console.log(`windows and saves written to ${RECORD} (pool runs: npx tsx bench/pool-runs.ts <records>)`);
    // Every new generation file: background saves, training checkpoints, compactions.
    const written = entries.map((e) => e.entry).filter((e) => e.outcome === 'ok' && e.seq !== undefined && (e.kind === 'save' || e.kind === 'checkpoint' || e.kind === 'compaction'));
    console.log(`\nper-window autocannon p50/p99 ms: ${latencies.join(', ')}; non-2xx ${non2xx}`);
    console.log(`load average (1/5/15 min) at the end: ${loadavg().map((value) => value.toFixed(2)).join(' ')}\n`);
    for (const variant of REPORTED) {
      const chosen = windows.filter((window) => window.kind === 'idle' || window.variant === variant.name);
      console.log(`load "${variant.name}" against all idle windows:`);
      printLatencyTable(saves, chosen);
      printPhaseTable(saves, chosen);
      printPhaseTable(saves, chosen, 'EntryAgent');
      console.log('');
    }
    printWindowTable(windows);
    console.log('');
    printVerifications(written, windows);
    console.log('');
    const names = REPORTED.map((variant) => variant.name);
    printSummary(saves, windows, names);
    console.log('');
    printSummary(saves, windows, names, QUIET_MS);
    console.log('');
    printPairs([record], names);
    console.log('');
    printCorrelations([record]);
    console.log('');
    printPairedSummary([record], names);
    printPairedSummary([record], names, QUIET_MS);
  } finally {
    generator.disconnect();
    const exited = new Promise((resolve) => agent.once('exit', resolve));
    agent.kill('SIGTERM');
    await exited;
    await rm(root, { recursive: true, force: true });
  }
}

await main();
