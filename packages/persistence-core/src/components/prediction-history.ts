// SPredictionRecord[] of the risk adversary (spec 2.4) as four columns.

import type { SectionReader, SectionWriter } from '../format/sections.js';
import { Regime, enumSize } from './enums.js';
import type { PredictionHistory } from './types.js';
import { checkBoolColumn, checkColumns, checkEnumColumn } from './validate.js';

const Column = { DANGER_SCORE: 0, CRASH_OCCURRED: 1, PREDICTION_TIME: 2, REGIME: 3 } as const;

export function emptyPredictionHistory(): PredictionHistory {
  return { dangerScore: new Float64Array(0), crashOccurred: new Uint8Array(0), predictionTime: new Float64Array(0), regime: new Uint8Array(0) };
}

/** Writes the history as sections tag .. tag+3. */
export function writePredictionHistory(out: SectionWriter, tag: number, history: PredictionHistory): void {
  out.column(tag + Column.DANGER_SCORE, history.dangerScore);
  out.column(tag + Column.CRASH_OCCURRED, history.crashOccurred);
  out.column(tag + Column.PREDICTION_TIME, history.predictionTime);
  out.column(tag + Column.REGIME, history.regime);
}

export function readPredictionHistory(reader: SectionReader, field: string, tag: number): PredictionHistory {
  return {
    dangerScore: reader.f64(`${field}.dangerScore`, tag + Column.DANGER_SCORE),
    crashOccurred: reader.u8(`${field}.crashOccurred`, tag + Column.CRASH_OCCURRED),
    predictionTime: reader.f64(`${field}.predictionTime`, tag + Column.PREDICTION_TIME),
    regime: reader.u8(`${field}.regime`, tag + Column.REGIME),
  };
}

export function validatePredictionHistory(history: PredictionHistory, field: string, file?: string): void {
  checkColumns(field, { ...history }, history.dangerScore.length, file);
  checkBoolColumn(`${field}.crashOccurred`, history.crashOccurred, file);
  checkEnumColumn(`${field}.regime`, history.regime, enumSize(Regime), file);
}
