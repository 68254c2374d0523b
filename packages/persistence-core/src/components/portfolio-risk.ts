// SPortfolioRiskState (spec 2.6): correlation matrix, entropy history, asset-class exposures,
// circuit breaker and the three-level risk cache.

import type { ScalarField } from '../format/sections.js';
import type { ComponentCodec } from './codec.js';
import { DefconLevel, enumSize } from './enums.js';
import {
  emptyEntropyHistory,
  emptyExposures,
  readEntropyHistory,
  readExposures,
  validateEntropyHistory,
  validateExposures,
  writeEntropyHistory,
  writeExposures,
} from './risk-columns.js';
import type { PortfolioRiskState } from './types.js';
import { checkCount, checkEnum, checkLength, checkUnique } from './validate.js';

const Tag = {
  PARAMS: 1,
  SYMBOLS: 10,
  CORRELATION_MATRIX: 11,
  ENTROPY_HISTORY: 20,
  EXPOSURES: 30,
  RELEASE_CODES: 40,
  MICRO_DANGER_SCORES: 50,
  MESO_CORRELATION_ENERGY: 51,
} as const;

const PARAMS = [
  { name: 'correlationUpdated', type: 'time' },
  { name: 'currentLevel', type: { enumSize: enumSize(DefconLevel) } },
  { name: 'levelChanged', type: 'time' },
  { name: 'consecutiveViolations', type: 'count' },
  { name: 'macroSystemEntropy', type: 'f64' },
] as const satisfies readonly ScalarField[];

export const portfolioRiskCodec: ComponentCodec<PortfolioRiskState> = {
  name: 'PortfolioRisk',
  kind: 6,
  fileName: 'ProjectQuantum_RiskState.dat',
  schemaVersion: 1,
  // Below the Q-tables, above recomputable metrics: the circuit-breaker level and release codes
  // must survive a restart, or a frozen (DEFCON BLACK) agent would resume trading.
  priority: 2,

  fresh: () => ({
    symbols: [],
    correlationMatrix: new Float64Array(0),
    correlationUpdated: 0,
    entropyHistory: emptyEntropyHistory(),
    exposures: emptyExposures(),
    currentLevel: DefconLevel.GREEN,
    releaseCodes: [],
    levelChanged: 0,
    consecutiveViolations: 0,
    microDangerScores: new Float64Array(0),
    mesoCorrelationEnergy: new Float64Array(0),
    macroSystemEntropy: 0,
  }),

  encode(state, out) {
    out.record(Tag.PARAMS, PARAMS, state);
    out.strings(Tag.SYMBOLS, state.symbols);
    out.column(Tag.CORRELATION_MATRIX, state.correlationMatrix);
    writeEntropyHistory(out, Tag.ENTROPY_HISTORY, state.entropyHistory);
    writeExposures(out, Tag.EXPOSURES, state.exposures);
    out.strings(Tag.RELEASE_CODES, state.releaseCodes);
    out.column(Tag.MICRO_DANGER_SCORES, state.microDangerScores);
    out.column(Tag.MESO_CORRELATION_ENERGY, state.mesoCorrelationEnergy);
  },

  decode(reader) {
    const params = reader.record('params', Tag.PARAMS, PARAMS);
    const state: PortfolioRiskState = {
      ...params,
      currentLevel: params.currentLevel as DefconLevel,
      symbols: reader.strings('symbols', Tag.SYMBOLS),
      correlationMatrix: reader.f64('correlationMatrix', Tag.CORRELATION_MATRIX),
      entropyHistory: readEntropyHistory(reader, 'entropyHistory', Tag.ENTROPY_HISTORY),
      exposures: readExposures(reader, 'exposures', Tag.EXPOSURES),
      releaseCodes: reader.strings('releaseCodes', Tag.RELEASE_CODES),
      microDangerScores: reader.f64('microDangerScores', Tag.MICRO_DANGER_SCORES),
      mesoCorrelationEnergy: reader.f64('mesoCorrelationEnergy', Tag.MESO_CORRELATION_ENERGY),
    };
    this.validate(state, reader.file);
    return state;
  },

  validate(state, file) {
    const symbolCount = state.symbols.length;
    checkUnique('symbols', state.symbols, file);
    checkLength('correlationMatrix', state.correlationMatrix.length, symbolCount * symbolCount, file);
    checkLength('microDangerScores', state.microDangerScores.length, symbolCount, file);
    validateEntropyHistory(state.entropyHistory, 'entropyHistory', file);
    validateExposures(state.exposures, 'exposures', file);
    checkLength('mesoCorrelationEnergy', state.mesoCorrelationEnergy.length, state.exposures.assetClass.length, file);
    checkEnum('currentLevel', state.currentLevel, enumSize(DefconLevel), file);
    checkCount('consecutiveViolations', state.consecutiveViolations, file);
  },

  legacyDecoders: {},
  migrations: [],
};
