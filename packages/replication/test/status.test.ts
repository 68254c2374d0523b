import { describe, expect, it } from 'vitest';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { activePositionCodec, outboxEntryName } from '@quantum/persistence-core';
import { OUTBOX_DIRECTORY } from '../src/outbox.js';
import { commands } from '../src/cli/commands.js';
import { formatDiskStatus } from '../src/cli/format.js';
import { readReplicationStatus } from '../src/disk-status.js';
import { ReplicationJournal, lastJournalEvents, readReplicationJournal } from '../src/replication-journal.js';
import { waitFor } from './support/checks.js';
import { useS3rverFixture } from './support/fixture.js';

const fx = useS3rverFixture('status');

describe('replication status from the state directory alone', () => {
  it('is read by a process without credentials or a replicator: target, lag per component, last pass', async () => {
    expect(await readReplicationStatus(fx.state.directory)).toMatchObject({ configured: false, outbox: false, lag: { generations: 0 } });
    const replicator = await fx.replicator();
    await fx.state.savePosition(1);
    await replicator.runOnce();
    await fx.state.savePosition(2);
    const savedAt = (await fx.state.store.currentHeader(activePositionCodec))!.savedAt;
    const status = await readReplicationStatus(fx.state.directory, { now: savedAt + 3000 });
    expect(status).toMatchObject({ configured: true, outbox: true, target: { bucket: fx.target().bucket, installation: 'agent-1' }, lag: { generations: 1, seconds: 3 } });
    const position = status.lag.components.find((component) => component.component === 'ActivePosition');
    expect(position).toMatchObject({ localSeq: 2, uploadedSeq: 1, generationsBehind: 1, seconds: 3 });
    expect(position?.bytesPending).toBeGreaterThan(100);
    expect(status.lastPass?.message).toContain('uploaded 1 generation');
    expect(status.lastError).toBeUndefined();
    const lines = formatDiskStatus(status);
    expect(lines.find((line) => line.includes('ActivePosition'))).toMatch(/uploaded +1 +behind 3\.0 s, 1 generation\(s\) \(1 saves\), \d+ B pending/);
  });

  it('`quantum-replicate status` prints it per component without bucket settings or credentials; exit 1 while failing', async () => {
    const replicator = await fx.replicator();
    await replicator.runOnce(); // the outbox exists before the store's first save looks for it
    await fx.state.savePosition(1);
    await replicator.runOnce();
    await fx.state.savePosition(2);
    const status = commands.find((command) => command.name === 'status')!;
    const printed: string[] = [];
    const run = () => status.run({ values: { dir: fx.state.directory }, print: (lines) => printed.push(...(lines as string[])) });
    expect(await run()).toBe(0);
    expect(printed[0]).toBe(`replicating to s3://${fx.target().bucket}/quantum as agent-1; outbox on`);
    expect(printed.find((line) => line.trimStart().startsWith('ActivePosition'))).toMatch(/local seq +2 +uploaded +1 +behind \d+\.\d s, 1 generation\(s\) \(1 saves\), \d+ B pending, 1 in the outbox/);
    await fx.emulator.stop();
    try {
      await expect(replicator.runOnce()).rejects.toThrow(/unreachable/);
    } finally {
      await fx.emulator.restart();
    }
    printed.length = 0;
    expect(await run()).toBe(1);
    expect(printed.some((line) => line.startsWith('FAILING since'))).toBe(true);
  });

  it('counts generations waiting only in the outbox (rotated off the slots) in the lag: generations, bytes, age', async () => {
    const replicator = await fx.replicator();
    await replicator.runOnce();
    for (let ticket = 1; ticket <= 8; ticket++) await fx.state.savePosition(ticket);
    const entries = await readdir(join(fx.state.directory, OUTBOX_DIRECTORY));
    const sizes = await Promise.all(entries.map(async (name) => (await stat(join(fx.state.directory, OUTBOX_DIRECTORY, name))).size));
    const first = await stat(join(fx.state.directory, OUTBOX_DIRECTORY, outboxEntryName(activePositionCodec.fileName, 1)));
    const status = await readReplicationStatus(fx.state.directory, { now: first.mtimeMs + 10_000 });
    expect(entries).toHaveLength(8);
    expect(status.lag).toMatchObject({ generations: 8, outboxEntries: 8, bytesPending: sizes.reduce((a, b) => a + b, 0), seconds: 10 });
    expect(status.lag.components.find((component) => component.component === 'ActivePosition')).toMatchObject({ localSeq: 8, generationsBehind: 8, seqsBehind: 8, outboxEntries: 8 });
  });

  it('shows a failing store (since when, how many in a row) until a pass succeeds again', async () => {
    const replicator = await fx.replicator();
    await fx.state.savePosition(1);
    await fx.emulator.stop();
    try {
      await expect(replicator.runOnce()).rejects.toThrow(/unreachable/);
      await expect(replicator.runOnce()).rejects.toThrow(/unreachable/);
      const failing = await readReplicationStatus(fx.state.directory);
      expect(failing.lastError).toMatchObject({ consecutiveFailures: 2 });
      expect(failing.lastError?.message).toMatch(/unreachable/);
      expect(failing.failingSince).toBeLessThan(failing.lastError!.at + 1);
      expect(formatDiskStatus(failing).some((line) => line.startsWith('FAILING since'))).toBe(true);
    } finally {
      await fx.emulator.restart();
    }
    await replicator.runOnce();
    const recovered = await readReplicationStatus(fx.state.directory);
    expect(recovered.lastError).toBeUndefined();
    expect(recovered.failingSince).toBeUndefined();
    expect(recovered.lag.generations).toBe(0);
  });

  it('a running replicator writes periodic lag records to its journal, with the components behind', async () => {
    const replicator = await fx.replicator({ pollMs: 10, lagRecordEveryMs: 1, verifyEveryMs: 0 });
    replicator.start();
    try {
      await fx.state.savePosition(1);
      await waitFor(async () => (await readReplicationJournal(fx.state.directory)).filter((event) => event.kind === 'lag').length >= 2, 'two lag records');
    } finally {
      await replicator.stop();
    }
    const record = (await readReplicationJournal(fx.state.directory)).findLast((event) => event.kind === 'lag');
    expect(record).toMatchObject({ outcome: 'ok', lag: { generations: 0 }, detail: { outboxEntries: 0 } });
    expect((await readReplicationStatus(fx.state.directory)).lastSeenAt).toBeGreaterThanOrEqual(record!.time);
  });

  it('finds the newest event of each kind by reading the journal backwards, past many chunks of newer lines', async () => {
    const journal = new ReplicationJournal(fx.state.directory);
    await journal.append({ time: 1, kind: 'verify', outcome: 'ok', message: 'the only verification ✓' });
    await journal.append({ time: 2, kind: 'retention', outcome: 'ok', message: '0 deleted' });
    for (let i = 0; i < 600; i++) await journal.append({ time: 10 + i, kind: i % 2 === 0 ? 'pass' : 'lag', outcome: 'ok', message: `line ${i} ${'é'.repeat(150)}` });
    const last = await lastJournalEvents(fx.state.directory);
    expect(last.verify?.message).toBe('the only verification ✓');
    expect(last.retention?.time).toBe(2);
    expect([last.pass?.time, last.lag?.time]).toEqual([608, 609]);
    expect(last.failure).toBeUndefined();
  });
});
