// Large synthetic generations for the benchmark: a Q-table and a full replay buffer of n rows.

import type { EntryAgentState, ReplayBufferState } from '@quantum/persistence-core';
import { entryAgentCodec } from '@quantum/persistence-core';

/** xorshift32: fast, seeded, good enough to spread values. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function hashes(n: number, next: () => number): BigUint64Array {
  const out = new BigUint64Array(n);
  for (let i = 0; i < n; i++) out[i] = (BigInt(Math.floor(next() * 2 ** 32)) << 32n) | BigInt(i);
  return out;
}

export function bigEntryAgent(n: number, seed = 1): EntryAgentState {
  const next = random(seed);
  const state = entryAgentCodec.fresh();
  const action = new Uint8Array(n);
  const qValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    action[i] = Math.floor(next() * 4);
    qValue[i] = (next() + next() + next() - 1.5) * 4;
  }
  return { ...state, qTable: { stateHash: hashes(n, next), action, qValue }, totalUpdates: n * 3, stateSpaceSize: n };
}

export function bigReplayBuffer(n: number, seed = 2): ReplayBufferState {
  const next = random(seed);
  const column = (f: () => number): Float64Array => Float64Array.from({ length: n }, f);
  const priorities = column(() => next() * 2 + 0.01);
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += priorities[i] as number;
  const bytes = (modulo: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(next() * modulo));
  return {
    capacity: n,
    currentSize: n,
    nextIndex: 0,
    experiences: {
      stateHash: hashes(n, next),
      action: bytes(4),
      reward: {
        total: column(() => next() * 2 - 1),
        mfeCapture: column(() => next()),
        maePenalty: column(() => -next()),
        givebackPenalty: column(() => -next() / 2),
        pathSmoothness: column(() => next()),
        timeDecay: column(() => -next() / 10),
      },
      nextStateHash: hashes(n, next),
      isTerminal: bytes(2),
      timestamp: column(() => 1_700_000_000_000 + Math.floor(next() * 1e9)),
      regime: bytes(5),
    },
    priorities,
    cdf,
    sumPriorities: sum,
    totalSamplesTaken: n * 10,
  };
}
