// The per-installation keyring: signs with the newest key, verifies with any it holds,
// so a rotation orphans no generation. Stored owner-only, outside the state directory.

import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { KeyringError } from '../errors.js';
import type { FileSystem } from '../fs/file-system.js';
import { errnoOf, writeAll } from '../fs/file-system.js';
import { nodeFileSystem } from '../fs/node-file-system.js';
import { SigningKey } from './hmac.js';

interface KeyringFile {
  version: 1;
  active: string;
  keys: { fingerprint: string; createdAt: string; secret: string }[];
}

/** The default key file: $QUANTUM_KEYRING, else ~/.config/quantum-state/keyring.json. */
export function defaultKeyringPath(): string {
  return process.env['QUANTUM_KEYRING'] ?? join(homedir(), '.config', 'quantum-state', 'keyring.json');
}

export class Keyring {
  readonly #keys: SigningKey[];

  /** Newest last; the newest signs. */
  constructor(keys: SigningKey[]) {
    if (keys.length === 0) throw new KeyringError('a keyring needs at least one key');
    this.#keys = [...keys];
  }

  get active(): SigningKey {
    return this.#keys[this.#keys.length - 1] as SigningKey;
  }

  get fingerprints(): string[] {
    return this.#keys.map((key) => key.fingerprintHex);
  }

  get keys(): readonly SigningKey[] {
    return this.#keys;
  }

  find(fingerprint: Uint8Array): SigningKey | undefined {
    return this.#keys.find((key) => Buffer.from(key.fingerprint).equals(fingerprint));
  }

  /** A new keyring holding a freshly generated key as the active one. */
  rotated(now = new Date()): Keyring {
    return new Keyring([...this.#keys, new SigningKey(randomBytes(32), now.toISOString())]);
  }

  static generate(now = new Date()): Keyring {
    return new Keyring([new SigningKey(randomBytes(32), now.toISOString())]);
  }

  toJSON(): object {
    return { active: this.active.fingerprintHex, fingerprints: this.fingerprints };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Keyring(active ${this.active.fingerprintHex}, ${this.#keys.length} keys)`;
  }
}

/** Reads the keyring at `path`; refuses a file that group or others can read. */
export async function readKeyring(path: string, fs: FileSystem = nodeFileSystem): Promise<Keyring> {
  const stat = await fs.stat(path);
  if (stat === undefined) throw new KeyringError('key file does not exist', { file: path });
  if ((stat.mode & 0o077) !== 0) {
    throw new KeyringError(`key file permissions ${(stat.mode & 0o777).toString(8)} are too open; run chmod 600`, { file: path });
  }
  let parsed: KeyringFile;
  try {
    parsed = JSON.parse(Buffer.from(await fs.readFile(path)).toString('utf8')) as KeyringFile;
  } catch (cause) {
    throw new KeyringError('key file is not valid JSON', { file: path, cause });
  }
  if (parsed.version !== 1 || !Array.isArray(parsed.keys) || parsed.keys.length === 0) {
    throw new KeyringError('key file has no keys or an unknown version', { file: path });
  }
  const keys = parsed.keys.map((entry, i) => {
    const secret = Buffer.from(String(entry.secret), 'base64');
    if (secret.byteLength < 32) throw new KeyringError(`key ${i} is shorter than 32 bytes`, { file: path });
    return new SigningKey(secret, String(entry.createdAt));
  });
  const activeIndex = keys.findIndex((key) => key.fingerprintHex === parsed.active);
  if (activeIndex < 0) throw new KeyringError(`active key ${parsed.active} is not in the file`, { file: path });
  // The active key signs, so it goes last.
  const ordered = [...keys.filter((_, i) => i !== activeIndex), keys[activeIndex] as SigningKey];
  return new Keyring(ordered);
}

/**
 * Writes the keyring durably (temp file, fsync, rename, directory fsync), owner-only.
 * With `exclusive`, the file is linked into place and EEXIST is thrown if another
 * process created one first, so two first starts never sign with different keys.
 */
export async function writeKeyring(path: string, keyring: Keyring, fs: FileSystem = nodeFileSystem, exclusive = false): Promise<void> {
  const directory = dirname(path);
  await fs.mkdir(directory, 0o700);
  const content: KeyringFile = {
    version: 1,
    active: keyring.active.fingerprintHex,
    keys: keyring.keys.map((key) => ({ fingerprint: key.fingerprintHex, createdAt: key.createdAt, secret: key.exportSecret() })),
  };
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.qtmp`;
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await writeAll(handle, Buffer.from(`${JSON.stringify(content, null, 2)}\n`), 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (exclusive) await fs.link(temp, path);
    else await fs.rename(temp, path);
  } finally {
    if (exclusive) await fs.unlink(temp);
  }
  await fs.syncDirectory(directory);
}

/** Opens the keyring at `path`, creating one with a new key on first use. */
export async function openKeyring(path: string = defaultKeyringPath(), fs: FileSystem = nodeFileSystem): Promise<{ keyring: Keyring; created: boolean }> {
  try {
    return { keyring: await readKeyring(path, fs), created: false };
  } catch (error) {
    if (!(error instanceof KeyringError)) throw error;
    // Created by another process since the read looked (it links the file in whole): read that one.
    if ((await fs.stat(path)) !== undefined) return { keyring: await readKeyring(path, fs), created: false };
  }
  const keyring = Keyring.generate();
  try {
    await writeKeyring(path, keyring, fs, true);
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return { keyring: await readKeyring(path, fs), created: false };
    throw error;
  }
  return { keyring, created: true };
}
