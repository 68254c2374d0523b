import { readFile, writeFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { activePositionCodec } from '@quantum/persistence-core';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/digest.js';
import { CURSOR_FILE } from '../src/cursor.js';
import { generationKey } from '../src/object-keys.js';
import { readReplicationJournal } from '../src/replication-journal.js';
import type { Replicator } from '../src/replicator.js';
import { useS3rverFixture } from './support/fixture.js';

const fx = useS3rverFixture('replicas');

async function objectKeys(replicator: Replicator): Promise<string[]> {
  return (await replicator.bucket.list('quantum/')).map((object) => object.key).sort();
}

describe('replication to an S3 bucket (s3rver)', () => {
  it('uploads every committed generation as an immutable object named by seq, with its digest and HMAC', async () => {
    const target = fx.target();
    const replicator = await fx.replicator();
    const seqs = [await fx.state.savePosition(1), await fx.state.savePosition(2), await fx.state.savePosition(3)];
    const report = await replicator.runOnce();
    expect(report.uploaded.map((item) => item.seq)).toEqual(seqs);
    expect(await objectKeys(replicator)).toEqual(seqs.map((seq) => generationKey(target, 'ActivePosition', seq)));
    expect(generationKey(target, 'ActivePosition', 3)).toBe('quantum/agent-1/ActivePosition/0000000000000003.dat');

    const local = new Uint8Array(await readFile(fx.state.store.pathOf(activePositionCodec, 'current')));
    const remote = await replicator.bucket.get(generationKey(target, 'ActivePosition', 3));
    expect(Buffer.from(remote!.bytes).equals(local)).toBe(true);
    expect(remote!.facts.metadata['sha256']).toBe(sha256Hex(local));
    expect(remote!.facts.metadata['hmac']).toBe(Buffer.from(local.subarray(local.byteLength - 32)).toString('hex'));
    expect(replicator.cursor.components['ActivePosition']?.uploadedSeq).toBe(3);

    expect((await replicator.runOnce()).uploaded).toEqual([]);
    const lag = await replicator.lag();
    expect([lag.generations, lag.bytesPending, lag.seconds]).toEqual([0, 0, 0]);
  });

  it('reports lag before the upload: generations, bytes and age of the oldest pending generation', async () => {
    let now = 1_000_000;
    const replicator = await fx.replicator({ now: () => now });
    await fx.state.savePosition(1);
    await fx.state.savePosition(2);
    const savedAt = (await fx.state.store.currentHeader(activePositionCodec))!.savedAt;
    now = savedAt + 5000;
    const lag = await replicator.lag();
    expect(lag.generations).toBe(2);
    expect(lag.bytesPending).toBeGreaterThan(2 * 100);
    expect(lag.seconds).toBeGreaterThanOrEqual(5);
    await replicator.runOnce();
    expect((await replicator.lag()).generations).toBe(0);
    const journal = await readReplicationJournal(fx.state.directory);
    expect(journal.at(-1)).toMatchObject({ kind: 'pass', outcome: 'ok' });
  });

  it('resumes from the durable cursor after a restart without uploading anything twice', async () => {
    const first = await fx.replicator();
    await fx.state.savePosition(1);
    await first.runOnce();
    await fx.state.savePosition(2);
    const second = await fx.replicator();
    expect(second.cursor.components['ActivePosition']?.uploadedSeq).toBe(1);
    expect((await second.runOnce()).uploaded.map((item) => [item.seq, item.outcome])).toEqual([[2, 'created']]);
  });

  it('recognises an object PUT before a crash that lost the cursor, by digest, instead of uploading it again', async () => {
    const replicator = await fx.replicator();
    await fx.state.savePosition(1);
    await fx.state.savePosition(2);
    await replicator.runOnce();
    await unlink(join(fx.state.directory, CURSOR_FILE));
    const restarted = await fx.replicator();
    const report = await restarted.runOnce();
    expect(report.uploaded.map((item) => item.outcome)).toEqual(['already-present', 'already-present']);
    expect(await objectKeys(restarted)).toHaveLength(2);
  });

  it('never overwrites an object that holds other bytes, and reports the conflict', async () => {
    const target = fx.target();
    const replicator = await fx.replicator();
    const seq = await fx.state.savePosition(1);
    const key = generationKey(target, 'ActivePosition', seq);
    await replicator.bucket.client.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'someone else', Metadata: { sha256: 'x' } }));
    const report = await replicator.runOnce();
    expect(report.conflicts).toHaveLength(1);
    expect(report.conflicts[0]?.message).toContain('never overwritten');
    expect(Buffer.from((await replicator.bucket.get(key))!.bytes).toString()).toBe('someone else');
    const status = await replicator.status();
    expect(status.totals.conflicts).toBe(1);
  });

  it('without the outbox, reports generations that rotated off the local chain before they could be uploaded', async () => {
    const replicator = await fx.replicator({ outbox: false });
    await fx.state.savePosition(1);
    await replicator.runOnce();
    for (let ticket = 2; ticket <= 7; ticket++) await fx.state.savePosition(ticket);
    const report = await replicator.runOnce();
    expect(report.missed).toEqual([{ component: 'ActivePosition', seqs: [2, 3] }]);
    expect(report.uploaded.map((item) => item.seq)).toEqual([4, 5, 6, 7]);
    expect(replicator.cursor.components['ActivePosition']?.missed).toEqual([2, 3]);
  });

  it('never takes the component lock: a pass completes while a save holds it', async () => {
    const replicator = await fx.replicator();
    await fx.state.savePosition(1);
    // With the lock held here, a replicator that waited for it would never finish this pass.
    const report = await fx.state.store.withLock(activePositionCodec, () => replicator.runOnce());
    expect(report.uploaded.map((item) => item.seq)).toEqual([1]);
  });

  it('puts a gap on disk before the next upload, so a replicator killed right after that PUT still reports it', async () => {
    const replicator = await fx.replicator({ outbox: false });
    await fx.state.savePosition(1);
    await replicator.runOnce();
    for (let ticket = 2; ticket <= 9; ticket++) await fx.state.savePosition(ticket);
    const put = replicator.bucket.putImmutable.bind(replicator.bucket);
    replicator.bucket.putImmutable = async (...args) => {
      await put(...args);
      throw new Error('killed after the PUT, before the cursor write');
    };
    await expect(replicator.runOnce()).rejects.toThrow('killed after the PUT');
    const restarted = await fx.replicator({ outbox: false });
    expect(restarted.cursor.components['ActivePosition']).toMatchObject({ uploadedSeq: 1, missed: [2, 3, 4, 5] });
    const report = await restarted.runOnce();
    expect(report.uploaded.map((item) => [item.seq, item.outcome])).toEqual([[6, 'already-present'], [7, 'created'], [8, 'created'], [9, 'created']]);
    expect(restarted.cursor.components['ActivePosition']?.missed).toEqual([2, 3, 4, 5]);
    expect((await restarted.status()).totals.missed).toBe(4);
  });

  it('does not upload a local generation that fails verification', async () => {
    const replicator = await fx.replicator();
    await fx.state.savePosition(1);
    const path = fx.state.store.pathOf(activePositionCodec, 'current');
    const bytes = await readFile(path);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    await writeFile(path, bytes);
    const report = await replicator.runOnce();
    expect(report.rejected).toMatchObject([{ component: 'ActivePosition', seq: 1, reason: 'hmac-mismatch' }]);
    expect(await objectKeys(replicator)).toEqual([]);
  });
});
