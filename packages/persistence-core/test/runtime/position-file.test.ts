import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { ActivePositionState } from '../../src/components/types.js';
import { isDecodeError } from '../../src/errors.js';
import { Keyring } from '../../src/signing/keyring.js';
import { POSITION_FILE, PositionFile } from '../../src/runtime/position-file.js';
import { RECORD_BYTES, SLOT_BYTES, encodeSlot, RecordKind } from '../../src/runtime/position-slot.js';
import { SaveJournal } from '../../src/runtime/journal.js';
import { readJournal } from '../../src/runtime/journal-reader.js';
import { recordingFs } from './recording-fs.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
const keyring = Keyring.generate();

const tick = (n: number): ActivePositionState => ({ ticket: 90_000_001, entryPrice: 1.0842, mfe: 0.001 * n, mae: -0.0005 * n, barsHeld: n, regimeAtEntry: 3, time: 1_700_000_000_000 + n });

async function restart(dir: string, ring = keyring) {
  return new PositionFile({ directory: dir, keyring: ring }).recover();
}

describe('active position file', () => {
  it('recovers the last tick after a restart and nothing when none was saved', async () => {
    const dir = await tempDir();
    expect((await restart(dir)).status).toBe('none');
    const positions = new PositionFile({ directory: dir, keyring });
    for (let n = 1; n <= 5; n++) await positions.save(tick(n));
    await positions.close();
    const recovery = await restart(dir);
    expect(recovery.status).toBe('recovered');
    expect(recovery.position).toEqual(tick(5));
    expect(recovery.slots.map((s) => s.seq)).toEqual([4, 5]);
  });

  it('costs one pwrite and one fdatasync per tick once the file exists', async () => {
    const dir = await tempDir();
    const fs = recordingFs();
    const positions = new PositionFile({ directory: dir, keyring, fs });
    await positions.save(tick(1));
    expect(fs.calls).toEqual(['open:wx', 'write', 'sync', 'syncDirectory', 'open:r+', 'write', 'datasync']);
    fs.calls.length = 0;
    await positions.save(tick(2));
    await positions.save(tick(3));
    expect(fs.calls).toEqual(['write', 'datasync', 'write', 'datasync']);
    await positions.close();
  });

  it('falls back to the previous tick when the newest slot is torn at any byte', async () => {
    const dir = await tempDir();
    const positions = new PositionFile({ directory: dir, keyring });
    for (let n = 1; n <= 6; n++) await positions.save(tick(n));
    await positions.close();
    const good = await readFile(`${dir}/${POSITION_FILE}`);
    const next = encodeSlot(7, RecordKind.OPEN, tick(7), 0, keyring.active);
    for (let tornAt = 0; tornAt < RECORD_BYTES; tornAt += 7) {
      const torn = Buffer.from(good);
      torn.set(next.subarray(0, tornAt), SLOT_BYTES); // seq 7 goes to slot 1, which held seq 5
      await writeFile(`${dir}/${POSITION_FILE}`, torn);
      const recovery = await restart(dir);
      expect(recovery.status, `torn at byte ${tornAt}`).toBe('recovered');
      expect(recovery.position).toEqual(tick(6));
    }
  });

  it('tells an altered slot, a copied slot and another key apart', async () => {
    const dir = await tempDir();
    const positions = new PositionFile({ directory: dir, keyring });
    for (let n = 1; n <= 2; n++) await positions.save(tick(n));
    await positions.close();
    const file = `${dir}/${POSITION_FILE}`;
    const good = await readFile(file);
    const flipped = Buffer.from(good);
    flipped[40]! ^= 1; // slot 0 holds seq 2, the newest
    await writeFile(file, flipped);
    const afterFlip = await restart(dir);
    expect(afterFlip.slots.map((s) => s.status)).toEqual(['hmac-mismatch', 'valid']);
    expect(afterFlip.position).toEqual(tick(1));

    const copied = Buffer.from(good);
    copied.copy(copied, 0, SLOT_BYTES, SLOT_BYTES + RECORD_BYTES);
    await writeFile(file, copied);
    expect((await restart(dir)).slots.map((s) => s.status)).toEqual(['misplaced', 'valid']);

    await writeFile(file, good);
    const wrongKey = await restart(dir, Keyring.generate());
    expect(wrongKey.status).toBe('unreadable');
    expect(wrongKey.slots.map((s) => s.status)).toEqual(['unknown-key', 'unknown-key']);
    expect(wrongKey.quarantined).toMatch(/\.corrupt-\d+$/);
    expect(await readFile(wrongKey.quarantined!)).toEqual(good);
  });

  it('quarantines garbage and then saves to a fresh file', async () => {
    const dir = await tempDir();
    await writeFile(`${dir}/${POSITION_FILE}`, 'garbage');
    const positions = new PositionFile({ directory: dir, keyring });
    expect((await positions.recover()).status).toBe('unreadable');
    await positions.save(tick(1));
    await positions.close();
    expect((await restart(dir)).position).toEqual(tick(1));
  });

  it('clears durably on trade close, and a crash before the unlink recovers "closed"', async () => {
    const dir = await tempDir();
    const positions = new PositionFile({ directory: dir, keyring });
    await positions.save(tick(1));
    await positions.clear();
    expect((await restart(dir)).status).toBe('none');

    const fs = recordingFs();
    const crashing = new PositionFile({ directory: dir, keyring, fs });
    await crashing.save(tick(2));
    fs.failNext('unlink');
    await expect(crashing.clear()).rejects.toThrow(/injected/);
    const recovery = await restart(dir);
    expect(recovery.status).toBe('closed');
    expect((await restart(dir)).status).toBe('none');
  });

  it('keeps the previous tick when a write fails, and the retry succeeds', async () => {
    const dir = await tempDir();
    const fs = recordingFs();
    const positions = new PositionFile({ directory: dir, keyring, fs });
    await positions.save(tick(1));
    fs.failNext('datasync');
    await expect(positions.save(tick(2))).rejects.toThrow(/injected/);
    expect((await restart(dir)).position).toEqual(tick(2)); // the write reached the page cache
    await positions.save(tick(3));
    expect((await restart(dir)).position).toEqual(tick(3));
    await positions.close();
  });

  it('rejects a position with a field outside its domain', async () => {
    const dir = await tempDir();
    const positions = new PositionFile({ directory: dir, keyring });
    const error = await positions.save({ ...tick(1), regimeAtEntry: 9 as never }).catch((e: unknown) => e);
    expect(isDecodeError(error)).toBe(true);
  });

  it('journals ticks as one summary line per window, and the clear at once', async () => {
    const dir = await tempDir();
    const journal = new SaveJournal({ directory: dir });
    let now = 0;
    const positions = new PositionFile({ directory: dir, keyring, journal, now: () => now });
    for (let n = 1; n <= 6; n++) {
      now = n * 300; // the window opened at 300 closes with the write at 1500: five writes
      await positions.save(tick(n));
    }
    await positions.clear();
    await journal.close();
    const entries = (await readJournal(dir)).entries.map((e) => e.entry);
    expect(entries.map((e) => e.detail)).toEqual([
      expect.objectContaining({ writes: 5 }),
      expect.objectContaining({ writes: 1 }),
      { cleared: true },
    ]);
    expect(entries[0]).toMatchObject({ kind: 'position', component: 'ActivePosition', seq: 5, outcome: 'ok' });
    expect(entries[0]!.detail!['p99Ms']).toBeGreaterThanOrEqual(entries[0]!.detail!['p50Ms'] as number);
  });

  it('clears an orphan the broker already closed (spec 5.1), and keeps one still open', async () => {
    const dir = await tempDir();
    const positions = new PositionFile({ directory: dir, keyring });
    await positions.save(tick(4));
    await positions.close();
    const stillOpen = await new PositionFile({ directory: dir, keyring }).recover({ isOpen: async (ticket) => ticket === 90_000_001 });
    expect(stillOpen.status).toBe('recovered');
    const closedByBroker = await new PositionFile({ directory: dir, keyring }).recover({ isOpen: () => false });
    expect(closedByBroker).toMatchObject({ status: 'closed-by-broker', position: tick(4) });
    expect((await restart(dir)).status).toBe('none');
  });
});
