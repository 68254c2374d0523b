import { describe, expect, it } from 'vitest';
import { DefconLevel } from '../../src/components/enums.js';
import { DemoAgent } from '../../src/demo/agent.js';
import type { DemoStates, TickEvents } from '../../src/demo/states.js';

/** Every broken invariant of a full set of states, named; empty when coherent. */
function problemsOf(states: DemoStates): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const replay = states.replayBuffer;
  let running = 0;
  for (let i = 0; i < replay.currentSize; i++) {
    running += replay.priorities[i] as number;
    check(replay.cdf[i] === running, `cdf[${i}] = ${replay.cdf[i]}, running sum ${running}`);
  }
  check(replay.sumPriorities === running, `sumPriorities ${replay.sumPriorities} != ${running}`);
  check(replay.nextIndex >= 0 && replay.nextIndex < replay.capacity, `nextIndex ${replay.nextIndex} outside capacity`);
  check(replay.experiences.stateHash.length === replay.currentSize, 'replay rows != currentSize');

  const risk = states.portfolioRisk;
  const n = risk.symbols.length;
  check(risk.correlationMatrix.length === n * n, 'correlation matrix is not n x n');
  for (let i = 0; i < n; i++) {
    check(risk.correlationMatrix[i * n + i] === 1, `correlation diagonal ${i} is not 1`);
    for (let j = 0; j < n; j++) {
      const r = risk.correlationMatrix[i * n + j] as number;
      check(r === risk.correlationMatrix[j * n + i], `correlation [${i},${j}] not symmetric`);
      check(Math.abs(r) <= 1, `correlation [${i},${j}] = ${r} outside [-1, 1]`);
    }
  }
  check(risk.releaseCodes.length === risk.currentLevel, `${risk.releaseCodes.length} release codes at level ${risk.currentLevel}`);
  check(risk.microDangerScores.length === n, 'one micro danger score per symbol');
  check(risk.mesoCorrelationEnergy.length === risk.exposures.assetClass.length, 'one meso energy per exposure row');
  check(risk.macroSystemEntropy >= 0 && risk.macroSystemEntropy <= 1, `entropy ${risk.macroSystemEntropy} outside [0, 1]`);

  const { epsilon, alpha, lambda } = states.entryAgent;
  for (const [name, value] of Object.entries({ epsilon, alpha, lambda })) check(value >= 0 && value <= 1, `${name} ${value} outside [0, 1]`);
  const entryRows = states.entryAgent.qTable.stateHash.length;
  check(states.entryAgent.qTable.qValue.length === entryRows, 'Q columns of unequal length');
  check(states.entryAgent.stateSpaceSize * 3 === entryRows, `${states.entryAgent.stateSpaceSize} states for ${entryRows} Q entries of 3 actions`);
  check(states.learningMetrics.uniqueStatesVisited <= states.entryAgent.stateSpaceSize, 'more unique states visited than in the table');
  for (const danger of [...states.riskAdversary.history.dangerScore, ...risk.microDangerScores]) {
    check(danger >= 0 && danger <= 1, `danger ${danger} outside [0, 1]`);
  }
  check(states.physics.kurtosisIndex < states.physics.kurtosisBuffer.length, 'kurtosisIndex outside its buffer');
  check(states.trainingCheckpoint.rngState.length === 4, 'rngState is not 4 words');
  check(states.trainingCheckpoint.batchesDone <= states.trainingCheckpoint.batchesTotal, 'more batches done than planned');
  if (states.activePosition) check(states.activePosition.mfe >= 0 && states.activePosition.mae >= 0, 'negative excursion');
  return problems;
}

function counters(states: DemoStates): number[] {
  return [
    states.entryAgent.totalUpdates,
    states.entryAgent.stateSpaceSize,
    states.exitAgent.totalExits,
    states.replayBuffer.totalSamplesTaken,
    states.riskAdversary.totalPredictions,
    states.riskAdversary.correctPredictions,
    states.learningMetrics.totalTrades,
    states.learningMetrics.uniqueStatesVisited,
    states.trainingCheckpoint.runId,
    ...states.shadowAgents.shadows.map((shadow) => shadow.totalTrades),
  ];
}

describe('DemoAgent state coherence', () => {
  it('keeps every invariant and monotone counter over a run that wraps the replay buffer', () => {
    const agent = new DemoAgent({ seed: 21, qEntries: 3_000, replayCapacity: 48 });
    const seen: TickEvents[] = [];
    let previous = counters(agent.snapshotAll());
    const failures: string[] = [];
    for (let i = 0; i < 4_000; i++) {
      const events = agent.tick();
      seen.push(events);
      if (i % 100 === 99) agent.trainFromReplay(30);
      const states = agent.snapshotAll();
      const now = counters(states);
      now.forEach((value, k) => {
        if (value < (previous[k] as number)) failures.push(`counter ${k} fell from ${previous[k]} to ${value} at tick ${events.tick}`);
      });
      previous = now;
      if ((states.activePosition !== null) !== events.positionOpen) failures.push(`positionOpen disagrees with the state at tick ${events.tick}`);
      if (i % 250 === 0 || events.tradeClosed || events.circuitBreakerLevel !== undefined) {
        for (const problem of problemsOf(states)) failures.push(`tick ${events.tick}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
    const states = agent.snapshotAll();
    expect(problemsOf(states)).toEqual([]);
    // the run exercised what the invariants are about
    expect(seen.filter((e) => e.tradeClosed).length).toBeGreaterThan(48);
    expect(seen.filter((e) => e.bufferFull)).toHaveLength(1);
    expect(states.replayBuffer.currentSize).toBe(48);
    expect(seen.some((e) => e.circuitBreakerLevel !== undefined && e.circuitBreakerLevel > DefconLevel.GREEN)).toBe(true);
    expect(seen.filter((e) => e.calibrationUpdated).length).toBe(80);
    expect(seen.every((e) => e.predictions === 1)).toBe(true);
  });
});
