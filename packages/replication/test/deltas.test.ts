import { readFile, writeFile } from 'node:fs/promises';
import type { EntryAgentState, QTable } from '@quantum/persistence-core';
import { StateDirectory, deltaPath, entryAgentCodec, loadIncremental } from '@quantum/persistence-core';
import { describe, expect, it } from 'vitest';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CURSOR_FILE } from '../src/cursor.js';
import { generationKey } from '../src/object-keys.js';
import { deltaSegmentKey, scanDeltaRecords } from '../src/delta-segments.js';
import { defaultComponents } from '../src/components.js';
import { restoreFromBucket } from '../src/restore.js';
import { useS3rverFixture } from './support/fixture.js';

const fx = useS3rverFixture('deltas');

const table = (rows: [number, number, number][]): QTable => ({
  stateHash: BigUint64Array.from(rows.map(([h]) => BigInt(h))),
  action: Uint8Array.from(rows.map(([, a]) => a)),
  qValue: Float64Array.from(rows.map(([, , q]) => q)),
});
const withTable = (qTable: QTable): EntryAgentState => ({ ...entryAgentCodec.fresh(), qTable });

/** An EntryAgent replicator, a base generation (seq 1) and its open delta log. */
async function withDeltaLog() {
  const replicator = await fx.replicator({ components: defaultComponents([entryAgentCodec]) });
  await fx.state.store.save(entryAgentCodec, withTable(table([[1, 0, 0.1]])));
  const { log } = await loadIncremental({ store: fx.state.store, codec: entryAgentCodec });
  return { replicator, log };
}

describe('delta log segments', () => {
  it('uploads the verified records past the cursor as immutable segments, never the same record under two names', async () => {
    const target = fx.target();
    const open = () => fx.replicator({ components: defaultComponents([entryAgentCodec]) });
    const { replicator, log } = await withDeltaLog();
    await log.append(table([[2, 1, 0.2]]));
    await log.append(table([[3, 2, 0.3]]));

    const first = await replicator.runOnce();
    expect(first.uploaded.map((item) => item.seq)).toEqual([1]);
    expect(first.deltas.map((item) => item.key)).toEqual([deltaSegmentKey(target, 'EntryAgent', 1, 1, 2)]);
    const file = new Uint8Array(await readFile(deltaPath(fx.state.store, entryAgentCodec)));
    expect(Buffer.from((await replicator.bucket.get(first.deltas[0]!.key))!.bytes).equals(file)).toBe(true);
    expect(scanDeltaRecords(file, fx.state.keyring, entryAgentCodec.kind).records.map((record) => record.recordSeq)).toEqual([1, 2]);

    await log.append(table([[4, 3, 0.4]]));
    // A replicator that lost its cursor after uploading records 1-2 starts after them, not at 1.
    await unlink(join(fx.state.directory, CURSOR_FILE));
    const restarted = await open();
    const second = await restarted.runOnce();
    expect(second.deltas.map((item) => [item.firstRecord, item.lastRecord, item.outcome])).toEqual([[3, 3, 'created']]);

    await log.compact(withTable(table([[1, 0, 0.1], [2, 1, 0.2], [3, 2, 0.3], [4, 3, 0.4]])));
    await log.append(table([[5, 0, 0.5]]));
    await log.close();
    const third = await restarted.runOnce();
    expect(third.uploaded.map((item) => item.seq)).toEqual([2]);
    expect(third.deltas.map((item) => item.key)).toEqual([deltaSegmentKey(target, 'EntryAgent', 2, 1, 1)]);
    expect((await restarted.runOnce()).deltas).toEqual([]);
    expect((await restarted.status()).totals).toMatchObject({ uploaded: 1, deltaSegments: 2, alreadyPresent: 1 });

    const verification = await restarted.verify({ all: true });
    expect(verification.results.filter((result) => result.delta !== undefined).map((result) => [result.seq, result.delta, result.status])).toEqual([
      [1, { first: 1, last: 2 }, 'ok'],
      [1, { first: 3, last: 3 }, 'ok'],
      [2, { first: 1, last: 1 }, 'ok'],
    ]);
    expect(verification.ok).toBe(true);

    // Retention deletes base 1 (keep last 1) and its two segments; base 2 and its segment stay.
    const retention = await restarted.applyRetention({ keepLast: 1, hourlyDays: 0, dailyDays: 0 });
    expect(retention.deleted).toEqual([generationKey(target, 'EntryAgent', 1), deltaSegmentKey(target, 'EntryAgent', 1, 1, 2), deltaSegmentKey(target, 'EntryAgent', 1, 3, 3)]);
    expect((await restarted.catalog.deltaSegments('EntryAgent')).map((segment) => segment.key)).toEqual([deltaSegmentKey(target, 'EntryAgent', 2, 1, 1)]);
  });

  it('uploads only the complete records before a torn tail', async () => {
    const target = fx.target();
    const { replicator, log } = await withDeltaLog();
    await log.append(table([[2, 1, 0.2]]));
    await log.close();
    const path = deltaPath(fx.state.store, entryAgentCodec);
    const { appendFile } = await import('node:fs/promises');
    await appendFile(path, Buffer.alloc(40, 7));
    const report = await replicator.runOnce();
    expect(report.deltas.map((item) => [item.firstRecord, item.lastRecord])).toEqual([[1, 1]]);
    expect(report.deltas[0]!.bytes).toBe((await readFile(path)).byteLength - 40);

    // Damaged in the bucket behind the replicator's back: verification says so.
    const stored = join(fx.emulator.directory, target.bucket, `${report.deltas[0]!.key}._S3rver_object`);
    const bytes = await readFile(stored);
    bytes.writeUInt8(bytes.readUInt8(70) ^ 1, 70);
    await writeFile(stored, bytes);
    const verification = await replicator.verify({ all: true });
    expect(verification.results.find((result) => result.delta !== undefined)).toMatchObject({ status: 'digest-mismatch', key: report.deltas[0]!.key });
    expect(verification.ok).toBe(false);
  });

  it('a point-in-time restore rebuilds the delta log up to that time, and it loads', async () => {
    const target = fx.target();
    const { replicator, log } = await withDeltaLog();
    await log.append(table([[2, 1, 0.2]]));
    await replicator.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await log.append(table([[3, 2, 0.3]]));
    await log.close();
    await replicator.runOnce();
    const records = scanDeltaRecords(new Uint8Array(await readFile(deltaPath(fx.state.store, entryAgentCodec))), fx.state.keyring, entryAgentCodec.kind).records;
    expect(records).toHaveLength(2);

    const rows = async (directory: string): Promise<number[]> => {
      const store = await StateDirectory.open({ directory, keyring: fx.state.keyring, reserveBytes: 0 });
      return Array.from((await loadIncremental({ store, codec: entryAgentCodec })).state.qTable.stateHash, Number).sort();
    };
    const all = await restoreFromBucket({ bucket: replicator.bucket, scope: target, keyring: fx.state.keyring, directory: join(fx.state.root, 'all'), point: { kind: 'time', at: records[1]!.savedAt }, codecs: [entryAgentCodec] });
    expect(all.files[0]).toMatchObject({ component: 'EntryAgent', seq: 1, deltaRecords: 2 });
    expect(await rows(join(fx.state.root, 'all'))).toEqual([1, 2, 3]);
    const early = await restoreFromBucket({ bucket: replicator.bucket, scope: target, keyring: fx.state.keyring, directory: join(fx.state.root, 'early'), point: { kind: 'time', at: records[0]!.savedAt }, codecs: [entryAgentCodec] });
    expect(early.files[0]?.deltaRecords).toBe(1);
    expect(await rows(join(fx.state.root, 'early'))).toEqual([1, 2]);
  });
});
