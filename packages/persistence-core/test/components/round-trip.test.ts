import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { componentCodecs } from '../../src/components/registry.js';
import { componentArbitraries } from '../arbitraries.js';
import { roundTrip } from './seal.js';

describe('every component round-trips through a sealed file', () => {
  it('has an arbitrary for every component', () => {
    expect(Object.keys(componentArbitraries).sort()).toEqual(componentCodecs.map((codec) => codec.name).sort());
  });

  it.each(componentCodecs.map((codec) => [codec.name, codec] as const))('%s', (name, codec) => {
    const arbitrary = componentArbitraries[name] as fc.Arbitrary<unknown>;
    fc.assert(
      fc.property(arbitrary, (state) => {
        codec.validate(state);
        expect(roundTrip(codec, state)).toEqual(state);
      }),
      { numRuns: 50 },
    );
  });
});
