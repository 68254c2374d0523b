// Replication benchmark, printed:
//  1. throughput: replicator passes (read, HMAC-verify, HEAD, PUT with MD5 + metadata, cursor fsync)
//     against raw PutObject of the same bytes on the same store;
//  2. steady-state lag while the demo agent (persistence-core `demo`, default settings) saves.
// Store: Ceph RGW from scripts/ceph-rgw.sh when available (BENCH_STORE=s3rver forces the emulator).
//   npm run bench -w @quantum/replication   [BENCH_ROUNDS=40 BENCH_DEMO_S=30 BENCH_POLL_MS=250 BENCH_ONLY=throughput|lag BENCH_OUTBOX=on|off|both]

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Keyring, StateDirectory, entryAgentCodec, writeKeyring } from '@quantum/persistence-core';
import type { EntryAgentState } from '@quantum/persistence-core';
import type { ConditionalPut } from '../src/bucket.js';
import { md5Base64 } from '../src/digest.js';
import { defaultComponents } from '../src/components.js';
import { listOutbox } from '../src/outbox.js';
import { Replicator } from '../src/replicator.js';
import type { ReplicationTarget } from '../src/config.js';
import { startCeph } from '../test/support/ceph.js';
import { startEmulator } from '../test/support/s3rver.js';

const rounds = Number(process.env['BENCH_ROUNDS'] ?? 40);
const demoSeconds = Number(process.env['BENCH_DEMO_S'] ?? 30);
const pollMs = Number(process.env['BENCH_POLL_MS'] ?? 250);
const only = process.env['BENCH_ONLY'];
/** BENCH_OUTBOX=off: the lag run without the outbox (slots only); both: one run each, same store. */
const outboxModes = process.env['BENCH_OUTBOX'] === 'off' ? [false] : process.env['BENCH_OUTBOX'] === 'both' ? [true, false] : [true];

async function openStore(): Promise<{ name: string; target: (bucket: string) => ReplicationTarget; close: () => Promise<void> }> {
  if (process.env['BENCH_STORE'] !== 's3rver') {
    const ceph = await startCeph();
    if (!('unavailable' in ceph)) return { name: 'Ceph RGW 16 (memstore, loopback)', target: (bucket) => ceph.target('bench', bucket), close: () => ceph.close() };
    process.stderr.write(`Ceph unavailable (${ceph.unavailable.trim()}); using s3rver\n`);
  }
  const emulator = await startEmulator();
  return { name: 's3rver 3.7.1 (in process)', target: (bucket) => emulator.target('bench', bucket), close: () => emulator.close() };
}

function entryState(entries: number, salt: number): EntryAgentState {
  const fresh = entryAgentCodec.fresh();
  const stateHash = new BigUint64Array(entries).map((_, i) => BigInt(i * 7919 + 1));
  const qValue = new Float64Array(entries).map((_, i) => Math.sin(i + salt));
  return { ...fresh, totalUpdates: salt, qTable: { stateHash, action: new Uint8Array(entries).map((_, i) => i % 4), qValue } };
}

const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;

async function throughput(store: Awaited<ReturnType<typeof openStore>>, root: string, entries: number, conditionalPut: ConditionalPut): Promise<void> {
  const keyring = Keyring.generate();
  const directory = join(root, `throughput-${entries}-${conditionalPut}`);
  const state = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
  const target = store.target(`bench-${entries}-${conditionalPut}`);
  const replicator = await Replicator.open({ directory, keyring, target, conditionalPut, components: defaultComponents([entryAgentCodec]) });
  await replicator.bucket.ensureExists();
  let replicateMs = 0;
  let rawMs = 0;
  let bytes = 0;
  for (let round = 1; round <= rounds; round++) {
    await state.save(entryAgentCodec, entryState(entries, round));
    const file = new Uint8Array(await readFile(state.pathOf(entryAgentCodec, 'current')));
    let started = performance.now();
    const report = await replicator.runOnce();
    replicateMs += performance.now() - started;
    if (report.uploaded.length !== 1) throw new Error(`round ${round}: expected one upload, got ${report.uploaded.length}`);
    started = performance.now();
    await replicator.bucket.client.send(new PutObjectCommand({ Bucket: target.bucket, Key: `raw/${round}`, Body: file, ContentLength: file.byteLength, ContentMD5: md5Base64(file) }));
    rawMs += performance.now() - started;
    bytes += file.byteLength;
  }
  const size = bytes / rounds;
  const rate = (ms: number): string => `${(rounds / (ms / 1000)).toFixed(1)} gen/s, ${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(1)} MiB/s, ${(ms / rounds).toFixed(1)} ms each`;
  console.log(`  EntryAgent ${entries} Q entries (${(size / 1024).toFixed(0)} KiB/file), ${rounds} generations, conditional put ${conditionalPut}:`);
  console.log(`    replicator pass : ${rate(replicateMs)}`);
  console.log(`    raw PutObject   : ${rate(rawMs)}`);
  console.log(`    replicator / raw time: ${(replicateMs / rawMs).toFixed(2)}x`);
}

/** A burst drained from the outbox in one pass (cursor written once per 32), against raw PUTs of the same files. */
async function drain(store: Awaited<ReturnType<typeof openStore>>, root: string, entries: number, conditionalPut: ConditionalPut): Promise<void> {
  const keyring = Keyring.generate();
  const directory = join(root, `drain-${entries}-${conditionalPut}`);
  const target = store.target(`bench-drain-${entries}-${conditionalPut}`);
  const replicator = await Replicator.open({ directory, keyring, target, conditionalPut, components: defaultComponents([entryAgentCodec]) });
  await replicator.bucket.ensureExists();
  // The replicator makes the outbox only inside an existing state directory; the store opened
  // after it sees the outbox at once (an open store looks again at most once a second).
  await mkdir(directory, { recursive: true });
  await replicator.runOnce();
  const state = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
  for (let round = 1; round <= rounds; round++) await state.save(entryAgentCodec, entryState(entries, round));
  const files = await Promise.all((await listOutbox(state.fs, directory, defaultComponents([entryAgentCodec]))).get('EntryAgent')!.map((entry) => readFile(entry.path)));
  let started = performance.now();
  const report = await replicator.runOnce();
  const replicateMs = performance.now() - started;
  if (report.uploaded.length !== rounds) throw new Error(`drain: expected ${rounds} uploads, got ${report.uploaded.length}`);
  started = performance.now();
  for (const [i, file] of files.entries()) await replicator.bucket.client.send(new PutObjectCommand({ Bucket: target.bucket, Key: `raw/${i}`, Body: file, ContentLength: file.byteLength, ContentMD5: md5Base64(file) }));
  const rawMs = performance.now() - started;
  console.log(`  outbox drain: ${rounds} EntryAgent generations (${entries} Q entries) saved, then one pass, conditional put ${conditionalPut}:`);
  console.log(`    replicator pass : ${(rounds / (replicateMs / 1000)).toFixed(1)} gen/s, ${(replicateMs / rounds).toFixed(1)} ms each; raw PutObject ${(rawMs / rounds).toFixed(1)} ms each; replicator / raw time: ${(replicateMs / rawMs).toFixed(2)}x`);
}

async function steadyLag(store: Awaited<ReturnType<typeof openStore>>, root: string, outbox: boolean): Promise<void> {
  const directory = join(root, `demo-state-${outbox ? 'outbox' : 'slots'}`);
  const keyringPath = join(root, 'keyring.json');
  const keyring = Keyring.generate();
  await writeKeyring(keyringPath, keyring);
  const replicator = await Replicator.open({ directory, keyring, target: store.target(`bench-demo-${outbox ? 'outbox' : 'slots'}`), pollMs, outbox });
  await replicator.bucket.ensureExists();
  // The first pass creates the outbox, before the agent's first save looks for it.
  await replicator.runOnce();
  const cli = createRequire(import.meta.url).resolve('@quantum/persistence-core').replace(/index\.js$/, 'cli/main.js');
  const demo = spawn(process.execPath, [cli, 'demo', '--dir', directory, '--keyring', keyringPath, '--duration-s', String(demoSeconds)], { stdio: 'ignore' });
  replicator.start();
  const seconds: number[] = [];
  const generations: number[] = [];
  const entries: number[] = [];
  const done = new Promise((resolve) => demo.once('exit', resolve));
  let running = true;
  void done.then(() => (running = false));
  while (running) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const lag = await replicator.lag();
    seconds.push(lag.seconds);
    generations.push(lag.generations);
    entries.push(lag.outboxEntries);
  }
  const settle = Date.now();
  while ((await replicator.lag()).generations > 0 && Date.now() - settle < 30_000) await new Promise((resolve) => setTimeout(resolve, 100));
  await replicator.stop();
  const status = await replicator.status();
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  console.log(`  demo agent, default settings, ${demoSeconds} s, replicator polling every ${pollMs} ms, outbox ${outbox ? 'on' : 'off'}:`);
  console.log(`    uploaded ${status.totals.uploaded} generations (${(status.totals.bytes / 1024 / 1024).toFixed(1)} MiB) = ${(status.totals.uploaded / demoSeconds).toFixed(2)} gen/s; missed (rotated away first) ${status.totals.missed}; failures ${status.consecutiveFailures}`);
  console.log(`    lag seconds    : mean ${mean(seconds).toFixed(2)}, p95 ${percentile(seconds, 95).toFixed(2)}, max ${Math.max(...seconds).toFixed(2)} (${seconds.length} samples every 250 ms)`);
  console.log(`    lag generations: mean ${mean(generations).toFixed(2)}, p95 ${percentile(generations, 95)}, max ${Math.max(...generations)}`);
  if (outbox) console.log(`    outbox entries : mean ${mean(entries).toFixed(2)}, max ${Math.max(...entries)}`);
  const missed = Object.entries(replicator.cursor.components).filter(([, cursor]) => cursor.missed.length > 0).map(([name, cursor]) => `${name} ${cursor.missed.length}`);
  if (missed.length > 0) console.log(`    missed by component: ${missed.join(', ')}`);
  console.log(`    after the demo's final SaveAll: ${(await replicator.lag()).generations} generation(s) behind`);
}

const root = await mkdtemp(join(tmpdir(), 'repl-bench-'));
const store = await openStore();
try {
  console.log(`replication benchmark on ${store.name}`);
  const modes: ConditionalPut[] = store.name.startsWith('Ceph') ? ['auto', 'trusted'] : ['auto'];
  if (only !== 'lag') for (const entries of [1_000, 50_000]) for (const mode of modes) await throughput(store, root, entries, mode);
  if (only !== 'lag') for (const mode of modes) await drain(store, root, 1_000, mode);
  if (only !== 'throughput') for (const outbox of outboxModes) await steadyLag(store, root, outbox);
} finally {
  await store.close();
  await rm(root, { recursive: true, force: true });
}
