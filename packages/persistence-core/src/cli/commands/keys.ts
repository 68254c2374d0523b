// `keys create|rotate|show`: the keyring's life cycle. Prints fingerprints only, never a secret.

import { KeyringError } from '../../errors.js';
import { errnoOf } from '../../fs/file-system.js';
import { Keyring, readKeyring, writeKeyring } from '../../signing/keyring.js';
import type { Command, CommandInput } from '../command.js';
import { UsageError } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { existingKeyring } from '../keyring-access.js';
import { table } from '../output.js';

function describe(keyring: Keyring): { active: string; keys: { fingerprint: string; createdAt: string; active: boolean }[] } {
  const active = keyring.active.fingerprintHex;
  return { active, keys: keyring.keys.map((key) => ({ fingerprint: key.fingerprintHex, createdAt: key.createdAt, active: key.fingerprintHex === active })) };
}

function print(output: CommandInput['output'], path: string, keyring: Keyring, headline: string, extra: object = {}): void {
  const described = describe(keyring);
  output.result({ keyring: path, ...extra, ...described });
  output.line(headline);
  output.line(`key file ${path}`);
  const rows = described.keys.map((key) => [key.fingerprint, key.createdAt, key.active ? 'active (signs)' : 'verifies only']);
  for (const row of table(['fingerprint', 'created', 'role'], rows)) output.line(`  ${row}`);
}

async function create({ shared, output }: CommandInput): Promise<number> {
  const keyring = Keyring.generate();
  try {
    await writeKeyring(shared.keyringPath, keyring, undefined, true);
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') throw new KeyringError('key file already exists; use `keys rotate` to add a new key', { file: shared.keyringPath });
    throw error;
  }
  print(output, shared.keyringPath, keyring, `created keyring with key ${keyring.active.fingerprintHex}`, { created: true });
  return ExitCode.OK;
}

async function rotate({ shared, output }: CommandInput): Promise<number> {
  const previous = await existingKeyring(shared.keyringPath);
  const rotated = previous.rotated();
  await writeKeyring(shared.keyringPath, rotated);
  // Read back what is on disk: the report must describe the file, not our intention.
  const written = await readKeyring(shared.keyringPath);
  print(output, shared.keyringPath, written, `rotated: ${written.active.fingerprintHex} now signs; ${previous.active.fingerprintHex} still verifies older files`, {
    previousActive: previous.active.fingerprintHex,
  });
  output.warn('a running agent keeps signing with the key it started with until it restarts');
  return ExitCode.OK;
}

async function show({ shared, output }: CommandInput): Promise<number> {
  const keyring = await existingKeyring(shared.keyringPath);
  print(output, shared.keyringPath, keyring, `active key ${keyring.active.fingerprintHex}`);
  return ExitCode.OK;
}

const ACTIONS: Record<string, (input: CommandInput) => Promise<number>> = { create, rotate, show };

export const keysCommand: Command = {
  name: 'keys',
  usage: 'keys create|rotate|show [--keyring FILE]',
  summary: 'create the keyring, rotate to a new signing key, show fingerprints (never secrets)',
  options: {},
  run(input) {
    const action = ACTIONS[input.positionals[0] ?? ''];
    if (action === undefined || input.positionals.length !== 1) throw new UsageError('expected one of: create, rotate, show');
    return action(input);
  },
};
