import { describe, expect, it } from 'vitest';
import { QMap } from '../../src/demo/q-map.js';

describe('QMap', () => {
  it('finds every inserted (stateHash, action) pair across growth', () => {
    const map = new QMap(16);
    for (let i = 0; i < 5000; i++) map.setValueAt(map.upsert(i * 7919 + 2 ** 40, i % 4), i / 10);
    expect(map.size).toBe(5000);
    for (let i = 0; i < 5000; i++) expect(map.value(i * 7919 + 2 ** 40, i % 4)).toBe(i / 10);
    expect(map.find(2 ** 40, 1)).toBe(-1);
  });

  it('exports columns whose stateHash is the exact 64-bit hash', () => {
    const map = new QMap();
    const hash = 2 ** 52 + 12345;
    map.upsert(hash, 2, 0.5);
    const table = map.view();
    expect(table.stateHash[0]).toBe(BigInt(hash));
    expect(table.action[0]).toBe(2);
    expect(table.qValue[0]).toBe(0.5);
  });

  it('loads full 64-bit hashes and rejects duplicate pairs', () => {
    const map = new QMap();
    map.load({ stateHash: BigUint64Array.of(2n ** 64n - 1n, 5n), action: Uint8Array.of(1, 1), qValue: Float64Array.of(3, 4) });
    expect(map.findWords(0xffffffff, 0xffffffff, 1)).toBe(0);
    expect(map.value(5, 1)).toBe(4);
    expect(() => map.load({ stateHash: BigUint64Array.of(5n, 5n), action: Uint8Array.of(1, 1), qValue: Float64Array.of(3, 4) })).toThrow(/duplicates/);
  });
});
