// Bit rot and truncation in every component file: every single-bit flip of a small file and
// 10,000 random flips of a large one are detected, every truncation too; load then falls back
// to the newest valid generation and says why; foreign files are rejected with their own reason.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ComponentCodec } from '../../src/components/codec.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { componentCodecs } from '../../src/components/registry.js';
import { QuantumStateError, rejectReasonOf } from '../../src/errors.js';
import type { RejectReason } from '../../src/errors.js';
import { Keyring } from '../../src/signing/keyring.js';
import { decodeGeneration } from '../../src/store/generation-reader.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { seededRandom } from './harness/crash-images.js';
import { largeEntryState, sameState, statesOf } from './harness/states.js';
import { tally } from './tally.js';

const keyring = Keyring.generate();
const LARGE_FLIPS = 10_000;
const roots: string[] = [];

/** The reason `bytes` is rejected as a file of `codec`, or undefined if it is accepted. */
function rejection<S>(codec: ComponentCodec<S>, bytes: Uint8Array): RejectReason | undefined {
  try {
    decodeGeneration(codec, bytes, keyring);
    return undefined;
  } catch (error) {
    if (!(error instanceof QuantumStateError)) throw error;
    return rejectReasonOf(error);
  }
}

/** The bytes of the current generation after saving `states` in order into a fresh real directory. */
async function savedDirectory<S>(codec: ComponentCodec<S>, states: S[]): Promise<{ store: StateDirectory; current: Uint8Array }> {
  const root = await mkdtemp(join(tmpdir(), 'quantum-rot-'));
  roots.push(root);
  const store = await StateDirectory.open({ directory: join(root, 'state'), keyring, reserveBytes: 0 });
  for (const state of states) await store.save(codec, state);
  return { store, current: await store.fs.readFile(store.pathOf(codec, 'current')) };
}

function flipped(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

function count(reasons: Map<string, number>, reason: RejectReason | undefined): void {
  const key = reason ?? 'ACCEPTED';
  reasons.set(key, (reasons.get(key) ?? 0) + 1);
}

function histogram(reasons: Map<string, number>): string {
  return [...reasons.entries()].map(([reason, n]) => `${reason} ${n}`).join(', ');
}

/** Rotten `current`, valid `bak`: load must use bak, say why, and quarantine (not delete) current. */
async function expectFallback<S>(codec: ComponentCodec<S>, rotten: Uint8Array, expected: RejectReason | undefined, older: S): Promise<void> {
  const { store } = await savedDirectory(codec, [older, statesOf(codec, 2, 3)[1] as S]);
  await writeFile(store.pathOf(codec, 'current'), rotten);
  const { state, report } = await store.load(codec);
  expect(report.used).toBe('bak');
  expect(report.level).toBe('warning');
  expect(report.generations[0]?.status).toBe('rejected');
  if (expected !== undefined) expect(report.generations[0]?.reason).toBe(expected);
  expect(report.quarantined.map((q) => q.from)).toEqual([codec.fileName]);
  expect(report.message).toMatch(/recovered from bak/);
  expect(sameState(codec, older, state)).toBe(true);
}

export function bitRotSuite(): void {
  afterAll(async () => {
    await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
  });

  describe('bit rot and truncation', () => {
    it.each(componentCodecs.map((codec) => [codec.name, codec] as const))('%s: every single-bit flip and every truncation is detected; load falls back', async (_, codec) => {
      const [older, newer] = statesOf(codec, 2, 17);
      const { current } = await savedDirectory(codec, [newer]);
      const flips = new Map<string, number>();
      for (let bit = 0; bit < current.byteLength * 8; bit++) count(flips, rejection(codec, flipped(current, bit)));
      const cuts = new Map<string, number>();
      for (let length = 0; length < current.byteLength; length++) count(cuts, rejection(codec, current.subarray(0, length)));
      tally.flipsDetected += current.byteLength * 8 - (flips.get('ACCEPTED') ?? 0);
      tally.truncationsDetected += current.byteLength - (cuts.get('ACCEPTED') ?? 0);
      console.log(`bit rot / ${codec.name} (${current.byteLength} bytes): flips ${histogram(flips)}; truncations ${histogram(cuts)}`);
      expect(flips.get('ACCEPTED')).toBeUndefined();
      expect(cuts.get('ACCEPTED')).toBeUndefined();
      const random = seededRandom(codec.kind);
      await expectFallback(codec, flipped(current, Math.floor(random() * current.byteLength * 8)), undefined, older);
      await expectFallback(codec, current.subarray(0, Math.floor(random() * current.byteLength)), undefined, older);
    });

    it(`a large file: ${LARGE_FLIPS} random single-bit flips and every truncation are detected`, async () => {
      const { current } = await savedDirectory(entryAgentCodec, [largeEntryState(7, 6_000)]);
      const random = seededRandom(2026);
      const flips = new Map<string, number>();
      for (let i = 0; i < LARGE_FLIPS; i++) count(flips, rejection(entryAgentCodec, flipped(current, Math.floor(random() * current.byteLength * 8))));
      const cuts = new Map<string, number>();
      for (let length = 0; length < current.byteLength; length++) count(cuts, rejection(entryAgentCodec, current.subarray(0, length)));
      tally.flipsDetected += LARGE_FLIPS - (flips.get('ACCEPTED') ?? 0);
      tally.truncationsDetected += current.byteLength - (cuts.get('ACCEPTED') ?? 0);
      console.log(`bit rot / EntryAgent large (${current.byteLength} bytes): ${LARGE_FLIPS} flips ${histogram(flips)}; truncations ${histogram(cuts)}`);
      expect(flips.get('ACCEPTED')).toBeUndefined();
      expect(cuts.get('ACCEPTED')).toBeUndefined();
    });

    it('garbage, an empty file, another component under the name and another key each get their own reason', async () => {
      const [older, newer] = statesOf(entryAgentCodec, 2, 23);
      const { current } = await savedDirectory(entryAgentCodec, [newer]);
      const garbage = Uint8Array.from({ length: current.byteLength }, (_, i) => (i * 131 + 7) & 0xff);
      const other = componentCodecs.find((codec) => codec.kind !== entryAgentCodec.kind) as ComponentCodec<unknown>;
      const { current: otherFile } = await savedDirectory(other, statesOf(other, 1, 29));
      const otherKey = await (async () => {
        const root = await mkdtemp(join(tmpdir(), 'quantum-rot-'));
        roots.push(root);
        const store = await StateDirectory.open({ directory: join(root, 'state'), keyring: Keyring.generate(), reserveBytes: 0 });
        await store.save(entryAgentCodec, newer);
        return store.fs.readFile(store.pathOf(entryAgentCodec, 'current'));
      })();
      const cases: [string, Uint8Array, RejectReason][] = [
        ['garbage', garbage, 'bad-magic'],
        ['empty', new Uint8Array(0), 'empty'],
        [`${other.name} file`, otherFile, 'wrong-component'],
        ['valid HMAC of another key', otherKey, 'unknown-key'],
      ];
      for (const [, bytes, reason] of cases) {
        expect(rejection(entryAgentCodec, bytes)).toBe(reason);
        await expectFallback(entryAgentCodec, bytes, reason, older);
      }
      expect(new Set(cases.map(([, , reason]) => reason)).size).toBe(cases.length);
    });
  });
}
