// Incremental Q-table save (spec 7.2): 100 dirty entries of a 1M-entry Q-table saved durably,
// against better-sqlite3 updating 100 rows of a 1M-row table (WAL, synchronous=FULL) in the
// same run, on the same file system. Cases alternate in rounds.
//   npm run bench:delta -- [iterations per round=50] [rounds=6] [entries=1000000]

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { QTable } from '../../src/components/types.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { loadIncremental } from '../../src/runtime/delta-log.js';
import { benchDir, printTable, summarize } from './stats.js';

const perRound = Number(process.argv[2] ?? 50);
const rounds = Number(process.argv[3] ?? 6);
const size = Number(process.argv[4] ?? 1_000_000);
const dirtyCount = 100;
const dir = await benchDir('delta');
const keyring = Keyring.generate();

const qTable: QTable = { stateHash: new BigUint64Array(size), action: new Uint8Array(size), qValue: new Float64Array(size) };
for (let i = 0; i < size; i++) {
  qTable.stateHash[i] = BigInt(Math.floor(i / 4)) * 2654435761n;
  qTable.action[i] = i % 4;
  qTable.qValue[i] = Math.sin(i);
}
const state = { ...entryAgentCodec.fresh(), qTable };
const store = await StateDirectory.open({ directory: join(dir, 'state'), keyring });
const fullStarted = performance.now();
const full = await store.save(entryAgentCodec, state);
const fullMs = performance.now() - fullStarted;
const { log } = await loadIncremental({ store, codec: entryAgentCodec, thresholds: { maxRecords: 1e9, maxBytes: 1e12 } });

const db = new Database(join(dir, 'q.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE q (state_hash INTEGER NOT NULL, action INTEGER NOT NULL, q_value REAL NOT NULL, PRIMARY KEY (state_hash, action)) WITHOUT ROWID');
const insert = db.prepare('INSERT INTO q VALUES (?, ?, ?)');
db.transaction(() => {
  for (let i = 0; i < size; i++) insert.run(BigInt.asIntN(64, qTable.stateHash[i]!), qTable.action[i]!, qTable.qValue[i]!);
})();
db.pragma('wal_checkpoint(TRUNCATE)');
const update = db.prepare('UPDATE q SET q_value = ? WHERE state_hash = ? AND action = ?');

const pickDirty = (): QTable => {
  const dirty: QTable = { stateHash: new BigUint64Array(dirtyCount), action: new Uint8Array(dirtyCount), qValue: new Float64Array(dirtyCount) };
  for (let j = 0; j < dirtyCount; j++) {
    const i = Math.floor(Math.random() * size);
    dirty.stateHash[j] = qTable.stateHash[i]!;
    dirty.action[j] = qTable.action[i]!;
    dirty.qValue[j] = Math.random();
  }
  return dirty;
};
const sqliteUpdate = db.transaction((dirty: QTable) => {
  for (let j = 0; j < dirtyCount; j++) update.run(dirty.qValue[j]!, BigInt.asIntN(64, dirty.stateHash[j]!), dirty.action[j]!);
});

const samples: Record<string, number[]> = { delta: [], sqlite: [] };
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < perRound; i++) {
    const dirty = pickDirty();
    const started = performance.now();
    await log.append(dirty);
    samples['delta']!.push(performance.now() - started);
  }
  for (let i = 0; i < perRound; i++) {
    const dirty = pickDirty();
    const started = performance.now();
    sqliteUpdate(dirty);
    samples['sqlite']!.push(performance.now() - started);
  }
}

const baseline = summarize(`better-sqlite3 UPDATE ${dirtyCount} rows (WAL, FULL)`, samples['sqlite']!);
console.log(`incremental save of ${dirtyCount} dirty entries, Q-table of ${size} entries, ${rounds} rounds x ${perRound}, dir ${dir}`);
console.log(`full generation: ${(full.bytes / 1e6).toFixed(1)} MB saved in ${fullMs.toFixed(0)} ms (for scale)`);
printTable([baseline, summarize(`delta log append ${dirtyCount} entries (+fdatasync)`, samples['delta']!)], baseline);
await log.close();
db.close();
await rm(dir, { recursive: true, force: true });
