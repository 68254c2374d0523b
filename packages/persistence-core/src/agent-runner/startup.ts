// Start-up of the demo agent: load every component with recovery, recover an orphaned position,
// and resume a DemoAgent from whatever was stored.

import { resumeDemoAgent } from '../demo/resume.js';
import type { ResumedDemo } from '../demo/resume.js';
import type { DemoAgentOptions } from '../demo/agent.js';
import type { DemoComponent, DemoStates } from '../demo/states.js';
import type { FileHeader } from '../format/header.js';
import { HeaderFlag } from '../format/header.js';
import type { PositionFile, PositionRecovery } from '../runtime/position-file.js';
import type { RecoveryReport } from '../store/reports.js';
import type { StateDirectory } from '../store/state-directory.js';
import { STORED_COMPONENTS, codecOf } from './components.js';

export interface LoadedState {
  states: Partial<DemoStates>;
  /** Seq of the current generation each component was loaded from: the writer's expectedSeq. */
  seqs: Map<DemoComponent, number>;
  reports: RecoveryReport[];
  position: PositionRecovery;
}

export async function loadAll(store: StateDirectory, positionFile: PositionFile): Promise<LoadedState> {
  const states: Partial<DemoStates> = {};
  const seqs = new Map<DemoComponent, number>();
  const headers = new Map<DemoComponent, FileHeader>();
  const reports: RecoveryReport[] = [];
  for (const component of STORED_COMPONENTS) {
    const { state, header, report } = await store.load(codecOf(component));
    reports.push(report);
    if (header === undefined) continue;
    (states as Record<DemoComponent, unknown>)[component] = state;
    headers.set(component, header);
    // Loaded from a backup, current is gone (quarantined): there is nothing to expect yet.
    if (report.used === 'current') seqs.set(component, header.seq);
  }
  keepRestoredEntryAgent(states, headers);
  const position = await positionFile.recover();
  if (position.position !== undefined) states.activePosition = position.position;
  return { states, seqs, reports, position };
}

/**
 * The agent resumes its entry agent from the training checkpoint's copy when training moved that
 * copy further than the last EntryAgent save. An EntryAgent an operator restored after that
 * checkpoint was written is the operator's choice, not an older save: it replaces the copy.
 */
function keepRestoredEntryAgent(states: Partial<DemoStates>, headers: ReadonlyMap<DemoComponent, FileHeader>): void {
  const entry = headers.get('entryAgent');
  const checkpoint = headers.get('trainingCheckpoint');
  if (states.entryAgent === undefined || states.trainingCheckpoint === undefined || entry === undefined || checkpoint === undefined) return;
  if ((entry.flags & HeaderFlag.RESTORED) === 0 || entry.savedAt < checkpoint.savedAt) return;
  states.trainingCheckpoint = { ...states.trainingCheckpoint, entry: states.entryAgent };
}

/** A DemoAgent resumed from what was loaded (a fresh one when nothing is stored); a component that does not fit this configuration starts fresh and is reported. */
export function resumeAgent(options: DemoAgentOptions, states: Partial<DemoStates>): ResumedDemo {
  return resumeDemoAgent(options, states);
}
