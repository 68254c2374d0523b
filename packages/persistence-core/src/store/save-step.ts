// Runs one named step of a save, turning its failure into an error that names the step.

import { CorruptFileError, DiskFullError, SaveFailedError, saveOutcome } from '../errors.js';
import { errnoOf } from '../fs/file-system.js';

function failure(name: string, file: string, cause: unknown, committed: boolean): Error {
  const code = errnoOf(cause);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new DiskFullError(`disk full at step "${name}"; ${saveOutcome(committed)}`, { file, cause });
  }
  return new SaveFailedError(name, { file, cause, committed });
}

/** `committed`: the step runs after the commit rename, so the chain already holds the new state. */
export async function saveStep<T>(name: string, file: string, action: () => Promise<T>, committed = false): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof CorruptFileError || error instanceof DiskFullError || error instanceof SaveFailedError) throw error;
    throw failure(name, file, error, committed);
  }
}
