// A validly signed file whose sections were written wrong (a buggy or foreign writer) must fail
// with a DecodeError naming a field, never with a TypeError or RangeError from deep inside.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { componentCodecs } from '../../src/components/registry.js';
import { DecodeError } from '../../src/errors.js';
import type { Section } from '../../src/format/sections.js';
import { DType } from '../../src/format/sections.js';
import { componentArbitraries } from '../arbitraries.js';
import { decodeFromFile, sealSections, sectionsOf } from './seal.js';

type Damage = (section: Section, seed: number) => Section | undefined;

const damages: Record<string, Damage> = {
  'flip a byte': (section, seed) => {
    if (section.bytes.byteLength === 0) return section;
    const bytes = section.bytes.slice();
    bytes[seed % bytes.byteLength]! ^= 1 << seed % 8;
    return { ...section, bytes };
  },
  'set a byte to 0xff': (section, seed) => {
    if (section.bytes.byteLength === 0) return section;
    const bytes = section.bytes.slice();
    bytes[seed % bytes.byteLength] = 0xff;
    return { ...section, bytes };
  },
  'drop the last byte': (section) => ({ ...section, bytes: section.bytes.slice(0, Math.max(section.bytes.byteLength - 1, 0)) }),
  'miscount': (section, seed) => ({ ...section, count: section.count + 1 + (seed % 3) }),
  'change the dtype': (section, seed) => ({ ...section, dtype: ((section.dtype + seed) % 6) + 1 as DType }),
  'drop the section': () => undefined,
};

describe('damaged sections in a signed file', () => {
  it.each(componentCodecs.map((codec) => [codec.name, codec] as const))('%s: decodes or throws a DecodeError', (name, codec) => {
    fc.assert(
      fc.property(componentArbitraries[name]!, fc.constantFrom(...Object.keys(damages)), fc.nat(), fc.nat(), (state, damage, which, seed) => {
        const sections = sectionsOf(codec, state);
        const target = which % sections.length;
        const damaged = sections.flatMap((section, i) => {
          if (i !== target) return [section];
          const replaced = damages[damage]!(section, seed);
          return replaced === undefined ? [] : [replaced];
        });
        try {
          codec.validate(decodeFromFile(codec, sealSections(codec, damaged)));
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
          expect(error.field).not.toBe('');
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a miscounted record is refused, not read past its end', () => {
    const codec = componentCodecs[0]!;
    const sections = sectionsOf(codec, codec.fresh()).map((section) => (section.dtype === DType.RECORD ? { ...section, count: section.count + 1 } : section));
    expect(() => decodeFromFile(codec, sealSections(codec, sections))).toThrow(DecodeError);
  });
});
