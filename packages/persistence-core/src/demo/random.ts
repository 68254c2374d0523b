// Seeded randomness for the demo: xoshiro128** (4 x uint32 state, the same layout as
// TrainingCheckpointState.rngState) and the 32-bit mixers used to derive seeds and hashes.

const TWO_POW_32 = 4294967296;

/** splitmix32 finaliser: a bijection on uint32 with good avalanche. */
export function mix32(value: number): number {
  let z = value | 0;
  z ^= z >>> 16;
  z = Math.imul(z, 0x21f0aaad);
  z ^= z >>> 15;
  z = Math.imul(z, 0x735a2d97);
  z ^= z >>> 15;
  return z >>> 0;
}

/** Combines integers into one uint32 (order-sensitive). */
export function combine(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) h = mix32(h ^ mix32((part | 0) + Math.imul(h, 0x85ebca6b)));
  return h;
}

/**
 * A 53-bit state hash of a dense state index: the low word is a bijection of the index,
 * so distinct indices give distinct hashes, and the value stays exact as a JS number.
 */
export function stateHashOf(index: number, space: number): number {
  const low = mix32(index ^ Math.imul(space, 0x9e3779b9));
  const high = mix32(low ^ space) & 0x1fffff;
  return high * TWO_POW_32 + low;
}

export class Xoshiro128 {
  readonly state: Uint32Array;

  constructor(state: Uint32Array) {
    if (state.length !== 4) throw new RangeError(`xoshiro128** state needs 4 words, got ${state.length}`);
    if (state.every((word) => word === 0)) throw new RangeError('xoshiro128** state must not be all zero');
    this.state = Uint32Array.from(state);
  }

  /** A generator for one stream of a seed: streams of the same seed are independent. */
  static fromSeed(seed: number, stream = 0): Xoshiro128 {
    let z = combine(seed, stream);
    const state = new Uint32Array(4);
    for (let i = 0; i < 4; i++) {
      z = (z + 0x9e3779b9) >>> 0;
      state[i] = mix32(z);
    }
    if (state.every((word) => word === 0)) state[0] = 1;
    return new Xoshiro128(state);
  }

  nextUint32(): number {
    const s = this.state;
    const s0 = s[0] as number;
    const s1 = s[1] as number;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s[2] = (s[2] as number) ^ s0;
    s[3] = (s[3] as number) ^ s1;
    s[1] = s1 ^ (s[2] as number);
    s[0] = s0 ^ (s[3] as number);
    s[2] = (s[2] as number) ^ t;
    s[3] = rotl(s[3] as number, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.nextFloat() * bound);
  }

  /** Standard normal by Box-Muller; no cached spare, so the state alone says what comes next. */
  nextGaussian(): number {
    const u1 = 1 - this.nextFloat();
    const u2 = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

function rotl(value: number, shift: number): number {
  return ((value << shift) | (value >>> (32 - shift))) >>> 0;
}
