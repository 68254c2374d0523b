// A few lines that say what a decoded state holds (Q entries, replay fill, ...), for `inspect`.

import type { EntryAgentState, ExitAgentState, ReplayBufferState, ShadowAgentsState, TrainingCheckpointState } from '../components/types.js';

const isTypedArray = (value: unknown): value is ArrayLike<unknown> => ArrayBuffer.isView(value) && !(value instanceof DataView);

/** Named facts first (the ones an operator asks about), then every top-level scalar and length. */
export function summarizeComponent(component: string, state: unknown): Record<string, string | number | boolean> {
  const summary: Record<string, string | number | boolean> = { ...namedFacts(component, state) };
  if (typeof state !== 'object' || state === null) return summary;
  for (const [key, value] of Object.entries(state)) {
    if (key in summary) continue;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') summary[key] = value;
    else if (isTypedArray(value) || Array.isArray(value)) summary[`${key}.length`] = value.length;
    else if (typeof value === 'object' && value !== null) {
      for (const [inner, innerValue] of Object.entries(value)) {
        if (isTypedArray(innerValue) || Array.isArray(innerValue)) summary[`${key}.${inner}.length`] = innerValue.length;
        else if (typeof innerValue === 'number' || typeof innerValue === 'boolean') summary[`${key}.${inner}`] = innerValue;
      }
    }
  }
  return summary;
}

function namedFacts(component: string, state: unknown): Record<string, number> {
  switch (component) {
    case 'EntryAgent':
    case 'ExitAgent': {
      const agent = state as EntryAgentState | ExitAgentState;
      return { qEntries: agent.qTable.stateHash.length, traceEntries: agent.traces.stateHash.length };
    }
    case 'ReplayBuffer': {
      const replay = state as ReplayBufferState;
      return { size: replay.currentSize, capacity: replay.capacity, nextIndex: replay.nextIndex };
    }
    case 'TrainingCheckpoint': {
      const checkpoint = state as TrainingCheckpointState;
      return { batchesDone: checkpoint.batchesDone, batchesTotal: checkpoint.batchesTotal, qEntries: checkpoint.entry.qTable.stateHash.length };
    }
    case 'ShadowAgents':
      return { shadows: (state as ShadowAgentsState).shadows.length };
    default:
      return {};
  }
}
