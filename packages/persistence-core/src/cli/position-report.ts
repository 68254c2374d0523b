// ActivePosition lives in a two-slot position file (runtime/position-file.ts), not in a
// generation chain: verify and inspect read its slots here, read-only (no clean-up, no quarantine).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActivePositionState } from '../components/types.js';
import { errnoOf } from '../fs/file-system.js';
import { POSITION_FILE } from '../runtime/position-file.js';
import type { SlotReport } from '../runtime/position-slot.js';
import { SLOT_BYTES, SLOT_COUNT, decodeSlot } from '../runtime/position-slot.js';
import type { Keyring } from '../signing/keyring.js';

export const POSITION_MAGIC = Buffer.from('PQPOS', 'latin1');

export interface PositionReport {
  file: string;
  present: boolean;
  sizeBytes?: number;
  slots: SlotReport[];
  /** The newest valid slot: what a restart would recover. */
  newest?: SlotReport;
  position?: ActivePositionState;
}

export function isPositionFile(bytes: Uint8Array): boolean {
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const start = slot * SLOT_BYTES;
    if (POSITION_MAGIC.equals(bytes.subarray(start, start + POSITION_MAGIC.byteLength))) return true;
  }
  return false;
}

export function readPositionBytes(bytes: Uint8Array, file: string, keyring: Keyring | undefined): PositionReport {
  if (keyring === undefined) return { file, present: true, sizeBytes: bytes.byteLength, slots: [] };
  const decoded = Array.from({ length: SLOT_COUNT }, (_, i) => decodeSlot(bytes.subarray(i * SLOT_BYTES, (i + 1) * SLOT_BYTES), i, keyring));
  const newest = decoded.filter((slot) => slot.report.status === 'valid').sort((a, b) => (b.report.seq ?? 0) - (a.report.seq ?? 0))[0];
  return {
    file,
    present: true,
    sizeBytes: bytes.byteLength,
    slots: decoded.map((slot) => slot.report),
    ...(newest !== undefined ? { newest: newest.report } : {}),
    ...(newest?.position !== undefined ? { position: newest.position } : {}),
  };
}

export async function readPositionFile(directory: string, keyring: Keyring): Promise<PositionReport> {
  const file = join(directory, POSITION_FILE);
  try {
    return readPositionBytes(await readFile(file), file, keyring);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return { file, present: false, slots: [] };
    throw error;
  }
}
