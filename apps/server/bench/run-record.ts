// The raw figures of one bench:agent run, kept in a JSON file (RECORD=<path>): every window and
// every save of the agent's journal. One run of a few minutes holds only a handful of browsed
// windows per load variant; bench/pool-runs.ts reads several records and judges their windows
// together, so a verdict can rest on more windows than one short run can measure.

import { execFileSync } from 'node:child_process';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { JournalEntry } from '@quantum/persistence-core';
import type { BenchWindow } from './save-report.js';

/** A save as the analysis needs it (the journal entry without its detail). */
export type RecordedSave = Pick<JournalEntry, 'time' | 'component' | 'kind' | 'durationMs' | 'phases'>;

export interface RunRecord {
  /** What was run: the env of the bench, the start time, the load average before the start. */
  meta: { startedAt: string; env: Record<string, string>; loadAverageBefore: number[]; code?: CodeIdentity };
  windows: BenchWindow[];
  saves: RecordedSave[];
}

/** Which code ran, so only runs of the same code are pooled (absent in records before it was kept). */
export interface CodeIdentity {
  /** The commit, with `+src changes` when the server's sources (apps/server/src) differ from it. */
  server: string;
  /** Newest file time of the persistence-core build the agent ran from (its dist/). */
  agentBuild: string;
}

export async function codeIdentity(agentDist: string): Promise<CodeIdentity> {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: import.meta.dirname, encoding: 'utf8' }).trim();
  const changed = git('status', '--porcelain', '--', '../src') !== '';
  let newest = 0;
  for (const name of await readdir(agentDist, { recursive: true })) newest = Math.max(newest, (await stat(join(agentDist, name))).mtimeMs);
  return { server: `${git('rev-parse', '--short', 'HEAD')}${changed ? '+src changes' : ''}`, agentBuild: new Date(newest).toISOString() };
}

export function recordedSaves(entries: JournalEntry[]): RecordedSave[] {
  return entries.map(({ time, component, kind, durationMs, phases }) => ({ time, component, kind, durationMs, ...(phases === undefined ? {} : { phases }) }));
}

export async function writeRecord(path: string, record: RunRecord): Promise<void> {
  await writeFile(path, `${JSON.stringify(record)}\n`);
}

/** A record as written, or gzipped (`.json.gz`, as the committed records in bench/records/ are). */
export async function readRecord(path: string): Promise<RunRecord> {
  const bytes = await readFile(path);
  const record = JSON.parse((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as RunRecord;
  if (!Array.isArray(record.windows) || !Array.isArray(record.saves)) throw new TypeError(`${path}: not a bench:agent record (windows and saves missing)`);
  return record;
}
