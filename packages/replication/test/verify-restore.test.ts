import { readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATIONS, Keyring, StateDirectory, activePositionCodec, componentCodecs } from '@quantum/persistence-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReplicationTarget } from '../src/config.js';
import { RestoreRefusedError } from '../src/errors.js';
import { generationKey } from '../src/object-keys.js';
import { restoreFromBucket } from '../src/restore.js';
import type { Replicator } from '../src/replicator.js';
import { useS3rverFixture } from './support/fixture.js';
import { positionState } from './support/state.js';
import type { TestState } from './support/state.js';

const fx = useS3rverFixture('restore');
let replicator: Replicator;
let target: ReplicationTarget;
let state: TestState;

beforeEach(async () => {
  state = fx.state;
  target = fx.target();
  replicator = await fx.replicator({ all: true });
});

/** s3rver keeps each object as `<bucket>/<key>._S3rver_object`: damage it behind the replicator's back. */
function objectFile(key: string): string {
  return join(fx.emulator.directory, target.bucket, `${key}._S3rver_object`);
}

function restore(directory: string, point: Parameters<typeof restoreFromBucket>[0]['point'], keyring = state.keyring, replaceExisting = false) {
  return restoreFromBucket({ bucket: replicator.bucket, scope: target, keyring, directory, point, replaceExisting });
}

describe('restore-and-compare verification', () => {
  it('verifies the newest replica of each component against the local generation', async () => {
    await state.saveCut(1);
    await replicator.runOnce();
    const report = await replicator.verify();
    expect(report.ok).toBe(true);
    expect(report.results.filter((result) => result.comparedWithLocal)).toHaveLength(componentCodecs.length + 1);
    expect((await replicator.status()).lastVerification).toMatchObject({ ok: true });
    expect(replicator.cursor.components['ActivePosition']?.verifiedSeq).toBe(1);
  });

  it('reports a replica corrupted in the bucket and re-uploads one deleted from it', async () => {
    await state.saveCut(1);
    await replicator.runOnce();
    const corrupted = generationKey(target, 'ActivePosition', 1);
    const bytes = await readFile(objectFile(corrupted));
    bytes.writeUInt8(bytes.readUInt8(100) ^ 1, 100);
    await writeFile(objectFile(corrupted), bytes);
    const deleted = generationKey(target, 'EntryAgent', 1);
    await replicator.bucket.delete(deleted);

    const report = await replicator.verify();
    expect(report.ok).toBe(false);
    expect(report.results.find((result) => result.key === corrupted)).toMatchObject({ status: 'digest-mismatch' });
    expect(report.results.find((result) => result.key === deleted)).toMatchObject({ status: 'repaired' });
    expect(await replicator.bucket.head(deleted)).toBeDefined();
    expect((await replicator.status()).lastVerification?.failed).toMatchObject([{ component: 'ActivePosition', status: 'digest-mismatch' }]);
  });

  it('reports the newest replica deleted behind its back once the local copy is gone, instead of checking an older one', async () => {
    for (let ticket = 1; ticket <= 6; ticket++) await state.savePosition(ticket);
    await replicator.runOnce();
    await replicator.bucket.delete(generationKey(target, 'ActivePosition', 6));
    for (const generation of GENERATIONS) await rm(state.store.pathOf(activePositionCodec, generation), { force: true });
    for (const all of [false, true]) {
      const report = await replicator.verify({ all });
      expect(report.ok).toBe(false);
      expect(report.results.filter((result) => result.status !== 'ok').map((result) => [result.seq, result.status])).toEqual([[6, 'missing']]);
      expect(report.results.find((result) => result.seq === 6)?.message).toContain('cannot be re-uploaded');
    }
  });
});

describe('restore from the bucket', () => {
  it('rebuilds a state directory at the newest complete SaveAll cut, loadable with the same key', async () => {
    await state.saveCut(11);
    await state.saveCut(22);
    await state.savePosition(33); // after the cut: not part of it
    await replicator.runOnce();
    const directory = join(state.root, 'restored');
    const report = await restore(directory, { kind: 'latest-cut' });
    expect(report.cut?.cutId).toBe(2);
    expect(report.files).toHaveLength(componentCodecs.length + 1);
    const restored = await StateDirectory.open({ directory, keyring: state.keyring, reserveBytes: 0 });
    const loaded = await restored.load(activePositionCodec);
    expect(loaded.report.level).toBe('ok');
    expect(loaded.state).toEqual(positionState(22));
  });

  it('restores a given seq, and a point in time, per component', async () => {
    const first = await state.savePosition(1);
    await new Promise((resolve) => setTimeout(resolve, 5)); // distinct savedAt milliseconds
    const second = await state.savePosition(2);
    await replicator.runOnce();
    const atSeq = await restore(join(state.root, 'at-seq'), { kind: 'seq', component: 'ActivePosition', seq: first });
    expect(atSeq.files.map((file) => [file.component, file.seq])).toEqual([['ActivePosition', first]]);
    const secondSavedAt = (await state.store.currentHeader(activePositionCodec))!.savedAt;
    const atTime = await restore(join(state.root, 'at-time'), { kind: 'time', at: secondSavedAt });
    expect(atTime.files.find((file) => file.component === 'ActivePosition')?.seq).toBe(second);
    const before = await restore(join(state.root, 'before'), { kind: 'time', at: secondSavedAt - 1 });
    expect(before.files.map((file) => file.seq)).toEqual([first]);
  });

  it('falls back to an older cut when a member of the newest one is damaged, and says so', async () => {
    await state.saveCut(11);
    await state.saveCut(22);
    await replicator.runOnce();
    const damaged = generationKey(target, 'ActivePosition', 2);
    const bytes = await readFile(objectFile(damaged));
    bytes.writeUInt8(bytes.readUInt8(80) ^ 1, 80);
    await writeFile(objectFile(damaged), bytes);
    const report = await restore(join(state.root, 'restored'), { kind: 'latest-cut' });
    expect(report.cut?.cutId).toBe(1);
    expect(report.warnings.join('\n')).toContain(damaged);
  });

  it('refuses a non-empty directory, a wrong key or an empty bucket before writing anything', async () => {
    await state.saveCut(1);
    await replicator.runOnce();
    const occupied = join(state.root, 'occupied');
    await mkdir(occupied);
    await writeFile(join(occupied, 'keep.txt'), 'mine');
    await expect(restore(occupied, { kind: 'latest-cut' })).rejects.toBeInstanceOf(RestoreRefusedError);
    expect(await readdir(occupied)).toEqual(['keep.txt']);

    const wrongKey = join(state.root, 'wrong-key');
    await expect(restore(wrongKey, { kind: 'latest-cut' }, Keyring.generate())).rejects.toThrow(/unknown-key|not held|key/i);
    expect(await readdir(state.root)).not.toContain('wrong-key');

    const replaced = await restore(occupied, { kind: 'latest-cut' }, state.keyring, true);
    expect(replaced.movedAside).toBeDefined();
    expect(await readdir(replaced.movedAside!)).toEqual(['keep.txt']);

    const emptyTarget = { ...target, installation: 'nobody' };
    await expect(restoreFromBucket({ bucket: replicator.bucket, scope: emptyTarget, keyring: state.keyring, directory: join(state.root, 'none'), point: { kind: 'latest-cut' } })).rejects.toThrow(/no generations for installation nobody/);
  });
});

describe('retention in the bucket', () => {
  it('deletes beyond the policy but keeps the newest verified generation and local pins', async () => {
    const positionOnly = await fx.replicator();
    for (let ticket = 1; ticket <= 4; ticket++) await state.savePosition(ticket);
    await positionOnly.runOnce();
    await positionOnly.verify(); // verifies seq 4, the newest
    for (let ticket = 5; ticket <= 8; ticket++) await state.savePosition(ticket);
    await positionOnly.runOnce();
    await mkdir(join(state.directory, 'pinned'), { recursive: true });
    await writeFile(join(state.directory, 'pinned', `${activePositionCodec.fileName}.2.pin`), 'pin');

    const dryRun = await positionOnly.applyRetention({ keepLast: 2, hourlyDays: 0, dailyDays: 0 }, { dryRun: true });
    expect(dryRun.deleted).toHaveLength(4);
    expect((await positionOnly.catalog.generations('ActivePosition')).map((object) => object.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const report = await positionOnly.applyRetention({ keepLast: 2, hourlyDays: 0, dailyDays: 0 });
    expect(report.deleted).toEqual([6, 5, 3, 1].map((seq) => generationKey(target, 'ActivePosition', seq)));
    expect((await positionOnly.catalog.generations('ActivePosition')).map((object) => object.seq)).toEqual([2, 4, 7, 8]);
    expect((await positionOnly.status()).lastRetention).toMatchObject({ deleted: 4, kept: 4 });
  });
});
