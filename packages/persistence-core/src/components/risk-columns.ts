// SEntropyRecord[] and SAssetClassExposure[] of the portfolio risk state (spec 2.6) as columns.

import type { SectionReader, SectionWriter } from '../format/sections.js';
import { AssetClass, Regime, enumSize } from './enums.js';
import type { AssetClassExposures, EntropyHistory } from './types.js';
import { checkColumns, checkEnumColumn, checkUnique } from './validate.js';

const EntropyColumn = { TIMESTAMP: 0, SYSTEM_ENTROPY: 1, CORRELATION_ENERGY: 2, REGIME: 3 } as const;
const ExposureColumn = { ASSET_CLASS: 0, TOTAL_EXPOSURE_USD: 1, NUM_POSITIONS: 2, AVG_CORRELATION: 3, VOLATILITY_ESTIMATE: 4 } as const;

export function emptyEntropyHistory(): EntropyHistory {
  return { timestamp: new Float64Array(0), systemEntropy: new Float64Array(0), correlationEnergy: new Float64Array(0), regime: new Uint8Array(0) };
}

export function emptyExposures(): AssetClassExposures {
  return {
    assetClass: new Uint8Array(0),
    totalExposureUsd: new Float64Array(0),
    numPositions: new Float64Array(0),
    avgCorrelation: new Float64Array(0),
    volatilityEstimate: new Float64Array(0),
  };
}

/** Writes the history as sections tag .. tag+3. */
export function writeEntropyHistory(out: SectionWriter, tag: number, history: EntropyHistory): void {
  out.column(tag + EntropyColumn.TIMESTAMP, history.timestamp);
  out.column(tag + EntropyColumn.SYSTEM_ENTROPY, history.systemEntropy);
  out.column(tag + EntropyColumn.CORRELATION_ENERGY, history.correlationEnergy);
  out.column(tag + EntropyColumn.REGIME, history.regime);
}

export function readEntropyHistory(reader: SectionReader, field: string, tag: number): EntropyHistory {
  return {
    timestamp: reader.f64(`${field}.timestamp`, tag + EntropyColumn.TIMESTAMP),
    systemEntropy: reader.f64(`${field}.systemEntropy`, tag + EntropyColumn.SYSTEM_ENTROPY),
    correlationEnergy: reader.f64(`${field}.correlationEnergy`, tag + EntropyColumn.CORRELATION_ENERGY),
    regime: reader.u8(`${field}.regime`, tag + EntropyColumn.REGIME),
  };
}

export function validateEntropyHistory(history: EntropyHistory, field: string, file?: string): void {
  checkColumns(field, { ...history }, history.timestamp.length, file);
  checkEnumColumn(`${field}.regime`, history.regime, enumSize(Regime), file);
}

/** Writes the exposures as sections tag .. tag+4. */
export function writeExposures(out: SectionWriter, tag: number, exposures: AssetClassExposures): void {
  out.column(tag + ExposureColumn.ASSET_CLASS, exposures.assetClass);
  out.column(tag + ExposureColumn.TOTAL_EXPOSURE_USD, exposures.totalExposureUsd);
  out.column(tag + ExposureColumn.NUM_POSITIONS, exposures.numPositions);
  out.column(tag + ExposureColumn.AVG_CORRELATION, exposures.avgCorrelation);
  out.column(tag + ExposureColumn.VOLATILITY_ESTIMATE, exposures.volatilityEstimate);
}

export function readExposures(reader: SectionReader, field: string, tag: number): AssetClassExposures {
  return {
    assetClass: reader.u8(`${field}.assetClass`, tag + ExposureColumn.ASSET_CLASS),
    totalExposureUsd: reader.f64(`${field}.totalExposureUsd`, tag + ExposureColumn.TOTAL_EXPOSURE_USD),
    numPositions: reader.f64(`${field}.numPositions`, tag + ExposureColumn.NUM_POSITIONS),
    avgCorrelation: reader.f64(`${field}.avgCorrelation`, tag + ExposureColumn.AVG_CORRELATION),
    volatilityEstimate: reader.f64(`${field}.volatilityEstimate`, tag + ExposureColumn.VOLATILITY_ESTIMATE),
  };
}

/** One row per asset class: the meso risk cache is indexed by these rows. */
export function validateExposures(exposures: AssetClassExposures, field: string, file?: string): void {
  checkColumns(field, { ...exposures }, exposures.assetClass.length, file);
  checkEnumColumn(`${field}.assetClass`, exposures.assetClass, enumSize(AssetClass), file);
  checkUnique(`${field}.assetClass`, exposures.assetClass, file);
}
