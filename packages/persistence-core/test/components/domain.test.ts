// Each value outside its domain is a DecodeError naming the field, not a silently loaded state.

import { describe, expect, it } from 'vitest';
import type { ComponentCodec } from '../../src/components/codec.js';
import { activePositionCodec } from '../../src/components/active-position.js';
import { exitAgentCodec } from '../../src/components/exit-agent.js';
import { learningMetricsCodec } from '../../src/components/learning-metrics.js';
import { physicsStateCodec } from '../../src/components/physics-state.js';
import { portfolioRiskCodec } from '../../src/components/portfolio-risk.js';
import { riskAdversaryCodec } from '../../src/components/risk-adversary.js';
import { shadowAgentsCodec } from '../../src/components/shadow-agents.js';
import { trainingCheckpointCodec } from '../../src/components/training-checkpoint.js';
import type { NetworkLayer } from '../../src/components/types.js';
import { golden } from '../golden/states.js';
import { decodeErrorOf, replaceSection, roundTrip, sectionsOf } from './seal.js';

/** The field named by the DecodeError that decoding `state` (as `codec` writes it) throws. */
function rejectedField<S>(codec: ComponentCodec<S>, state: S): string {
  return decodeErrorOf(codec as ComponentCodec<unknown>, sectionsOf(codec, state)).field;
}

describe('exit agent', () => {
  it('rejects an unknown action code and a negative count', () => {
    const state = golden.exitAgent();
    state.qTable.action[2] = 4;
    expect(rejectedField(exitAgentCodec, state)).toBe('qTable.action[2]');
    expect(rejectedField(exitAgentCodec, { ...golden.exitAgent(), totalExits: -1 })).toBe('totalExits');
    const traces = golden.exitAgent();
    traces.traces.eligibility = Float64Array.of(1);
    expect(rejectedField(exitAgentCodec, traces)).toBe('traces.eligibility');
  });
});

describe('risk adversary', () => {
  const withLayers = (edit: (layers: NetworkLayer[]) => void) => {
    const state = golden.riskAdversary();
    if (state.model.kind !== 'network') throw new Error('golden adversary is a network');
    edit(state.model.layers);
    return rejectedField(riskAdversaryCodec, state);
  };

  it('rejects layers whose weights, biases or widths do not fit', () => {
    expect(withLayers((layers) => (layers[0]!.weights = new Float64Array(5)))).toBe('model.layers[0].weights');
    expect(withLayers((layers) => (layers[1]!.biases = new Float64Array(2)))).toBe('model.layers[1].biases');
    expect(
      withLayers((layers) => {
        layers[1] = { ...layers[1]!, inputs: 3, weights: new Float64Array(3) };
      }),
    ).toBe('model.layers[1].inputs');
    expect(withLayers((layers) => (layers[0] = { ...layers[0]!, inputs: 0, weights: new Float64Array(0) }))).toBe('model.layers[0].inputs');
    expect(withLayers((layers) => (layers[1]!.activation = 4 as never))).toBe('model.layers[1].activation');
  });

  it('rejects an unknown model kind, a bad tabular model and a ragged history', () => {
    const sections = sectionsOf(riskAdversaryCodec, golden.riskAdversary(), (writer) => {
      const params = writer.sections.find((section) => section.tag === 1)!;
      new DataView(params.bytes.buffer, params.bytes.byteOffset).setBigInt64(0, 2n, true);
    });
    expect(decodeErrorOf(riskAdversaryCodec as ComponentCodec<unknown>, sections).field).toBe('modelKind');
    const tabular = { ...golden.riskAdversary(), model: { kind: 'tabular' as const, qTable: { ...golden.exitAgent().qTable, qValue: new Float64Array(2) } } };
    expect(rejectedField(riskAdversaryCodec, tabular)).toBe('model.qTable.qValue');
    expect(roundTrip(riskAdversaryCodec, { ...tabular, model: { kind: 'tabular', qTable: golden.exitAgent().qTable } }).model.kind).toBe('tabular');
    const history = golden.riskAdversary();
    history.history.regime = Uint8Array.of(1);
    expect(rejectedField(riskAdversaryCodec, history)).toBe('history.regime');
    const crash = golden.riskAdversary();
    crash.history.crashOccurred[0] = 3;
    expect(rejectedField(riskAdversaryCodec, crash)).toBe('history.crashOccurred[0]');
  });
});

describe('learning metrics', () => {
  it('rejects negative counts and a flag that is neither 0 nor 1', () => {
    expect(rejectedField(learningMetricsCodec, { ...golden.learningMetrics(), novelStatesLast100: -3 })).toBe('novelStatesLast100');
    const sections = sectionsOf(learningMetricsCodec, golden.learningMetrics(), (writer) => {
      const params = writer.sections.find((section) => section.tag === 1)!;
      new DataView(params.bytes.buffer, params.bytes.byteOffset).setBigInt64(8 * 5, 2n, true);
    });
    expect(decodeErrorOf(learningMetricsCodec as ComponentCodec<unknown>, sections).field).toBe('needsQTableReset');
  });
});

describe('portfolio risk', () => {
  it('rejects a correlation matrix that is not n x n for n symbols', () => {
    expect(rejectedField(portfolioRiskCodec, { ...golden.portfolioRisk(), correlationMatrix: new Float64Array(8) })).toBe('correlationMatrix');
    expect(rejectedField(portfolioRiskCodec, { ...golden.portfolioRisk(), symbols: ['EURUSD', 'US500'] })).toBe('correlationMatrix');
  });

  it('rejects a risk cache that does not match symbols and exposure rows', () => {
    expect(rejectedField(portfolioRiskCodec, { ...golden.portfolioRisk(), microDangerScores: Float64Array.of(1) })).toBe('microDangerScores');
    expect(rejectedField(portfolioRiskCodec, { ...golden.portfolioRisk(), mesoCorrelationEnergy: Float64Array.of(1, 2) })).toBe('mesoCorrelationEnergy');
    const ragged = golden.portfolioRisk();
    ragged.exposures.volatilityEstimate = Float64Array.of(0.1);
    expect(rejectedField(portfolioRiskCodec, ragged)).toBe('exposures.volatilityEstimate');
  });

  it('rejects unknown enum codes and duplicate keys', () => {
    expect(rejectedField(portfolioRiskCodec, { ...golden.portfolioRisk(), currentLevel: 5 as never })).toBe('currentLevel');
    const assetClass = golden.portfolioRisk();
    assetClass.exposures.assetClass[1] = 6;
    expect(rejectedField(portfolioRiskCodec, assetClass)).toBe('exposures.assetClass[1]');
    const duplicateClass = golden.portfolioRisk();
    duplicateClass.exposures.assetClass[2] = duplicateClass.exposures.assetClass[0]!;
    expect(rejectedField(portfolioRiskCodec, duplicateClass)).toBe('exposures.assetClass[2]');
    const regime = golden.portfolioRisk();
    regime.entropyHistory.regime[0] = 9;
    expect(rejectedField(portfolioRiskCodec, regime)).toBe('entropyHistory.regime[0]');
    expect(rejectedField(portfolioRiskCodec, { ...golden.portfolioRisk(), symbols: ['EURUSD', 'US500', 'EURUSD'] })).toBe('symbols[2]');
  });

  it('rejects a symbol list that is not UTF-8', () => {
    const sections = sectionsOf(portfolioRiskCodec, golden.portfolioRisk(), (writer) =>
      replaceSection(writer, 10, (w) => {
        w.strings(10, ['EURUSD', 'US500', 'XAUUSD']);
        w.sections[0]!.bytes[4 * 3 + 7] = 0xff;
      }),
    );
    expect(decodeErrorOf(portfolioRiskCodec as ComponentCodec<unknown>, sections).field).toBe('symbols[1]');
  });
});

describe('shadow agents', () => {
  it('rejects a shadow Q-table that does not fit, naming the shadow', () => {
    const state = golden.shadowAgents();
    state.shadows[1]!.qTable.action = Uint8Array.of(0, 0);
    expect(rejectedField(shadowAgentsCodec, state)).toBe('shadows[1].qTable.action');
  });

  it('rejects duplicate agent ids and a count that does not match the stored shadows', () => {
    const state = golden.shadowAgents();
    state.shadows[1]!.agentId = 1;
    expect(rejectedField(shadowAgentsCodec, state)).toBe('shadows.agentId[1]');
    const sections = sectionsOf(shadowAgentsCodec, golden.shadowAgents(), (writer) => replaceSection(writer, 1, (w) => w.record(1, [{ name: 'numShadows', type: 'count' }], { numShadows: 3 })));
    expect(decodeErrorOf(shadowAgentsCodec as ComponentCodec<unknown>, sections).field).toBe('shadows.strategyName');
  });
});

describe('physics state', () => {
  it('rejects a kurtosis write position outside its ring', () => {
    expect(rejectedField(physicsStateCodec, { ...golden.physicsState(), kurtosisIndex: 5 })).toBe('kurtosisIndex');
    expect(rejectedField(physicsStateCodec, { ...golden.physicsState(), kurtosisBuffer: new Float64Array(0), kurtosisIndex: 1 })).toBe('kurtosisIndex');
  });
});

describe('active position', () => {
  it('rejects an unknown regime and a negative bar count', () => {
    expect(rejectedField(activePositionCodec, { ...golden.activePosition(), regimeAtEntry: 5 as never })).toBe('regimeAtEntry');
    expect(rejectedField(activePositionCodec, { ...golden.activePosition(), barsHeld: -1 })).toBe('barsHeld');
  });
});

describe('training checkpoint', () => {
  it('rejects progress past the total, a malformed generator state and a bad entry Q-table', () => {
    expect(rejectedField(trainingCheckpointCodec, { ...golden.trainingCheckpoint(), batchesDone: 1_001 })).toBe('batchesDone');
    expect(rejectedField(trainingCheckpointCodec, { ...golden.trainingCheckpoint(), rngState: Uint32Array.of(1, 2, 3) })).toBe('rngState');
    expect(rejectedField(trainingCheckpointCodec, { ...golden.trainingCheckpoint(), rngState: new Uint32Array(4) })).toBe('rngState');
    const entry = golden.trainingCheckpoint();
    entry.entry.qTable.action[0] = 200;
    expect(rejectedField(trainingCheckpointCodec, entry)).toBe('entry.qTable.action[0]');
  });
});
