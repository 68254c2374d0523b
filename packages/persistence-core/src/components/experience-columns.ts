// SExperience[] (spec 2.3) as twelve columns, one per scalar of the struct and its SJourneyReward.

import type { SectionReader, SectionWriter } from '../format/sections.js';
import { Regime, TradingAction, enumSize } from './enums.js';
import type { ExperienceColumns, JourneyRewardColumns } from './types.js';
import { checkBoolColumn, checkColumns, checkEnumColumn } from './validate.js';

/** Offsets from the first tag, in the order the columns are written. */
const Column = {
  STATE_HASH: 0,
  ACTION: 1,
  REWARD_TOTAL: 2,
  REWARD_MFE_CAPTURE: 3,
  REWARD_MAE_PENALTY: 4,
  REWARD_GIVEBACK_PENALTY: 5,
  REWARD_PATH_SMOOTHNESS: 6,
  REWARD_TIME_DECAY: 7,
  NEXT_STATE_HASH: 8,
  IS_TERMINAL: 9,
  TIMESTAMP: 10,
  REGIME: 11,
} as const;

export function emptyExperiences(): ExperienceColumns {
  return {
    stateHash: new BigUint64Array(0),
    action: new Uint8Array(0),
    reward: {
      total: new Float64Array(0),
      mfeCapture: new Float64Array(0),
      maePenalty: new Float64Array(0),
      givebackPenalty: new Float64Array(0),
      pathSmoothness: new Float64Array(0),
      timeDecay: new Float64Array(0),
    },
    nextStateHash: new BigUint64Array(0),
    isTerminal: new Uint8Array(0),
    timestamp: new Float64Array(0),
    regime: new Uint8Array(0),
  };
}

/** Writes the experience columns as sections tag .. tag+11. */
export function writeExperiences(out: SectionWriter, tag: number, experiences: ExperienceColumns): void {
  const { reward } = experiences;
  out.column(tag + Column.STATE_HASH, experiences.stateHash);
  out.column(tag + Column.ACTION, experiences.action);
  out.column(tag + Column.REWARD_TOTAL, reward.total);
  out.column(tag + Column.REWARD_MFE_CAPTURE, reward.mfeCapture);
  out.column(tag + Column.REWARD_MAE_PENALTY, reward.maePenalty);
  out.column(tag + Column.REWARD_GIVEBACK_PENALTY, reward.givebackPenalty);
  out.column(tag + Column.REWARD_PATH_SMOOTHNESS, reward.pathSmoothness);
  out.column(tag + Column.REWARD_TIME_DECAY, reward.timeDecay);
  out.column(tag + Column.NEXT_STATE_HASH, experiences.nextStateHash);
  out.column(tag + Column.IS_TERMINAL, experiences.isTerminal);
  out.column(tag + Column.TIMESTAMP, experiences.timestamp);
  out.column(tag + Column.REGIME, experiences.regime);
}

export function readExperiences(reader: SectionReader, field: string, tag: number): ExperienceColumns {
  const reward: JourneyRewardColumns = {
    total: reader.f64(`${field}.reward.total`, tag + Column.REWARD_TOTAL),
    mfeCapture: reader.f64(`${field}.reward.mfeCapture`, tag + Column.REWARD_MFE_CAPTURE),
    maePenalty: reader.f64(`${field}.reward.maePenalty`, tag + Column.REWARD_MAE_PENALTY),
    givebackPenalty: reader.f64(`${field}.reward.givebackPenalty`, tag + Column.REWARD_GIVEBACK_PENALTY),
    pathSmoothness: reader.f64(`${field}.reward.pathSmoothness`, tag + Column.REWARD_PATH_SMOOTHNESS),
    timeDecay: reader.f64(`${field}.reward.timeDecay`, tag + Column.REWARD_TIME_DECAY),
  };
  return {
    stateHash: reader.u64(`${field}.stateHash`, tag + Column.STATE_HASH),
    action: reader.u8(`${field}.action`, tag + Column.ACTION),
    reward,
    nextStateHash: reader.u64(`${field}.nextStateHash`, tag + Column.NEXT_STATE_HASH),
    isTerminal: reader.u8(`${field}.isTerminal`, tag + Column.IS_TERMINAL),
    timestamp: reader.f64(`${field}.timestamp`, tag + Column.TIMESTAMP),
    regime: reader.u8(`${field}.regime`, tag + Column.REGIME),
  };
}

/** Every column holds `rows` elements and every code is a member of its enumeration. */
export function validateExperiences(experiences: ExperienceColumns, rows: number, field: string, file?: string): void {
  const { reward, ...rest } = experiences;
  checkColumns(field, rest, rows, file);
  checkColumns(`${field}.reward`, { ...reward }, rows, file);
  checkEnumColumn(`${field}.action`, experiences.action, enumSize(TradingAction), file);
  checkBoolColumn(`${field}.isTerminal`, experiences.isTerminal, file);
  checkEnumColumn(`${field}.regime`, experiences.regime, enumSize(Regime), file);
}
