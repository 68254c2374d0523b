// The live active position from the per-tick two-slot position file. Read-only and lock-free:
// one read of 8 KiB while the agent keeps writing. A slot caught mid-write fails its HMAC and
// the other slot (the previous tick) answers; a file removed at trade close reads as flat.

import { basename } from 'node:path';
import type { LivePosition, PositionSlot, RegimeName } from '@quantum/api-contract';
import { Regime, enumName, readPositionFile } from '@quantum/persistence-core';
import type { PositionReport } from '@quantum/persistence-core';
import type { ConsoleState } from './console-state.js';

const describeSlots = (slots: PositionSlot[]): string => slots.map((slot) => `slot ${slot.index} ${slot.status}${slot.seq === undefined ? '' : ` (seq ${slot.seq})`}`).join(', ');

export async function livePosition(state: ConsoleState): Promise<LivePosition> {
  const report: PositionReport = await readPositionFile(state.store.directory, state.store.keyring);
  const checkedAt = state.now();
  const file = basename(report.file);
  const slots: PositionSlot[] = report.slots.map((slot) => ({ ...slot }));
  if (!report.present) return { checkedAt, file, status: 'flat', verification: 'none', reason: 'no position file: no trade is open', slots };
  const newest = report.newest;
  if (newest === undefined) {
    if (slots.every((slot) => slot.status === 'empty')) return { checkedAt, file, status: 'flat', verification: 'none', reason: 'position file preallocated, no record written yet', slots };
    return { checkedAt, file, status: 'unverified', verification: 'failed', reason: `no slot verifies: ${describeSlots(slots)}`, slots };
  }
  const seq = newest.seq ?? 0;
  const writtenAt = newest.writtenAt ?? 0;
  const slot = { index: newest.index, seq, writtenAt, ageMs: Math.max(0, checkedAt - writtenAt) };
  const others = slots.filter((other) => other.index !== newest.index && other.status !== 'valid' && other.status !== 'empty');
  const note = others.length === 0 ? '' : `; ${describeSlots(others)} (being written, or damaged)`;
  if (report.position === undefined) {
    return { checkedAt, file, status: 'flat', verification: 'verified', reason: `trade closed: CLOSED record in slot ${newest.index} (seq ${seq})${note}`, slot, slots };
  }
  const { ticket, entryPrice, mfe, mae, barsHeld, regimeAtEntry, time } = report.position;
  return {
    checkedAt,
    file,
    status: 'open',
    verification: 'verified',
    reason: `slot ${newest.index} (seq ${seq}) verified${note}`,
    position: { ticket, entryPrice, mfe, mae, barsHeld, regime: enumName(Regime, regimeAtEntry) as RegimeName, time },
    slot,
    slots,
  };
}
