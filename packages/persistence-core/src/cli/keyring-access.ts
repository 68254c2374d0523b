// Commands that only read state never create a key file or a state directory: a missing one
// is an error that says what to do.

import { stat } from 'node:fs/promises';
import { KeyringError, QuantumStateError } from '../errors.js';
import { errnoOf } from '../fs/file-system.js';
import type { Keyring } from '../signing/keyring.js';
import { readKeyring } from '../signing/keyring.js';
import { StateDirectory } from '../store/state-directory.js';

export async function existingKeyring(path: string): Promise<Keyring> {
  try {
    return await readKeyring(path);
  } catch (error) {
    if (error instanceof KeyringError && error.message.endsWith('does not exist')) {
      throw new KeyringError('key file does not exist; create one with `quantum-state keys create` or pass --keyring', { file: path });
    }
    throw error;
  }
}

/** Opens an existing state directory with an existing keyring. */
export async function openExistingStore(directory: string, keyringPath: string): Promise<StateDirectory> {
  const keyring = await existingKeyring(keyringPath);
  try {
    if (!(await stat(directory)).isDirectory()) throw new QuantumStateError('is not a directory', { file: directory });
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new QuantumStateError('state directory does not exist', { file: directory });
    throw error;
  }
  return StateDirectory.open({ directory, keyring });
}
