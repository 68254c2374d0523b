import { describe, expect, it } from 'vitest';
import { REPLAY_BUFFER_TAGS as Tag, replayBufferCodec } from '../../src/components/replay-buffer.js';
import { cumulativeSum } from '../../src/components/replay-cdf.js';
import type { ReplayBufferState } from '../../src/components/types.js';
import { decodeErrorOf, dropSection, replaceSection, roundTrip, sectionsOf } from './seal.js';

/** A coherent buffer of `priorities.length` experiences, then `overrides`. */
function buffer(priorities: number[], overrides: Partial<ReplayBufferState> = {}): ReplayBufferState {
  const n = priorities.length;
  const half = (): Float64Array => new Float64Array(n).fill(0.5);
  const filled = {
    stateHash: new BigUint64Array(n).fill(7n),
    action: new Uint8Array(n).fill(1),
    reward: { total: half(), mfeCapture: half(), maePenalty: half(), givebackPenalty: half(), pathSmoothness: half(), timeDecay: half() },
    nextStateHash: new BigUint64Array(n).fill(8n),
    isTerminal: new Uint8Array(n),
    timestamp: new Float64Array(n).fill(1_700_000_000_000),
    regime: new Uint8Array(n).fill(2),
  };
  const cdf = cumulativeSum(Float64Array.from(priorities));
  return {
    capacity: 4,
    currentSize: n,
    nextIndex: n % 4,
    experiences: filled,
    priorities: Float64Array.from(priorities),
    cdf,
    sumPriorities: n === 0 ? 0 : (cdf[n - 1] as number),
    totalSamplesTaken: 3,
    ...overrides,
  };
}

const fieldOf = (state: ReplayBufferState): string => decodeErrorOf(replayBufferCodec, sectionsOf(replayBufferCodec, state)).field;

describe('replay buffer domain', () => {
  it('accepts a coherent buffer, filling and full, and a CDF off by less than the tolerance', () => {
    expect(roundTrip(replayBufferCodec, buffer([1, 2]))).toEqual(buffer([1, 2]));
    expect(roundTrip(replayBufferCodec, buffer([1, 2, 3, 4], { nextIndex: 1 })).nextIndex).toBe(1);
    const nearlyExact = buffer([1, 2], { cdf: Float64Array.of(1, 3 * (1 + 1e-12)) });
    expect(roundTrip(replayBufferCodec, nearlyExact).cdf[1]).toBe(3 * (1 + 1e-12));
  });

  it('rejects a CDF that is not monotonic', () => {
    const error = decodeErrorOf(replayBufferCodec, sectionsOf(replayBufferCodec, buffer([1, 2, 0], { cdf: Float64Array.of(1, 3, 2.5) })));
    expect(error.field).toBe('cdf[2]');
    expect(error.message).toMatch(/monotonic/);
  });

  it('rejects a CDF that departs from the running sum of the priorities', () => {
    expect(fieldOf(buffer([1, 2], { cdf: Float64Array.of(1, 3.5), sumPriorities: 3.5 }))).toBe('cdf[1]');
  });

  it('rejects a CDF that does not end at sumPriorities', () => {
    expect(fieldOf(buffer([1, 2], { sumPriorities: 4 }))).toBe('sumPriorities');
    expect(fieldOf(buffer([], { sumPriorities: 1 }))).toBe('sumPriorities');
  });

  it('rejects negative and NaN priorities', () => {
    expect(fieldOf(buffer([1, -2]))).toBe('priorities[1]');
    expect(fieldOf(buffer([Number.NaN, 1]))).toBe('priorities[0]');
  });

  it('rejects a circular position beyond capacity or away from the end of a filling buffer', () => {
    expect(fieldOf(buffer([1, 1, 1, 1], { nextIndex: 4 }))).toBe('nextIndex');
    expect(fieldOf(buffer([1, 1], { nextIndex: 1 }))).toBe('nextIndex');
    expect(fieldOf(buffer([], { capacity: 0, nextIndex: 1 }))).toBe('nextIndex');
    expect(fieldOf(buffer([1, 1, 1, 1, 1], { capacity: 4, nextIndex: 0 }))).toBe('currentSize');
  });

  it('rejects columns whose length is not currentSize', () => {
    expect(fieldOf(buffer([1, 2], { currentSize: 3, nextIndex: 3 }))).toBe('experiences.stateHash');
    const state = buffer([1, 2]);
    const sections = sectionsOf(replayBufferCodec, state, (writer) => replaceSection(writer, Tag.EXPERIENCES + 11, (w) => w.column(Tag.EXPERIENCES + 11, Uint8Array.of(2))));
    expect(decodeErrorOf(replayBufferCodec, sections).field).toBe('experiences.regime');
    const shortCdf = sectionsOf(replayBufferCodec, state, (writer) => replaceSection(writer, Tag.CDF, (w) => w.column(Tag.CDF, Float64Array.of(1))));
    expect(decodeErrorOf(replayBufferCodec, shortCdf).field).toBe('cdf');
  });

  it('rejects unknown enum codes in the experience columns', () => {
    const regime = buffer([1, 2]);
    regime.experiences.regime[1] = 5;
    expect(fieldOf(regime)).toBe('experiences.regime[1]');
    const action = buffer([1, 2]);
    action.experiences.action[0] = 4;
    expect(fieldOf(action)).toBe('experiences.action[0]');
    const terminal = buffer([1, 2]);
    terminal.experiences.isTerminal[0] = 2;
    expect(fieldOf(terminal)).toBe('experiences.isTerminal[0]');
  });

  it('rejects a v1 file without a CDF section, or with one of the wrong type', () => {
    const state = buffer([1, 2]);
    expect(decodeErrorOf(replayBufferCodec, sectionsOf(replayBufferCodec, state, (writer) => dropSection(writer, Tag.CDF))).field).toBe('cdf');
    const asBytes = sectionsOf(replayBufferCodec, state, (writer) => replaceSection(writer, Tag.CDF, (w) => w.column(Tag.CDF, new Uint8Array(16))));
    expect(decodeErrorOf(replayBufferCodec, asBytes).field).toBe('cdf');
  });
});
