// npm run bench: durable save and verified load of N Q entries + N replay experiences, against
// the physical limit, HMAC alone, JSON + write-file-atomic and better-sqlite3, all in this run.
// Saves are measured in both rotation modes; the series are interleaved, so ratios compare
// moments of the same load. Usage: tsx bench/core/run.ts [sizes...]   (default 10000 100000 1000000)
// BENCH_RECORD=<file> appends each size's medians as a JSON line (bench/core/repeat.ts reads them);
// BENCH_PEERS=0 leaves the peers out.

import { appendFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { replayBufferCodec } from '../../src/components/replay-buffer.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { interleavedMediansMs, medianMs } from './measure.js';
import { SqlitePeer, jsonLoad, jsonSave } from './peers.js';
import { BlockingFileSystem } from '../../src/runtime/blocking-file-system.js';
import { hmac, rawDurableReplace, rawDurableReplaceBlocking, rawRecyclingReplace, rawRotatingReplace, readAndHmac, releaseDirectories } from './physical-limit.js';
import { ModeSaver } from './save-modes.js';
import type { SizeRecord } from './repeat.js';
import { benchEntryAgent, benchReplayBuffer } from './states.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const rows: string[][] = [];
const phaseRows: string[][] = [];
const blockingRows: string[][] = [];
const fmt = (ms: number) => ms.toFixed(1);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const loadBefore = load();
let probed = '';
/** Interleaved rounds per size: more where a round is short and the machine's noise is large against it. */
function runsAt(n: number): number {
  return n >= 1_000_000 ? 5 : n >= 100_000 ? 9 : 21;
}
const PHASES = ['lock', 'prepare', 'encode', 'write', 'fsync', 'verify', 'rotate', 'rename', 'syncDirectory', 'outbox', 'finish', 'save (durationMs)'];

for (const n of sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000]) {
  const root = await mkdtemp(join(tmpdir(), 'quantum-bench-'));
  const runs = runsAt(n);
  try {
    const entry = benchEntryAgent(n);
    const replay = benchReplayBuffer(n);
    const keyring = Keyring.generate();
    probed = (await StateDirectory.open({ directory: join(root, 'probe'), keyring, reserveBytes: 0 })).metadataOrder.reason;
    const ordered = await ModeSaver.open(root, 'ordered', keyring, entry, replay);
    const unordered = await ModeSaver.open(root, 'unordered', keyring, entry, replay);
    const blocking = await ModeSaver.open(root, 'unordered', keyring, entry, replay, new BlockingFileSystem(), 'blocking');
    const store = ordered.store;
    const entryFile = store.pathOf(entryAgentCodec, 'current');
    const replayFile = store.pathOf(replayBufferCodec, 'current');
    const entryBytes = await readFile(entryFile);
    const replayBytes = await readFile(replayFile);
    const rawDir = join(root, 'raw');
    const blockingDir = join(root, 'raw-blocking');
    await mkdir(blockingDir);
    const rotatingDir = join(root, 'raw-rotating');
    const recyclingDir = join(root, 'raw-recycling');
    await mkdir(rawDir);
    await mkdir(rotatingDir);
    await mkdir(recyclingDir);
    for (let i = 0; i < 2; i++) await rawRecyclingReplace(recyclingDir, 'entry', entryBytes);
    for (let i = 0; i < 2; i++) await rawRecyclingReplace(recyclingDir, 'replay', replayBytes);
    for (let i = 0; i < 4; i++) await rawRotatingReplace(rotatingDir, 'entry', entryBytes);
    for (let i = 0; i < 4; i++) await rawRotatingReplace(rotatingDir, 'replay', replayBytes);
    const saves = await interleavedMediansMs(runs, {
      limit: async () => {
        await rawDurableReplace(rawDir, 'entry', entryBytes);
        await rawDurableReplace(rawDir, 'replay', replayBytes);
      },
      ordered: () => ordered.saveBoth(),
      unordered: () => unordered.saveBoth(),
      rotatingLimit: async () => {
        await rawRotatingReplace(rotatingDir, 'entry', entryBytes);
        await rawRotatingReplace(rotatingDir, 'replay', replayBytes);
      },
      recyclingLimit: async () => {
        await rawRecyclingReplace(recyclingDir, 'entry', entryBytes);
        await rawRecyclingReplace(recyclingDir, 'replay', replayBytes);
      },
      blockingLimit: () => {
        rawDurableReplaceBlocking(blockingDir, 'entry', entryBytes);
        rawDurableReplaceBlocking(blockingDir, 'replay', replayBytes);
      },
      blocking: () => blocking.saveBoth(),
    });
    await store.load(entryAgentCodec);
    const loads = await interleavedMediansMs(runs, {
      readHmac: async () => {
        await readAndHmac(entryFile);
        await readAndHmac(replayFile);
      },
      load: async () => {
        await store.load(entryAgentCodec);
        await store.load(replayBufferCodec);
      },
    });
    const hmacOnly = await medianMs(runs, () => {
      hmac(entryBytes);
      hmac(replayBytes);
    });

    const peers = process.env.BENCH_PEERS === '0' ? ['not run', 'not run'] : await measurePeers(join(root, 'peers'), n >= 1_000_000 ? 1 : 3, entry, replay);

    const bytes = entryBytes.byteLength + replayBytes.byteLength;
    rows.push([
      n.toLocaleString('en-US'),
      `${(bytes / 1e6).toFixed(1)} MB (${(entryBytes.byteLength / n).toFixed(1)}, ${(replayBytes.byteLength / n).toFixed(1)})`,
      fmt(saves.limit),
      fmt(saves.rotatingLimit),
      fmt(saves.recyclingLimit),
      fmt(hmacOnly),
      `${fmt(saves.ordered)} (${ratio(saves.ordered, saves.limit)}; ${ratio(saves.ordered, saves.recyclingLimit)})`,
      `${fmt(saves.unordered)} (${ratio(saves.unordered, saves.limit)}; ${ratio(saves.unordered, saves.recyclingLimit)})`,
      fmt(loads.readHmac),
      `${fmt(loads.load)} (${ratio(loads.load, loads.readHmac)})`,
      ...peers,
    ]);
    blockingRows.push([
      n.toLocaleString('en-US'),
      fmt(saves.blockingLimit),
      `${fmt(saves.blocking)} (${ratio(saves.blocking, saves.blockingLimit)})`,
      `${ratio(saves.unordered, saves.blockingLimit)}`,
    ]);
    if (process.env.BENCH_RECORD !== undefined) {
      const record: SizeRecord = { n, ...saves, ...loads, loadAverage: loadavg()[0] as number };
      await appendFile(process.env.BENCH_RECORD, `${JSON.stringify(record)}\n`);
    }
    for (const [mode, saver] of [['ordered', ordered], ['unordered', unordered], ['unordered, blocking calls', blocking]] as const) {
      const phases = saver.phases.medians();
      phaseRows.push([n.toLocaleString('en-US'), mode, ...PHASES.map((phase) => (phases[phase] ?? 0).toFixed(2))]);
    }
  } finally {
    await releaseDirectories();
    await rm(root, { recursive: true, force: true });
  }
}

/** JSON + write-file-atomic and better-sqlite3 storing the same state: "save / load ms" each. */
async function measurePeers(peerDir: string, peerRuns: number, entry: ReturnType<typeof benchEntryAgent>, replay: ReturnType<typeof benchReplayBuffer>): Promise<[string, string]> {
  await mkdir(peerDir);
  let jsonBytes = 0;
  const jsonSaveMs = await medianMs(peerRuns, async () => {
    jsonBytes = await jsonSave(peerDir, entry, replay);
  });
  const jsonLoadMs = await medianMs(peerRuns, () => jsonLoad(peerDir));
  const sqlite = new SqlitePeer(peerDir);
  const sqliteSaveMs = await medianMs(peerRuns, () => sqlite.save(entry, replay));
  const sqliteLoadMs = await medianMs(peerRuns, () => sqlite.load());
  sqlite.close();
  return [`${fmt(jsonSaveMs)} / ${fmt(jsonLoadMs)} (${(jsonBytes / 1e6).toFixed(0)} MB)`, `${fmt(sqliteSaveMs)} / ${fmt(sqliteLoadMs)}`];
}

const table = (header: string[], body: string[][]): void => {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of body) console.log(`| ${row.join(' | ')} |`);
};
table(
  [
    'N (Q entries = experiences)',
    'on disk (B/Q entry, B/experience)',
    'limit: write+fsync+rename+dir fsync ms',
    'limit with 4-generation rotation, fsync per step ms',
    'limit writing over an allocated file ms',
    'HMAC ms',
    'save, ordered rotation ms (/ limit; / over-allocated limit)',
    'save, unordered rotation ms (/ limit; / over-allocated limit)',
    'read+HMAC ms',
    'load ms (/ read+HMAC)',
    'JSON+write-file-atomic save / load ms',
    'better-sqlite3 save / load ms',
  ],
  rows,
);
console.log('\nOn a thread of its own, with blocking calls (the save worker\'s way, src/runtime/blocking-file-system.ts), against the same limit with blocking calls, the floor of this machine:\n');
table(['N', 'limit, blocking calls ms', 'save, unordered, blocking calls ms (/ that limit)', 'save, unordered, node:fs/promises / that limit'], blockingRows);
console.log('\nPhases of the two saves of one round, ms (medians; fsync, verify and rotate overlap, so they add up to more than the save):\n');
table(['N', 'rotation', ...PHASES], phaseRows);
console.log(`\nThis directory's file system, probed: ${probed}. Targets: save / limit <= 1.5x; load / read+HMAC <= 1.5x.`);
console.log(`Medians of ${runsAt(10_000)} runs at 10k, ${runsAt(100_000)} at 100k, ${runsAt(1_000_000)} at 1M (peers 3 and 1). Load average before: ${loadBefore}; after: ${load()}.`);
