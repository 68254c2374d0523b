import { describe, expect, it } from 'vitest';
import { codecByKind, codecByName, componentCodecs, componentNames } from '../../src/components/registry.js';
import { roundTrip } from './seal.js';

describe('component registry', () => {
  it('lists every component once, by the closed set of names, in save-priority order', () => {
    expect(componentCodecs.map((codec) => codec.name)).toEqual([...componentNames]);
    expect(new Set(componentCodecs.map((codec) => codec.kind)).size).toBe(componentCodecs.length);
    expect(new Set(componentCodecs.map((codec) => codec.fileName)).size).toBe(componentCodecs.length);
    const priorities = componentCodecs.map((codec) => codec.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
  });

  it('finds codecs by name and kind, and nothing for unknown ones', () => {
    for (const codec of componentCodecs) {
      expect(codecByName(codec.name)).toBe(codec);
      expect(codecByKind(codec.kind)).toBe(codec);
    }
    expect(codecByName('entryagent')).toBeUndefined();
    expect(codecByName('__proto__')).toBeUndefined();
    expect(codecByKind(0)).toBeUndefined();
  });

  it.each(componentCodecs.map((codec) => [codec.name, codec] as const))('%s: a fresh state is valid and round-trips', (_, codec) => {
    const fresh = codec.fresh();
    expect(() => codec.validate(fresh)).not.toThrow();
    expect(roundTrip(codec, fresh)).toEqual(fresh);
  });

  it('declares one migration per older schema version, each with a legacy reader', () => {
    for (const codec of componentCodecs) {
      expect(codec.migrations.map((migration) => migration.from)).toEqual(Array.from({ length: codec.migrations.length }, (_, i) => i));
      for (const migration of codec.migrations) expect(codec.legacyDecoders[migration.from]).toBeTypeOf('function');
    }
  });
});
