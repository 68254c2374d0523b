// The shape of one component's semantic checks, and the Q-table pieces several share.

import type { QTable } from '../../components/types.js';
import type { FindingSink } from '../findings.js';
import type { GuardBounds } from '../policy.js';
import { magnitudeColumn, meanAbs } from './columns.js';
import type { StateSummary } from './summary.js';

export interface ComponentChecks<S> {
  /** Checks that need only this state (the finite check runs for every component before these). */
  absolute(state: S, sink: FindingSink, bounds: GuardBounds): void;
  /** What the next save is compared against. */
  summarize(state: S): StateSummary;
}

export function checkQTable(sink: FindingSink, field: string, table: QTable, bounds: GuardBounds): void {
  magnitudeColumn(sink, `${field}.qValue`, table.qValue, bounds.maxAbsValue);
}

/** A Q-table must not lose most of its entries, nor its values jump in scale. */
export function summarizeQTable(summary: StateSummary, field: string, table: QTable): void {
  summary.tables[field] = table.qValue.length;
  summary.values[`${field}.qValue`] = meanAbs(table.qValue);
}
