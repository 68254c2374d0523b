// The state saved as seq n of each component in the SIGKILL test: a pure function of n, so a
// fresh process can tell whether a file holds exactly what was saved under its seq.

import type { ComponentCodec } from '../../../src/components/codec.js';
import { statesOf } from '../harness/states.js';

const CYCLE = 7;
const cache = new Map<string, unknown[]>();

export function stateForSeq<S>(codec: ComponentCodec<S>, seq: number): S {
  let states = cache.get(codec.name);
  if (states === undefined) {
    states = statesOf(codec, CYCLE, 1000 + codec.kind);
    cache.set(codec.name, states);
  }
  return states[seq % CYCLE] as S;
}
