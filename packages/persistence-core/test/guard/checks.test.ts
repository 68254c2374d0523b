import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkState } from '../../src/guard/check-state.js';
import type { CheckFinding } from '../../src/guard/findings.js';
import { CHECK_IDS, DEFAULT_GUARD_POLICY, guardPolicy } from '../../src/guard/policy.js';
import { componentArbitraries } from '../arbitraries.js';
import * as healthy from './healthy-states.js';
import { HEALTHY } from './healthy-states.js';

const COMPONENTS = Object.keys(HEALTHY);
const size = fc.integer({ min: 1, max: 40 });
const nonFinite = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);

type Slot = { path: string; column?: Float64Array; owner?: Record<string, unknown>; key?: string };

/** Every float column and number field of a state, with its path as the guard names it. */
function floatSlots(value: unknown, path = '', slots: Slot[] = []): Slot[] {
  if (value instanceof Float64Array) {
    if (value.length > 0) slots.push({ path, column: value });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => floatSlots(item, `${path}[${i}]`, slots));
  } else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    for (const [key, item] of Object.entries(value)) {
      const child = path === '' ? key : `${path}.${key}`;
      if (typeof item === 'number') slots.push({ path: child, owner: value as Record<string, unknown>, key });
      else floatSlots(item, child, slots);
    }
  }
  return slots;
}

const has = (findings: CheckFinding[], check: string, field: string): boolean => findings.some((f) => f.check === check && f.field === field);

describe('guard checks: healthy states pass', () => {
  it.each(COMPONENTS)('%s passes alone and against itself', (component) => {
    fc.assert(
      fc.property(size, (n) => {
        const make = HEALTHY[component] as (n: number) => unknown;
        expect(checkState(component, make(n))).toEqual([]);
        expect(checkState(component, make(n), make(n))).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('guard checks: divergent states are caught with the right field', () => {
  it('NaN or Infinity anywhere in any component is refused, naming the field and index', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMPONENTS), size, fc.nat(), fc.nat(), nonFinite, (component, n, pick, at, bad) => {
        const state = (HEALTHY[component] as (n: number) => unknown)(n);
        const slots = floatSlots(state);
        const slot = slots[pick % slots.length] as Slot;
        let index: number | undefined;
        if (slot.column !== undefined) {
          index = at % slot.column.length;
          slot.column[index] = bad;
        } else {
          (slot.owner as Record<string, unknown>)[slot.key as string] = bad;
        }
        const findings = checkState(component, state);
        const finding = findings.find((f) => f.check === 'finite' && f.field === slot.path);
        expect(finding, `${component}.${slot.path}`).toBeDefined();
        expect(finding?.action).toBe('refuse');
        if (index !== undefined) expect(finding?.values).toEqual([index]);
      }),
      { numRuns: 300 },
    );
  });

  it('learning parameters outside [0, 1] are refused', () => {
    const outside = fc.oneof(fc.double({ min: 1.000001, max: 1e9, noNaN: true }), fc.double({ min: -1e9, max: -1e-9, noNaN: true }));
    fc.assert(
      fc.property(size, fc.constantFrom('epsilon', 'alpha', 'lambda'), outside, fc.boolean(), (n, name, value, inCheckpoint) => {
        const findings = inCheckpoint
          ? checkState('TrainingCheckpoint', { ...healthy.trainingCheckpoint(n), entry: { ...healthy.entryAgent(n), [name]: value } })
          : checkState('EntryAgent', { ...healthy.entryAgent(n), [name]: value });
        const field = inCheckpoint ? `entry.${name}` : name;
        expect(findings).toContainEqual({ check: 'learning-parameter-domain', field, detail: expect.any(String), values: [value], action: 'refuse' });
      }),
    );
  });

  it('epsilon driven to zero is committed as suspect', () => {
    const findings = checkState('EntryAgent', { ...healthy.entryAgent(5), epsilon: 0 });
    expect(findings).toEqual([expect.objectContaining({ check: 'exploration-floor', field: 'epsilon', action: 'suspect' })]);
  });

  it('probabilities and danger scores outside [0, 1] are refused', () => {
    const cases: [string, (n: number, v: number, at: number) => unknown, string][] = [
      ['RiskAdversary', (n, v, at) => withColumn(healthy.riskAdversary(n), (s) => s.history.dangerScore, at, v), 'history.dangerScore'],
      ['RiskAdversary', (n, v) => ({ ...healthy.riskAdversary(n), falsePositiveRate: v }), 'falsePositiveRate'],
      ['PortfolioRisk', (n, v, at) => withColumn(healthy.portfolioRisk(n), (s) => s.microDangerScores, at, v), 'microDangerScores'],
      ['ExitAgent', (n, v) => ({ ...healthy.exitAgent(n), ewmaFlipRate: v }), 'ewmaFlipRate'],
      ['PhysicsState', (n, v, at) => withColumn(healthy.physics(n), (s) => s.vpinHistory, at, v), 'vpinHistory'],
    ];
    const outside = fc.oneof(fc.double({ min: 1.0000001, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: -1e-7, noNaN: true }));
    fc.assert(
      fc.property(fc.constantFrom(...cases), size, outside, fc.nat(), ([component, make, field], n, value, at) => {
        const findings = checkState(component, make(n, value, at));
        expect(findings.find((f) => f.check === 'probability-domain' && f.field === field)?.values).toEqual([value]);
      }),
    );
  });

  it('an asymmetric correlation matrix, a wrong diagonal or an entry beyond 1 is refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.nat(), fc.nat(), fc.double({ min: 1e-6, max: 0.4, noNaN: true }), fc.constantFrom('asymmetric', 'diagonal', 'range'), (n, a, b, delta, kind) => {
        const state = healthy.portfolioRisk(n);
        const i = a % n;
        const j = (i + 1 + (b % (n - 1))) % n;
        const matrix = state.correlationMatrix;
        if (kind === 'asymmetric') matrix[i * n + j] = (matrix[i * n + j] as number) - delta;
        if (kind === 'diagonal') matrix[i * n + i] = 1 - delta;
        if (kind === 'range') matrix[i * n + j] = matrix[j * n + i] = 1 + delta;
        const findings = checkState('PortfolioRisk', state);
        const [row, column] = kind === 'diagonal' ? [i, i] : [Math.min(i, j), Math.max(i, j)];
        expect(has(findings, 'correlation-matrix', `correlationMatrix[${row}][${column}]`)).toBe(true);
      }),
    );
  });

  it('negative priorities, collapsed priorities and a wrong sum are refused', () => {
    fc.assert(
      fc.property(size, fc.nat(), fc.double({ min: -1e3, max: -1e-9, noNaN: true }), (n, at, negative) => {
        const state = healthy.replayBuffer(n);
        state.priorities[at % n] = negative;
        expect(checkState('ReplayBuffer', state).find((f) => f.check === 'priority-domain')?.values).toEqual([negative]);
        const collapsed = { ...healthy.replayBuffer(n), priorities: new Float64Array(n) };
        expect(has(checkState('ReplayBuffer', collapsed), 'priority-sum', 'priorities')).toBe(true);
        const drifted = { ...healthy.replayBuffer(n), sumPriorities: healthy.replayBuffer(n).sumPriorities * 1.01 };
        expect(has(checkState('ReplayBuffer', drifted), 'priority-sum', 'sumPriorities')).toBe(true);
      }),
    );
  });

  it('accumulating counters that go backwards are refused', () => {
    const cases: [string, (n: number, less: number) => unknown, string][] = [
      ['EntryAgent', (n, less) => ({ ...healthy.entryAgent(n), totalUpdates: 10 * n - less }), 'totalUpdates'],
      ['ExitAgent', (n, less) => ({ ...healthy.exitAgent(n), totalExits: n - less }), 'totalExits'],
      ['ReplayBuffer', (n, less) => ({ ...healthy.replayBuffer(n), totalSamplesTaken: 3 * n - less }), 'totalSamplesTaken'],
      ['RiskAdversary', (n, less) => ({ ...healthy.riskAdversary(n), totalPredictions: 5 * n - less }), 'totalPredictions'],
      ['LearningMetrics', (n, less) => ({ ...healthy.learningMetrics(n), totalTrades: 7 * n - less }), 'totalTrades'],
      ['ShadowAgents', (n, less) => withShadowTrades(healthy.shadowAgents(n), 10 * n + 2 - less), 'shadows[agentId=2].totalTrades'],
      ['TrainingCheckpoint', (n, less) => ({ ...healthy.trainingCheckpoint(n), batchesDone: n - less }), 'run[4].batchesDone'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...cases), size, fc.integer({ min: 1, max: 1000 }), ([component, make, field], n, less) => {
        const findings = checkState(component, make(n, less), make(n, 0));
        expect(findings.find((f) => f.check === 'counter-monotonic' && f.field === field)?.action).toBe('suspect');
      }),
    );
  });

  it('a table losing more than maxShrinkRatio of its entries is flagged, and only then', () => {
    const tables: [string, (n: number) => unknown, string][] = [
      ['EntryAgent', healthy.entryAgent, 'qTable'],
      ['ExitAgent', healthy.exitAgent, 'qTable'],
      ['ReplayBuffer', healthy.replayBuffer, 'experiences'],
      ['RiskAdversary', (n) => healthy.riskAdversary(n, 'tabular'), 'model.qTable'],
      ['TrainingCheckpoint', healthy.trainingCheckpoint, 'entry.qTable'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...tables), fc.integer({ min: 2, max: 400 }), fc.double({ min: 0, max: 1, noNaN: true }), ([component, make, field], before, keep) => {
        const after = Math.floor(before * keep);
        const findings = checkState(component, make(after), make(before));
        const shrank = (before - after) / before > DEFAULT_GUARD_POLICY.bounds.maxShrinkRatio;
        expect(has(findings, 'shrink-bound', field)).toBe(shrank);
      }),
    );
  });

  it('exploding network weights are flagged as a value shift, and beyond maxAbsValue refused', () => {
    fc.assert(
      fc.property(size, fc.double({ min: 1000, max: 1e9, noNaN: true }), (n, factor) => {
        const exploded = healthy.riskAdversary(n);
        for (const layer of exploded.model.kind === 'network' ? exploded.model.layers : []) layer.weights = layer.weights.map((w) => w * factor);
        const findings = checkState('RiskAdversary', exploded, healthy.riskAdversary(n));
        expect(findings.filter((f) => f.check === 'value-shift').length).toBeGreaterThan(0);
        const biggest = Math.max(...exploded.model.kind === 'network' ? exploded.model.layers.flatMap((l) => Array.from(l.weights, Math.abs)) : []);
        expect(findings.some((f) => f.check === 'magnitude-bound' && f.action === 'refuse')).toBe(biggest > DEFAULT_GUARD_POLICY.bounds.maxAbsValue);
      }),
    );
  });
});

describe('guard checks over any state the codecs accept', () => {
  it('never throw, use only known check ids, and report finite exactly when a float is not finite', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(componentArbitraries)).chain((component) => fc.tuple(fc.constant(component), componentArbitraries[component] as fc.Arbitrary<unknown>, componentArbitraries[component] as fc.Arbitrary<unknown>)), ([component, state, previous]) => {
        const findings = checkState(component, state, previous);
        for (const finding of findings) expect(CHECK_IDS).toContain(finding.check);
        const nonFinite = floatSlots(state).filter((slot) => (slot.column !== undefined ? slot.column.some((v) => !Number.isFinite(v)) : !Number.isFinite(slot.owner?.[slot.key as string] as number)));
        expect(findings.filter((f) => f.check === 'finite').map((f) => f.field).sort()).toEqual(nonFinite.map((slot) => slot.path).sort());
      }),
      { numRuns: 300 },
    );
  });
});

describe('guard policy', () => {
  it('per-check overrides change the action or turn a check off', () => {
    const state = { ...healthy.entryAgent(8), alpha: 2, epsilon: Number.NaN };
    const policy = guardPolicy({ defaultAction: 'suspect', checks: { finite: 'off' } });
    expect(checkState('EntryAgent', state, undefined, policy)).toEqual([expect.objectContaining({ check: 'learning-parameter-domain', field: 'alpha', action: 'suspect' })]);
  });

  it('rejects unknown checks and bounds outside their domain', () => {
    expect(() => guardPolicy({ checks: { nonsense: 'off' } as never })).toThrow(/unknown check "nonsense"/);
    expect(() => guardPolicy({ bounds: { maxShrinkRatio: 2 } })).toThrow(/maxShrinkRatio/);
    expect(() => guardPolicy({ bounds: { maxMeanAbsFactor: 0.5 } })).toThrow(/maxMeanAbsFactor/);
  });
});

function withColumn<S>(state: S, column: (state: S) => Float64Array, at: number, value: number): S {
  const target = column(state);
  target[at % target.length] = value;
  return state;
}

function withShadowTrades(state: ReturnType<typeof healthy.shadowAgents>, trades: number): unknown {
  return { shadows: state.shadows.map((shadow) => (shadow.agentId === 2 ? { ...shadow, totalTrades: trades } : shadow)) };
}
