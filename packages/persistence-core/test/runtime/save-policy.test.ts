import { describe, expect, it } from 'vitest';
import { DefconLevel } from '../../src/components/enums.js';
import type { PolicyEvents, SaveDecision } from '../../src/runtime/save-policy.js';
import { SavePolicy } from '../../src/runtime/save-policy.js';

const T0 = 1_700_000_000_000;

/** Feeds `ticks` and lists, per tick index, what was decided. */
function run(policy: SavePolicy, ticks: PolicyEvents[], now = () => T0): string[] {
  return ticks.flatMap((events, i) => describeDecision(policy.observe(events, now()), i));
}

function describeDecision(decision: SaveDecision, i: number): string[] {
  const out = [...decision.components.keys()].map((component) => `${i}:${component}`);
  if (decision.saveAll) out.push(`${i}:ALL(${decision.saveAll})`);
  return out;
}

describe('save policy', () => {
  it('saves each component after its own number of trades (10, 10, 25, 10, 50)', () => {
    const policy = new SavePolicy({}, T0);
    const saves = run(policy, Array.from({ length: 50 }, () => ({ tradeClosed: true })));
    const count = (name: string) => saves.filter((s) => s.endsWith(`:${name}`)).map((s) => Number(s.split(':')[0]) + 1);
    expect(count('EntryAgent')).toEqual([10, 20, 30, 40, 50]);
    expect(count('ExitAgent')).toEqual([10, 20, 30, 40, 50]);
    expect(count('PortfolioRisk')).toEqual([10, 20, 30, 40, 50]);
    expect(count('LearningMetrics')).toEqual([25, 50]);
    expect(count('ShadowAgents')).toEqual([50]);
    expect(count('ReplayBuffer')).toEqual([]);
  });

  it('follows configured counts', () => {
    const policy = new SavePolicy({ tradesEvery: { EntryAgent: 3 } as never, experiencesEvery: 5 }, T0);
    const saves = run(policy, Array.from({ length: 6 }, () => ({ tradeClosed: true, experiencesAdded: 2 })));
    expect(saves.filter((s) => s.endsWith('EntryAgent'))).toEqual(['2:EntryAgent', '5:EntryAgent']);
    expect(saves.filter((s) => s.endsWith('ReplayBuffer'))).toEqual(['2:ReplayBuffer', '5:ReplayBuffer']);
  });

  it('saves the replay buffer every 50 experiences and before a full buffer evicts', () => {
    const policy = new SavePolicy({}, T0);
    const ticks: PolicyEvents[] = Array.from({ length: 40 }, (_, i) => ({ experiencesAdded: 2, bufferFull: i === 7 }));
    // The count restarts at each save: 50 experiences after tick 7 is tick 32.
    expect(run(policy, ticks)).toEqual(['7:ReplayBuffer', '32:ReplayBuffer']);
  });

  it('saves the adversary every 20 predictions, when danger rises above 0.7, and on calibration', () => {
    const policy = new SavePolicy({}, T0);
    const ticks: PolicyEvents[] = Array.from({ length: 40 }, (_, i) => ({ predictions: 1, dangerAbove07: i >= 3 && i <= 6, calibrationUpdated: i === 12 }));
    expect(run(policy, ticks)).toEqual(['3:RiskAdversary', '12:RiskAdversary', '32:RiskAdversary']);
  });

  it('saves portfolio risk on level change and correlation update; SaveAll from ORANGE up', () => {
    const policy = new SavePolicy({}, T0);
    const ticks: PolicyEvents[] = [
      { circuitBreakerLevel: DefconLevel.YELLOW },
      { correlationUpdated: true },
      { circuitBreakerLevel: DefconLevel.ORANGE },
      { circuitBreakerLevel: DefconLevel.RED },
      { circuitBreakerLevel: DefconLevel.BLACK },
      { circuitBreakerLevel: DefconLevel.GREEN },
    ];
    expect(run(policy, ticks)).toEqual([
      '0:PortfolioRisk',
      '1:PortfolioRisk',
      '2:ALL(circuit breaker at level ORANGE)',
      '3:ALL(circuit breaker at level RED)',
      '4:ALL(circuit breaker at level BLACK)',
      '5:PortfolioRisk',
    ]);
  });

  it('saves metrics on self-healing and shadows on outperformance', () => {
    const policy = new SavePolicy({}, T0);
    expect(run(policy, [{ selfHealTriggered: true }, { shadowOutperformed: true }])).toEqual(['0:LearningMetrics', '1:ShadowAgents']);
  });

  it('runs the hourly safety net on wall time, and a SaveAll restarts every counter', () => {
    const policy = new SavePolicy({}, T0);
    let now = T0;
    const saves = run(policy, Array.from({ length: 12 }, () => ({ tradeClosed: true })), () => (now += 6 * 60_000));
    expect(saves).toEqual(['9:ALL(hourly safety net)']);
  });

  it('saves the position every tick while open and clears it on close', () => {
    const policy = new SavePolicy({}, T0);
    expect([{ positionOpen: true }, { tradeClosed: true, positionOpen: false }, {}].map((e) => policy.observe(e, T0).position)).toEqual(['save', 'clear', 'none']);
  });

  it('saves everything on clean shutdown and nothing on abnormal termination', () => {
    const policy = new SavePolicy({}, T0);
    expect(policy.shutdown('clean').saveAll).toBe('clean shutdown');
    const abnormal = policy.shutdown('abnormal');
    expect(abnormal.saveAll).toBeUndefined();
    expect(abnormal.components.size).toBe(0);
  });

  it('can save everything on each trade close, as spec 6.3 writes it', () => {
    const policy = new SavePolicy({ saveAllOnTradeClose: true }, T0);
    expect(run(policy, [{ tradeClosed: true }])).toEqual(['0:ALL(trade closed)']);
  });
});
