// Saved generations for CLI tests, written through the real store with the sandbox's key file.

import { open } from 'node:fs/promises';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { readKeyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { entryState } from '../store/temp-state-dir.js';
import type { CliSandbox } from './cli-harness.js';

/** Saves EntryAgent `count` times (totalUpdates = 1..count): current holds seq `count`. */
export async function saveEntryGenerations(sandbox: CliSandbox, count: number, entries = 5): Promise<StateDirectory> {
  const store = await StateDirectory.open({ directory: sandbox.directory, keyring: await readKeyring(sandbox.keyringPath), reserveBytes: 0 });
  for (let marker = 1; marker <= count; marker++) await store.save(entryAgentCodec, entryState(marker, entries));
  return store;
}

/** Flips one byte at `offset` from the end of the file: the HMAC no longer matches. */
export async function flipByte(path: string, fromEnd = 40): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, size - fromEnd);
    byte[0] = (byte[0] ?? 0) ^ 0xff;
    await handle.write(byte, 0, 1, size - fromEnd);
  } finally {
    await handle.close();
  }
}
