// The raw figures of one bench:agent run, kept in a JSON file (RECORD=<path>): every window and
// every save of the agent's journal. One run of a few minutes holds only a handful of browsed
// windows per load variant; bench/pool-runs.ts reads several records and judges their windows
// together, so a verdict can rest on more windows than one short run can measure.

import { readFile, writeFile } from 'node:fs/promises';
import type { JournalEntry } from '@quantum/persistence-core';
import type { BenchWindow } from './save-report.js';

/** A save as the analysis needs it (the journal entry without its detail). */
export type RecordedSave = Pick<JournalEntry, 'time' | 'component' | 'kind' | 'durationMs' | 'phases'>;

export interface RunRecord {
  /** What was run: the env of the bench, the start time, the load average before the start. */
  meta: { startedAt: string; env: Record<string, string>; loadAverageBefore: number[] };
  windows: BenchWindow[];
  saves: RecordedSave[];
}

export function recordedSaves(entries: JournalEntry[]): RecordedSave[] {
  return entries.map(({ time, component, kind, durationMs, phases }) => ({ time, component, kind, durationMs, ...(phases === undefined ? {} : { phases }) }));
}

export async function writeRecord(path: string, record: RunRecord): Promise<void> {
  await writeFile(path, `${JSON.stringify(record)}\n`);
}

export async function readRecord(path: string): Promise<RunRecord> {
  const record = JSON.parse(await readFile(path, 'utf8')) as RunRecord;
  if (!Array.isArray(record.windows) || !Array.isArray(record.saves)) throw new TypeError(`${path}: not a bench:agent record (windows and saves missing)`);
  return record;
}
