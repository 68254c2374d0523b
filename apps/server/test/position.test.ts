import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LivePosition } from '@quantum/api-contract';
import { POSITION_FILE, PositionFile, Regime } from '@quantum/persistence-core';
import type { ActivePositionState } from '@quantum/persistence-core';
import { createFixture, type Fixture } from './support/fixture.js';

describe('GET /api/position: the live position file', () => {
  let fx: Fixture;
  let positions: PositionFile;
  const position = (barsHeld: number): ActivePositionState => ({ ticket: 4242, entryPrice: 1.0875, mfe: 0.0031, mae: -0.0012, barsHeld, regimeAtEntry: Regime.VOLATILE, time: 1_790_000_000_000 });
  const live = async (): Promise<LivePosition> => {
    const response = await fx.get('/api/position');
    expect(response.statusCode, response.body).toBe(200);
    return response.json<LivePosition>();
  };
  beforeAll(async () => {
    fx = await createFixture({ generations: 1 });
    positions = new PositionFile({ directory: fx.directory, keyring: fx.keyring });
  });
  afterAll(async () => {
    await positions.close();
    await fx.close();
  });

  it('reads flat (not an error) before any trade', async () => {
    const answer = await live();
    expect(answer).toMatchObject({ status: 'flat', verification: 'none', file: POSITION_FILE, slots: [] });
    expect(answer.position).toBeUndefined();
  });

  it('shows the newest verified slot of an open position while the agent keeps its file open', async () => {
    await positions.save(position(3));
    const written = await positions.save(position(4));
    const answer = await live();
    expect(answer.status).toBe('open');
    expect(answer.verification).toBe('verified');
    expect(answer.position).toEqual({ ticket: 4242, entryPrice: 1.0875, mfe: 0.0031, mae: -0.0012, barsHeld: 4, regime: 'VOLATILE', time: 1_790_000_000_000 });
    expect(answer.slot).toMatchObject({ index: written.seq % 2, seq: written.seq });
    expect(answer.slot!.ageMs).toBeGreaterThanOrEqual(0);
    expect(answer.slots.map((slot) => slot.status)).toEqual(['valid', 'valid']);
    // The agent's next tick is not blocked by the read (no lock taken).
    expect((await positions.save(position(5))).seq).toBe(written.seq + 1);
    expect((await live()).position?.barsHeld).toBe(5);
  });

  it('falls back to the other slot when the newest is damaged, and says why', async () => {
    const newest = (await live()).slot!;
    const file = join(fx.directory, POSITION_FILE);
    const handle = await open(file, 'r+');
    await handle.write(Buffer.from([0xff, 0xee]), 0, 2, newest.index * 4096 + 40);
    await handle.close();
    const answer = await live();
    expect(answer.status).toBe('open');
    expect(answer.slot?.seq).toBe(newest.seq - 1);
    expect(answer.position?.barsHeld).toBe(4);
    expect(answer.slots[newest.index]?.status).toBe('hmac-mismatch');
    expect(answer.reason).toContain('hmac-mismatch');
    // Both slots damaged: unverified, reported with the reason, still a 200.
    const bytes = await readFile(file);
    bytes[(1 - newest.index) * 4096 + 40]! ^= 0xff;
    await writeFile(file, bytes);
    const broken = await live();
    expect(broken).toMatchObject({ status: 'unverified', verification: 'failed' });
    expect(broken.position).toBeUndefined();
    expect(broken.reason).toContain('no slot verifies');
  });

  it('reads flat after the trade closes and the file is deleted', async () => {
    // A new trade in a new file (the damaged one is removed, as a restart's recovery would move it aside).
    await positions.close();
    await rm(join(fx.directory, POSITION_FILE));
    positions = new PositionFile({ directory: fx.directory, keyring: fx.keyring });
    await positions.save(position(1));
    expect((await live()).status).toBe('open');
    await positions.clear();
    const answer = await live();
    expect(answer).toMatchObject({ status: 'flat', verification: 'none' });
    expect(answer.position).toBeUndefined();
  });
});
