// Runs one named step of a save, turning its failure into an error that names the step.

import { CorruptFileError, DiskFullError, SaveFailedError } from '../errors.js';
import { errnoOf } from '../fs/file-system.js';

function failure(name: string, file: string, cause: unknown): Error {
  const code = errnoOf(cause);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new DiskFullError(`disk full at step "${name}"; previous generations are intact`, { file, cause });
  return new SaveFailedError(name, { file, cause });
}

export async function saveStep<T>(name: string, file: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof CorruptFileError || error instanceof DiskFullError || error instanceof SaveFailedError) throw error;
    throw failure(name, file, error);
  }
}
