import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { outboxEntryName } from '@quantum/persistence-core';
import { StateDirectory, activePositionCodec } from '@quantum/persistence-core';
import { describe, expect, it } from 'vitest';
import { CURSOR_BATCH } from '../src/cursor-batch.js';
import { readReplicationStatus } from '../src/disk-status.js';
import { readReplicationJournal } from '../src/replication-journal.js';
import { OUTBOX_DIRECTORY, OUTBOX_HELD_DIRECTORY } from '../src/outbox.js';
import { expectComplete, remoteSeqs, waitFor } from './support/checks.js';
import { startReplicatorProcess } from './support/cli.js';
import { useS3rverFixture } from './support/fixture.js';

const fx = useS3rverFixture('outbox');
const FILE = activePositionCodec.fileName;

async function outboxSeqs(directory: string): Promise<number[]> {
  return (await readdir(join(directory, OUTBOX_DIRECTORY))).filter((name) => name.startsWith(`${FILE}.`)).map((name) => Number(name.slice(FILE.length + 1))).sort((a, b) => a - b);
}

describe('the replication outbox', () => {
  it('creates .outbox/ at start, and a burst of saves much faster than the poll interval loses nothing', async () => {
    const replicator = await fx.replicator({ pollMs: 400 });
    const puts: string[] = [];
    const put = replicator.bucket.putImmutable.bind(replicator.bucket);
    replicator.bucket.putImmutable = async (key, ...rest) => {
      puts.push(key);
      return put(key, ...rest);
    };
    replicator.start();
    try {
      await waitFor(async () => (await readReplicationStatus(fx.state.directory)).outbox, 'the outbox to be created');
      const seqs: number[] = [];
      for (let ticket = 1; ticket <= 40; ticket++) seqs.push(await fx.state.savePosition(ticket));
      await waitFor(async () => (await replicator.lag()).generations === 0, 'the burst to drain');
      expect(await remoteSeqs(replicator)).toEqual(seqs);
    } finally {
      await replicator.stop();
    }
    await expectComplete(fx.state, replicator, { missedAllowed: false });
    // Each generation went up once, under one name, and its entry is gone once uploaded.
    expect(puts).toHaveLength(40);
    expect(new Set(puts).size).toBe(40);
    expect(await outboxSeqs(fx.state.directory)).toEqual([]);
  });

  it('a replicator killed mid-upload resumes from the outbox: nothing sent twice, nothing missing', async () => {
    const replicator = await fx.replicator();
    await replicator.runOnce();
    for (let ticket = 1; ticket <= 12; ticket++) await fx.state.savePosition(ticket);
    let puts = 0;
    const put = replicator.bucket.putImmutable.bind(replicator.bucket);
    replicator.bucket.putImmutable = async (...args) => {
      await put(...args);
      if (++puts === 5) throw new Error('killed after the PUT, before the cursor write');
      return 'created';
    };
    await expect(replicator.runOnce()).rejects.toThrow('killed after the PUT');
    // 1-4 uploaded and unlinked; 5 is in the bucket but its entry stays until a cursor says so.
    expect(await outboxSeqs(fx.state.directory)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    const restarted = await fx.replicator();
    const report = await restarted.runOnce();
    expect(report.uploaded.map((item) => [item.seq, item.outcome])).toEqual([[5, 'already-present'], ...[6, 7, 8, 9, 10, 11, 12].map((seq) => [seq, 'created'])]);
    expect(report.missed).toEqual([]);
    await expectComplete(fx.state, restarted, { missedAllowed: false });
    expect(await outboxSeqs(fx.state.directory)).toEqual([]);
  });

  it('survives a SIGKILL of the replicator process during a drain; a restarted replicator catches up from the outbox', async () => {
    const child = await startReplicatorProcess(fx.state, fx.target(), ['--poll-ms', '5']);
    const replicator = await fx.replicator();
    try {
      await waitFor(async () => (await readReplicationStatus(fx.state.directory)).outbox, () => `the child to create the outbox; its output:\n${child.output()}`);
      for (let ticket = 1; ticket <= 60; ticket++) await fx.state.savePosition(ticket);
      await waitFor(async () => (await remoteSeqs(replicator)).length >= 3, () => `the child to upload; its output:\n${child.output()}`);
    } finally {
      await child.kill('SIGKILL');
    }
    for (let ticket = 61; ticket <= 70; ticket++) await fx.state.savePosition(ticket);
    const before = new Set(await remoteSeqs(replicator));
    const restarted = await fx.replicator();
    const report = await restarted.runOnce();
    // Uploads the killed process made after its last cursor write are recognised by digest (up to a
    // cursor batch of them), never sent again; everything else is sent once.
    const created = report.uploaded.filter((item) => item.outcome === 'created').map((item) => item.seq);
    const present = report.uploaded.filter((item) => item.outcome === 'already-present').map((item) => item.seq);
    expect(created.filter((seq) => before.has(seq))).toEqual([]);
    expect(present.length).toBeLessThanOrEqual(CURSOR_BATCH);
    await expectComplete(fx.state, restarted, { missedAllowed: false });
    expect(await outboxSeqs(fx.state.directory)).toEqual([]);
  });

  it('stops cleanly on SIGTERM even when a second SIGTERM arrives during the stop (a process group and its parent both signal)', async () => {
    const child = await startReplicatorProcess(fx.state, fx.target(), ['--poll-ms', '5']);
    await waitFor(async () => (await readReplicationStatus(fx.state.directory)).outbox, () => `the child to create the outbox; its output:\n${child.output()}`);
    for (let ticket = 1; ticket <= 20; ticket++) await fx.state.savePosition(ticket);
    await waitFor(async () => / pass ok/.test(child.output()), () => `the child to report a pass; its output:\n${child.output()}`);
    // Signals until it exits: any that lands during the stop must not kill it.
    const repeat = setInterval(() => child.child.kill('SIGTERM'), 2);
    await child.kill('SIGTERM').finally(() => clearInterval(repeat));
    expect(child.output()).toContain('[child exited: 0]');
    expect(child.output()).toMatch(/lag/i);
  });

  it('reports the seqs a full outbox could not hold as missed', async () => {
    const state = await fx.restate({ outboxLimit: 3 });
    const replicator = await fx.replicator();
    await replicator.runOnce();
    const links = [];
    for (let ticket = 1; ticket <= 10; ticket++) links.push((await state.savePositionResult(ticket)).outbox);
    expect(links.map((link) => link?.linked)).toEqual([true, true, true, false, false, false, false, false, false, false]);
    expect(links[3]?.error).toMatch(/limit/);
    const report = await replicator.runOnce();
    // 1-3 waited in the outbox, 7-10 are still in the four slots: 4-6 are gone.
    expect(report.missed).toEqual([{ component: 'ActivePosition', seqs: [4, 5, 6] }]);
    expect(report.uploaded.map((item) => item.seq)).toEqual([1, 2, 3, 7, 8, 9, 10]);
    const status = await readReplicationStatus(state.directory);
    expect(status.problems).toEqual([{ component: 'ActivePosition', missed: [4, 5, 6], rejected: [] }]);
    expect(status.lastPass).toMatchObject({ outcome: 'warning', message: expect.stringContaining('ActivePosition seq 4,5,6 rotated away before upload') });
    await expectComplete(state, replicator);
  });

  it('never uploads an outbox entry that fails verification: it is reported and held aside', async () => {
    const replicator = await fx.replicator();
    await replicator.runOnce();
    for (let ticket = 1; ticket <= 6; ticket++) await fx.state.savePosition(ticket);
    // Seq 1 has rotated off the slots: its only name is the entry. Flip a body byte.
    const entry = join(fx.state.directory, OUTBOX_DIRECTORY, outboxEntryName(FILE, 1));
    const bytes = await readFile(entry);
    bytes.writeUInt8(bytes.readUInt8(80) ^ 0xff, 80);
    await writeFile(entry, bytes);
    const report = await replicator.runOnce();
    expect(report.rejected).toMatchObject([{ component: 'ActivePosition', seq: 1 }]);
    expect(report.uploaded.map((item) => item.seq)).toEqual([2, 3, 4, 5, 6]);
    expect(await remoteSeqs(replicator)).toEqual([2, 3, 4, 5, 6]);
    expect(await readdir(join(fx.state.directory, OUTBOX_HELD_DIRECTORY))).toEqual([outboxEntryName(FILE, 1)]);
    expect(await outboxSeqs(fx.state.directory)).toEqual([]);
    expect((await readReplicationStatus(fx.state.directory)).problems[0]?.rejected).toEqual([{ seq: 1, reason: report.rejected[0]!.reason }]);
  });

  it('does not create a state directory that the agent has not created yet; makes the outbox once it exists', async () => {
    const directory = join(fx.state.root, 'not-yet');
    const replicator = await fx.replicator({ directory });
    await replicator.runOnce();
    expect(await stat(directory).catch(() => undefined)).toBeUndefined();
    await StateDirectory.open({ directory, keyring: fx.state.keyring, reserveBytes: 0 });
    await replicator.runOnce();
    expect((await stat(join(directory, OUTBOX_DIRECTORY))).isDirectory()).toBe(true);
  });

  it('replicates from the slots when the outbox cannot be made, and says why once', async () => {
    await writeFile(join(fx.state.directory, OUTBOX_DIRECTORY), 'not a directory');
    const replicator = await fx.replicator();
    await fx.state.savePosition(1);
    expect((await replicator.runOnce()).uploaded.map((item) => item.seq)).toEqual([1]);
    await fx.state.savePosition(2);
    await replicator.runOnce();
    expect(await remoteSeqs(replicator)).toEqual([1, 2]);
    const warnings = (await readReplicationJournal(fx.state.directory)).filter((event) => event.message.includes('could not be created'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.outcome).toBe('warning');
  });
});
