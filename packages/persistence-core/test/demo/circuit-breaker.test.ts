import { describe, expect, it } from 'vitest';
import { DefconLevel } from '../../src/components/enums.js';
import { CircuitBreaker } from '../../src/demo/circuit-breaker.js';

const MINUTE = 60_000;

describe('CircuitBreaker', () => {
  it('escalates only after three consecutive violations, with one release code per level', () => {
    const breaker = new CircuitBreaker(1);
    expect(breaker.observe(0.65, 1 * MINUTE)).toBe(false);
    expect(breaker.observe(0.65, 2 * MINUTE)).toBe(false);
    expect(breaker.observe(0.65, 3 * MINUTE)).toBe(true);
    expect(breaker.currentLevel).toBe(DefconLevel.RED);
    expect(breaker.releaseCodes.map((code) => code.split('-')[0])).toEqual(['YELLOW', 'ORANGE', 'RED']);
    expect(breaker.entriesAllowed).toBe(false);
    expect(breaker.frozen).toBe(false);
  });

  it('forgets violations that are not consecutive', () => {
    const breaker = new CircuitBreaker(1);
    breaker.observe(0.9, 1 * MINUTE);
    breaker.observe(0.9, 2 * MINUTE);
    breaker.observe(0.0, 3 * MINUTE);
    breaker.observe(0.9, 4 * MINUTE);
    expect(breaker.currentLevel).toBe(DefconLevel.GREEN);
    expect(breaker.consecutiveViolations).toBe(1);
  });

  it('steps down one level per cool-down, releasing the newest code', () => {
    const breaker = new CircuitBreaker(1);
    for (let minute = 1; minute <= 3; minute++) breaker.observe(0.8, minute * MINUTE);
    expect(breaker.currentLevel).toBe(DefconLevel.BLACK);
    expect(breaker.frozen).toBe(true);
    const codes = [...breaker.releaseCodes];
    expect(breaker.observe(0, 20 * MINUTE)).toBe(false);
    expect(breaker.observe(0, 33 * MINUTE)).toBe(true);
    expect(breaker.currentLevel).toBe(DefconLevel.RED);
    expect(breaker.releaseCodes).toEqual(codes.slice(0, 3));
    expect(breaker.observe(0, 34 * MINUTE)).toBe(false);
  });

  it('issues codes that depend on the seed', () => {
    const a = new CircuitBreaker(1);
    const b = new CircuitBreaker(2);
    for (let minute = 1; minute <= 3; minute++) {
      a.observe(0.35, minute * MINUTE);
      b.observe(0.35, minute * MINUTE);
    }
    expect(a.releaseCodes).toHaveLength(1);
    expect(a.releaseCodes[0]).toMatch(/^YELLOW-[0-9A-F]{8}$/);
    expect(a.releaseCodes[0]).not.toBe(b.releaseCodes[0]);
  });
});
