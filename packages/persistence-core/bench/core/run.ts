// npm run bench: durable save and verified load of N Q entries + N replay experiences, against
// the physical limit, HMAC alone, JSON + write-file-atomic and better-sqlite3, all in this run.
// Usage: tsx bench/core/run.ts [sizes...]   (default 10000 100000 1000000)

import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { replayBufferCodec } from '../../src/components/replay-buffer.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { medianMs } from './measure.js';
import { SqlitePeer, jsonLoad, jsonSave } from './peers.js';
import { hmac, rawDurableReplace, rawRotatingReplace, readAndHmac } from './physical-limit.js';
import { benchEntryAgent, benchReplayBuffer } from './states.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const rows: string[][] = [];
const fmt = (ms: number) => ms.toFixed(1);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

for (const n of sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000]) {
  const root = await mkdtemp(join(tmpdir(), 'quantum-bench-'));
  const runs = n >= 1_000_000 ? 3 : 7;
  try {
    const entry = benchEntryAgent(n);
    const replay = benchReplayBuffer(n);
    const store = await StateDirectory.open({ directory: join(root, 'state'), keyring: Keyring.generate(), reserveBytes: 0 });
    const saveBoth = async () => {
      await store.save(entryAgentCodec, entry);
      await store.save(replayBufferCodec, replay);
    };
    for (let i = 0; i < 4; i++) await saveBoth(); // steady state: a full chain rotates on every save
    const save = await medianMs(runs, saveBoth);
    const loadBoth = async () => {
      await store.load(entryAgentCodec);
      await store.load(replayBufferCodec);
    };
    await loadBoth();
    const load = await medianMs(runs, loadBoth);

    const entryFile = store.pathOf(entryAgentCodec, 'current');
    const replayFile = store.pathOf(replayBufferCodec, 'current');
    const entryBytes = await readFile(entryFile);
    const replayBytes = await readFile(replayFile);
    const rawDir = join(root, 'raw');
    await mkdir(rawDir);
    const raw = await medianMs(runs, async () => {
      await rawDurableReplace(rawDir, 'entry', entryBytes);
      await rawDurableReplace(rawDir, 'replay', replayBytes);
    });
    const rotatingDir = join(root, 'raw-rotating');
    await mkdir(rotatingDir);
    const rotateBoth = async () => {
      await rawRotatingReplace(rotatingDir, 'entry', entryBytes);
      await rawRotatingReplace(rotatingDir, 'replay', replayBytes);
    };
    for (let i = 0; i < 4; i++) await rotateBoth();
    const rawRotating = await medianMs(runs, rotateBoth);
    const hmacOnly = await medianMs(runs, () => {
      hmac(entryBytes);
      hmac(replayBytes);
    });
    const readHmac = await medianMs(runs, async () => {
      await readAndHmac(entryFile);
      await readAndHmac(replayFile);
    });

    const peerRuns = n >= 1_000_000 ? 1 : 3;
    const peerDir = join(root, 'peers');
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

    const bytes = entryBytes.byteLength + replayBytes.byteLength;
    rows.push([
      n.toLocaleString('en-US'),
      `${(bytes / 1e6).toFixed(1)} MB`,
      `${(entryBytes.byteLength / n).toFixed(1)} / ${(replayBytes.byteLength / n).toFixed(1)}`,
      fmt(raw),
      fmt(rawRotating),
      fmt(hmacOnly),
      fmt(save),
      ratio(save, raw),
      ratio(save, rawRotating),
      fmt(readHmac),
      fmt(load),
      ratio(load, readHmac),
      `${fmt(jsonSaveMs)} / ${fmt(jsonLoadMs)} (${(jsonBytes / 1e6).toFixed(0)} MB)`,
      `${fmt(sqliteSaveMs)} / ${fmt(sqliteLoadMs)}`,
      `${ratio(jsonSaveMs, save)} / ${ratio(sqliteSaveMs, save)}`,
    ]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const header = [
  'N (Q entries = experiences)',
  'bytes on disk',
  'B/Q entry / B/experience',
  'limit: write+fsync+rename+dirsync ms',
  'limit with 4-generation rotation ms',
  'HMAC ms',
  'save ms',
  'save / limit',
  'save / rotating limit',
  'read+HMAC ms',
  'load ms',
  'load / read+HMAC',
  'JSON+write-file-atomic save/load ms',
  'better-sqlite3 save/load ms',
  'JSON / sqlite save vs ours',
];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log('\nTargets: save / limit <= 1.5x; load / read+HMAC <= 1.5x. Medians of 7 runs (3 at 1M; peers 3 and 1).');
