// SRiskAdversaryState (spec 2.4): a network or a tabular model, prediction history, metrics.

import type { ScalarField } from '../format/sections.js';
import type { ComponentCodec } from './codec.js';
import { readLayers, validateLayers, writeLayers } from './network-layers.js';
import { emptyPredictionHistory, readPredictionHistory, validatePredictionHistory, writePredictionHistory } from './prediction-history.js';
import { emptyQTable, readQTable, validateQTable, writeQTable } from './q-table.js';
import type { AdversaryModel, RiskAdversaryState } from './types.js';
import { checkCount } from './validate.js';

const Tag = { PARAMS: 1, LAYERS: 10, Q_TABLE: 20, HISTORY: 30 } as const;

/** Which model the file holds; only that model's sections are present. */
const ModelKind = { network: 0, tabular: 1 } as const;

const PARAMS = [
  { name: 'modelKind', type: { enumSize: 2 } },
  { name: 'f1Score', type: 'f64' },
  { name: 'calibrationError', type: 'f64' },
  { name: 'truePositiveRate', type: 'f64' },
  { name: 'falsePositiveRate', type: 'f64' },
  { name: 'totalPredictions', type: 'count' },
  { name: 'correctPredictions', type: 'count' },
  { name: 'lastCalibration', type: 'time' },
] as const satisfies readonly ScalarField[];

export const riskAdversaryCodec: ComponentCodec<RiskAdversaryState> = {
  name: 'RiskAdversary',
  kind: 4,
  fileName: 'ProjectQuantum_RiskAdversary.dat',
  schemaVersion: 1,
  priority: 1,

  fresh: () => ({
    model: { kind: 'tabular', qTable: emptyQTable() },
    history: emptyPredictionHistory(),
    f1Score: 0,
    calibrationError: 0,
    truePositiveRate: 0,
    falsePositiveRate: 0,
    totalPredictions: 0,
    correctPredictions: 0,
    lastCalibration: 0,
  }),

  encode(state, out) {
    out.record(Tag.PARAMS, PARAMS, { ...state, modelKind: ModelKind[state.model.kind] });
    if (state.model.kind === 'network') writeLayers(out, Tag.LAYERS, state.model.layers);
    else writeQTable(out, Tag.Q_TABLE, state.model.qTable);
    writePredictionHistory(out, Tag.HISTORY, state.history);
  },

  decode(reader) {
    const { modelKind, ...metrics } = reader.record('params', Tag.PARAMS, PARAMS);
    const model: AdversaryModel =
      modelKind === ModelKind.network
        ? { kind: 'network', layers: readLayers(reader, 'model.layers', Tag.LAYERS) }
        : { kind: 'tabular', qTable: readQTable(reader, 'model.qTable', Tag.Q_TABLE) };
    const state: RiskAdversaryState = { ...metrics, model, history: readPredictionHistory(reader, 'history', Tag.HISTORY) };
    this.validate(state, reader.file);
    return state;
  },

  validate(state, file) {
    if (state.model.kind === 'network') validateLayers(state.model.layers, 'model.layers', file);
    else validateQTable(state.model.qTable, 'model.qTable', file);
    validatePredictionHistory(state.history, 'history', file);
    checkCount('totalPredictions', state.totalPredictions, file);
    checkCount('correctPredictions', state.correctPredictions, file);
  },

  legacyDecoders: {},
  migrations: [],
};
