// Peers storing the same state: JSON + write-file-atomic, and better-sqlite3 (WAL, synchronous=FULL).

import Database from 'better-sqlite3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { EntryAgentState, ReplayBufferState } from '../../src/components/types.js';

function toJson(entry: EntryAgentState, replay: ReplayBufferState): string {
  const plain = (value: unknown): unknown => {
    if (value instanceof BigUint64Array) return Array.from(value, (hash) => hash.toString());
    if (ArrayBuffer.isView(value)) return Array.from(value as Float64Array);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
  };
  return JSON.stringify({ entry: plain(entry), replay: plain(replay) });
}

export async function jsonSave(directory: string, entry: EntryAgentState, replay: ReplayBufferState): Promise<number> {
  const text = toJson(entry, replay);
  await writeFileAtomic(join(directory, 'state.json'), text, { fsync: true });
  return Buffer.byteLength(text);
}

export async function jsonLoad(directory: string): Promise<void> {
  JSON.parse(await readFile(join(directory, 'state.json'), 'utf8'));
}

export class SqlitePeer {
  readonly #db: Database.Database;

  constructor(directory: string) {
    this.#db = new Database(join(directory, 'state.sqlite'));
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.exec(`CREATE TABLE IF NOT EXISTS q (state_hash INTEGER, action INTEGER, q REAL, PRIMARY KEY (state_hash, action));
      CREATE TABLE IF NOT EXISTS replay (slot INTEGER PRIMARY KEY, state_hash INTEGER, action INTEGER, r_total REAL, r_mfe REAL, r_mae REAL,
        r_giveback REAL, r_smooth REAL, r_decay REAL, next_hash INTEGER, terminal INTEGER, ts REAL, regime INTEGER, priority REAL, cdf REAL)`);
  }

  save(entry: EntryAgentState, replay: ReplayBufferState): void {
    const insertQ = this.#db.prepare('INSERT INTO q VALUES (?, ?, ?)');
    const insertReplay = this.#db.prepare('INSERT INTO replay VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.#db.defaultSafeIntegers(true);
    this.#db.transaction(() => {
      this.#db.exec('DELETE FROM q; DELETE FROM replay;');
      const { qTable } = entry;
      for (let i = 0; i < qTable.qValue.length; i++) insertQ.run(BigInt.asIntN(64, qTable.stateHash[i]!), qTable.action[i], qTable.qValue[i]);
      const e = replay.experiences;
      for (let i = 0; i < replay.currentSize; i++) {
        insertReplay.run(i, BigInt.asIntN(64, e.stateHash[i]!), e.action[i], e.reward.total[i], e.reward.mfeCapture[i], e.reward.maePenalty[i],
          e.reward.givebackPenalty[i], e.reward.pathSmoothness[i], e.reward.timeDecay[i], BigInt.asIntN(64, e.nextStateHash[i]!), e.isTerminal[i],
          e.timestamp[i], e.regime[i], replay.priorities[i], replay.cdf[i]);
      }
    })();
  }

  load(): void {
    this.#db.prepare('SELECT * FROM q').raw().all();
    this.#db.prepare('SELECT * FROM replay').raw().all();
  }

  close(): void {
    this.#db.close();
  }
}
