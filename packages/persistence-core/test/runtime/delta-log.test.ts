import { readFile, readdir, truncate, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { EntryAgentState, QTable } from '../../src/components/types.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { deltaRecordBytes, encodeDeltaRecord } from '../../src/runtime/delta-record.js';
import { deltaPath, loadIncremental } from '../../src/runtime/delta-log.js';
import { recordingFs } from './recording-fs.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
const keyring = Keyring.generate();

const table = (rows: [number, number, number][]): QTable => ({
  stateHash: BigUint64Array.from(rows.map(([h]) => BigInt(h))),
  action: Uint8Array.from(rows.map(([, a]) => a)),
  qValue: Float64Array.from(rows.map(([, , q]) => q)),
});
const rowsOf = (t: QTable): string[] => Array.from(t.stateHash, (h, i) => `${h}/${t.action[i]}=${t.qValue[i]}`).sort();
const withTable = (t: QTable): EntryAgentState => ({ ...entryAgentCodec.fresh(), qTable: t, totalUpdates: 5 });

async function setUp(options: { fs?: ReturnType<typeof recordingFs>; maxRecords?: number } = {}) {
  const directory = await tempDir();
  const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0, ...(options.fs ? { fs: options.fs } : {}) });
  await store.save(entryAgentCodec, withTable(table([[1, 0, 0.1], [2, 1, 0.2], [3, 2, 0.3]])));
  const opened = await loadIncremental({ store, codec: entryAgentCodec, thresholds: { maxRecords: options.maxRecords ?? 1000 } });
  return { directory, store, ...opened, file: deltaPath(store, entryAgentCodec) };
}

async function reload(directory: string) {
  const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
  return loadIncremental({ store, codec: entryAgentCodec });
}

describe('Q-table delta log', () => {
  it('applies the base generation plus every appended record on load', async () => {
    const { directory, log, deltas } = await setUp();
    expect(deltas.status).toBe('none');
    await log.append(table([[2, 1, 0.25]]));
    await log.append(table([[4, 3, -1], [1, 0, 0.15]]));
    await log.append(table([[2, 1, 0.5]]));
    await log.close();
    const loaded = await reload(directory);
    expect(loaded.deltas).toMatchObject({ status: 'clean', applied: 3, entries: 4, lastGoodSeq: 3, baseSeq: 1 });
    expect(rowsOf(loaded.state.qTable)).toEqual(['1/0=0.15', '2/1=0.5', '3/2=0.3', '4/3=-1']);
    expect(loaded.state.totalUpdates).toBe(5);
  });

  it('stops at a torn tail, leaves the bytes on disk, then compacts and keeps the evidence', async () => {
    const { directory, log, file } = await setUp();
    await log.append(table([[2, 1, 0.25]]));
    await log.append(table([[3, 2, 0.35]]));
    await log.close();
    await truncate(file, deltaRecordBytes(1) + 20);
    const before = await readFile(file);
    const loaded = await reload(directory);
    expect(loaded.deltas.status).toBe('stopped');
    expect(loaded.deltas.stoppedAt).toMatchObject({ reason: 'torn', offset: deltaRecordBytes(1), bytesAfter: 20 });
    expect(rowsOf(loaded.state.qTable)).toEqual(['1/0=0.1', '2/1=0.25', '3/2=0.3']);
    expect(await readFile(file)).toEqual(before);
    expect(loaded.log.status.compactionDue).toMatch(/torn/);
    await expect(loaded.log.append(table([[9, 0, 9]]))).rejects.toThrow(/compaction required/);
    const saved = await loaded.log.save(table([[9, 0, 9]]), { ...loaded.state, qTable: table([[1, 0, 0.1], [2, 1, 0.25], [3, 2, 0.3], [9, 0, 9]]) });
    expect(saved.kind).toBe('compaction');
    const names = await readdir(directory);
    const kept = names.find((name) => name.includes('.delta.stopped-'));
    expect(kept).toBeDefined();
    expect(await readFile(`${directory}/${kept}`)).toEqual(before);
    await loaded.log.append(table([[9, 0, 10]]));
    await loaded.log.close();
    const again = await reload(directory);
    expect(again.deltas).toMatchObject({ status: 'clean', applied: 1, baseSeq: 2 });
    expect(rowsOf(again.state.qTable)).toEqual(['1/0=0.1', '2/1=0.25', '3/2=0.3', '9/0=10']);
  });

  it('stops at an altered record in the middle and reports what follows it', async () => {
    const { directory, log, file } = await setUp();
    for (const q of [0.21, 0.22, 0.23]) await log.append(table([[2, 1, q]]));
    await log.close();
    const bytes = await readFile(file);
    bytes[deltaRecordBytes(1) + 70]! ^= 0x10;
    await writeFile(file, bytes);
    const loaded = await reload(directory);
    expect(loaded.deltas).toMatchObject({ status: 'stopped', applied: 1, lastGoodSeq: 1 });
    expect(loaded.deltas.stoppedAt).toMatchObject({ reason: 'hmac-mismatch', bytesAfter: 2 * deltaRecordBytes(1) });
    expect(rowsOf(loaded.state.qTable)).toContain('2/1=0.21');
  });

  it('stops at a gap in the record sequence and at a record signed by an unknown key', async () => {
    const { directory, file } = await setUp();
    const record = (seq: number, key = keyring.active) => encodeDeltaRecord({ componentKind: entryAgentCodec.kind, baseSeq: 1, recordSeq: seq, savedAt: 0, entries: table([[2, 1, seq]]) }, key);
    await writeFile(file, Buffer.concat([record(1), record(3)]));
    expect((await reload(directory)).deltas.stoppedAt?.reason).toBe('gap');
    await writeFile(file, Buffer.concat([record(1), record(2, Keyring.generate().active)]));
    const loaded = await reload(directory);
    expect(loaded.deltas.stoppedAt?.reason).toBe('unknown-key');
    expect(rowsOf(loaded.state.qTable)).toContain('2/1=1');
  });

  it('compacts automatically at the record threshold and on command', async () => {
    const { directory, log, file } = await setUp({ maxRecords: 2 });
    let live = table([[1, 0, 0.1], [2, 1, 0.2], [3, 2, 0.3]]);
    const kinds: string[] = [];
    for (let i = 0; i < 5; i++) {
      live = { ...live, qValue: Float64Array.from(live.qValue, (q, j) => (j === 0 ? q + 1 : q)) };
      kinds.push((await log.save(table([[1, 0, live.qValue[0]!]]), withTable(live))).kind);
    }
    expect(kinds).toEqual(['delta', 'delta', 'compaction', 'delta', 'delta']);
    const compacted = await log.compact(withTable(live));
    expect(compacted.seq).toBe(3);
    await log.close();
    expect(await readFile(file).catch(() => undefined)).toBeUndefined();
    const loaded = await reload(directory);
    expect(loaded.deltas.status).toBe('none');
    expect(rowsOf(loaded.state.qTable)).toEqual(rowsOf(live));
  });

  it('ignores records already folded when a crash came between the new generation and the log removal', async () => {
    const { directory, store, log, file } = await setUp();
    await log.append(table([[2, 1, 7]]));
    await log.close();
    await store.save(entryAgentCodec, withTable(table([[1, 0, 0.1], [2, 1, 8]])));
    const loaded = await reload(directory);
    expect(loaded.deltas).toMatchObject({ status: 'clean', staleRecords: 1, applied: 0, baseSeq: 2 });
    expect(rowsOf(loaded.state.qTable)).toEqual(['1/0=0.1', '2/1=8']);
    expect(await readFile(file).catch(() => undefined)).toBeUndefined();
  });

  it('stops with base-mismatch when load had to fall back to an older generation', async () => {
    const { directory, store, log } = await setUp();
    await log.compact(withTable(table([[1, 0, 1]])));
    await log.append(table([[1, 0, 2]]));
    await log.close();
    const current = store.pathOf(entryAgentCodec, 'current');
    const bytes = await readFile(current);
    bytes[bytes.length - 1]! ^= 1;
    await writeFile(current, bytes);
    const loaded = await reload(directory);
    expect(loaded.load.report.used).toBe('bak');
    expect(loaded.deltas.stoppedAt?.reason).toBe('base-mismatch');
    expect(loaded.log.status.compactionDue).toBeDefined();
  });

  it('compacts after a failed append instead of writing past a possibly partial record', async () => {
    const fs = recordingFs();
    const { log } = await setUp({ fs });
    await log.append(table([[2, 1, 0.25]]));
    fs.failNext('datasync');
    await expect(log.append(table([[2, 1, 0.3]]))).rejects.toThrow(/injected/);
    const next = await log.save(table([[2, 1, 0.4]]), withTable(table([[2, 1, 0.4]])));
    expect(next.kind).toBe('compaction');
    await log.close();
  });

  it('when another process compacts, the next save compacts the live table instead of appending to a stale base', async () => {
    const { directory, log } = await setUp();
    let live = table([[1, 0, 0.1], [2, 1, 0.2], [3, 2, 0.3]]);
    const update = (q: number): QTable => ((live = { ...live, qValue: Float64Array.from(live.qValue, (v, i) => (i === 1 ? q : v)) }), table([[2, 1, q]]));
    expect((await log.save(update(0.5), withTable(live))).kind).toBe('delta');
    const console = await reload(directory); // the console compacts from its own process view
    await console.log.compact(console.state, 'console');
    await console.log.close();
    const next = await log.save(update(0.6), withTable(live));
    expect(next).toMatchObject({ kind: 'compaction', reason: expect.stringMatching(/another writer/) });
    expect((await log.save(update(0.7), withTable(live))).kind).toBe('delta');
    await log.close();
    const loaded = await reload(directory);
    expect(loaded.deltas).toMatchObject({ status: 'clean', applied: 1, baseSeq: 3 });
    expect(rowsOf(loaded.state.qTable)).toEqual(rowsOf(live));
    await expect(log.append(table([[2, 1, 1]]))).resolves.toMatchObject({ recordSeq: 2 });
  });
});
