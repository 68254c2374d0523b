// Bit rot in the runtime's own files, on real files: every bit of the newest position record
// and every bit and truncation of the last delta record. A rotten record is never trusted: the
// position falls back to the other slot, the delta log stops before the record, and both say why.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { activePositionCodec } from '../../src/components/active-position.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { ActivePositionState, QTable } from '../../src/components/types.js';
import { Keyring } from '../../src/signing/keyring.js';
import { deltaPath, loadIncremental } from '../../src/runtime/delta-log.js';
import { scanDeltaLog } from '../../src/runtime/delta-scan.js';
import { POSITION_FILE, PositionFile } from '../../src/runtime/position-file.js';
import { RECORD_BYTES, SLOT_BYTES } from '../../src/runtime/position-slot.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { largeEntryState, sameState, statesOf } from './harness/states.js';
import { tally } from './tally.js';

const keyring = Keyring.generate();
const roots: string[] = [];

async function freshDirectory(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'quantum-runtime-rot-'));
  roots.push(root);
  return join(root, 'state');
}

function flipped(bytes: Uint8Array, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

export function runtimeBitRotSuite(): void {
  afterAll(async () => {
    await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
  });

  describe('bit rot in the runtime files', () => {
    it('every single-bit flip of the newest position record falls back to the previous position, and the slot report says why', async () => {
      const directory = await freshDirectory();
      const [older, newer] = statesOf(activePositionCodec, 2, 43) as ActivePositionState[];
      await mkdir(directory, { recursive: true });
      const writer = new PositionFile({ directory, keyring });
      await writer.recover();
      await writer.save(older as ActivePositionState);
      const { seq } = await writer.save(newer as ActivePositionState);
      await writer.close();
      const path = join(directory, POSITION_FILE);
      const good = await readFile(path);
      const newestSlot = (seq % 2) * SLOT_BYTES;
      const reasons = new Map<string, number>();
      const problems: string[] = [];
      for (let bit = newestSlot * 8; bit < (newestSlot + RECORD_BYTES) * 8; bit++) {
        await writeFile(path, flipped(good, bit));
        const recovery = await new PositionFile({ directory, keyring }).recover();
        const status = recovery.slots[seq % 2]?.status ?? 'missing';
        reasons.set(status, (reasons.get(status) ?? 0) + 1);
        if (recovery.position === undefined || !sameState(activePositionCodec, older as ActivePositionState, recovery.position) || status === 'valid') {
          problems.push(`bit ${bit - newestSlot * 8}: recovered ${recovery.status} (${recovery.message})`);
        }
      }
      tally.flipsDetected += RECORD_BYTES * 8 - problems.length;
      tally.violations += problems.length;
      console.log(`bit rot / position record (${RECORD_BYTES} bytes): slot status ${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}`);
      expect(problems.slice(0, 10)).toEqual([]);
    });

    it('every single-bit flip and truncation of the last delta record stops the log before it, with a reason', async () => {
      const directory = await freshDirectory();
      const base = largeEntryState(3, 40);
      const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
      await store.save(entryAgentCodec, base);
      const { log } = await loadIncremental({ store, codec: entryAgentCodec });
      const dirty = (value: number): QTable => ({ stateHash: base.qTable.stateHash.slice(0, 4), action: base.qTable.action.slice(0, 4), qValue: new Float64Array(4).fill(value) });
      const first = await log.append(dirty(10));
      await log.append(dirty(20));
      await log.close();
      const expected = { ...base, qTable: { ...base.qTable, qValue: base.qTable.qValue.slice().fill(10, 0, 4) } };
      const path = deltaPath(store, entryAgentCodec);
      const good = await readFile(path);
      const reasons = new Map<string, number>();
      const problems: string[] = [];
      // Every case through the log scanner in memory; every 50th also through a real load from disk.
      let cases = 0;
      const check = async (bytes: Buffer, what: string): Promise<void> => {
        const { report, records } = scanDeltaLog(bytes, path, keyring, entryAgentCodec.kind, first.baseSeq);
        const reason = report.stoppedAt?.reason ?? `(${report.status})`;
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        if (report.status !== 'stopped' || records.length !== 1) problems.push(`${what}: ${report.status}, ${records.length} records read`);
        if (cases++ % 50 !== 0) return;
        await writeFile(path, bytes);
        const loaded = await loadIncremental({ store: await StateDirectory.open({ directory, keyring, reserveBytes: 0 }), codec: entryAgentCodec });
        if (loaded.deltas.status !== 'stopped' || !sameState(entryAgentCodec, expected, loaded.state)) problems.push(`${what}: load from disk ${loaded.deltas.status}, ${loaded.deltas.applied} applied`);
        await loaded.log.close();
      };
      for (let bit = first.bytes * 8; bit < good.byteLength * 8; bit++) await check(flipped(good, bit), `bit ${bit}`);
      for (let length = first.bytes + 1; length < good.byteLength; length++) await check(good.subarray(0, length), `cut at ${length}`);
      const tried = (good.byteLength - first.bytes) * 9 - 1;
      tally.flipsDetected += (good.byteLength - first.bytes) * 8 - problems.filter((p) => p.startsWith('bit')).length;
      tally.truncationsDetected += good.byteLength - first.bytes - 1 - problems.filter((p) => p.startsWith('cut')).length;
      tally.violations += problems.length;
      console.log(`bit rot / last delta record (${good.byteLength - first.bytes} bytes, ${tried} cases): stop reasons ${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}`);
      expect(problems.slice(0, 10)).toEqual([]);
    });
  });
}
