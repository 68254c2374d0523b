// Console credentials: bearer tokens stored as SHA-256 hashes, owner-only, outside the state directory.
// Tokens are created on first start (shown once) and rotated by name; the server reloads the file on change.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Role } from '@quantum/api-contract';

interface StoredToken {
  name: string;
  role: Role;
  sha256: string;
  createdAt: string;
}

interface TokenFile {
  version: 1;
  tokens: StoredToken[];
}

export interface Principal {
  name: string;
  role: Role;
}

const hashOf = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** A fresh token: a recognisable prefix and 256 random bits. */
export function generateToken(): string {
  return `qsc_${randomBytes(32).toString('base64url')}`;
}

export class TokenStore {
  #tokens: StoredToken[] = [];
  #mtimeMs = -1;
  #checkedAt = 0;

  private constructor(readonly path: string) {}

  /**
   * Opens the token file, creating it with one viewer and one operator token when it does not
   * exist. `created` holds the plain tokens exactly once, for the first-start banner.
   */
  static async open(path: string): Promise<{ store: TokenStore; created: Record<string, string> | null }> {
    const store = new TokenStore(path);
    const existing = await stat(path).catch(() => undefined);
    let created: Record<string, string> | null = null;
    if (existing === undefined) {
      created = { viewer: generateToken(), operator: generateToken() };
      const now = new Date().toISOString();
      await writeTokenFile(path, {
        version: 1,
        tokens: Object.entries(created).map(([name, token]) => ({ name, role: name as Role, sha256: hashOf(token).toString('hex'), createdAt: now })),
      });
    }
    await store.#reload();
    return { store, created };
  }

  /** Replaces (or adds) the token called `name`; returns the new plain token, shown once. */
  static async rotate(path: string, name: string, role: Role): Promise<string> {
    const current = (await readTokenFile(path).catch(() => undefined)) ?? { version: 1 as const, tokens: [] };
    const token = generateToken();
    const others = current.tokens.filter((entry) => entry.name !== name);
    await writeTokenFile(path, { version: 1, tokens: [...others, { name, role, sha256: hashOf(token).toString('hex'), createdAt: new Date().toISOString() }] });
    return token;
  }

  /** The principal a bearer token belongs to, or undefined. Compares hashes in constant time. */
  async authenticate(token: string): Promise<Principal | undefined> {
    await this.#reloadIfChanged();
    const presented = hashOf(token);
    let found: StoredToken | undefined;
    for (const entry of this.#tokens) {
      if (timingSafeEqual(presented, Buffer.from(entry.sha256, 'hex')) && found === undefined) found = entry;
    }
    return found === undefined ? undefined : { name: found.name, role: found.role };
  }

  // Checked at most once a second so a rotation takes effect without a restart.
  async #reloadIfChanged(): Promise<void> {
    const now = Date.now();
    if (now - this.#checkedAt < 1000) return;
    this.#checkedAt = now;
    const info = await stat(this.path).catch(() => undefined);
    if (info !== undefined && info.mtimeMs !== this.#mtimeMs) await this.#reload();
  }

  async #reload(): Promise<void> {
    const info = await stat(this.path);
    this.#tokens = (await readTokenFile(this.path)).tokens;
    this.#mtimeMs = info.mtimeMs;
    this.#checkedAt = Date.now();
  }
}

async function readTokenFile(path: string): Promise<TokenFile> {
  const parsed = JSON.parse(await readFile(path, 'utf8')) as TokenFile;
  if (parsed.version !== 1 || !Array.isArray(parsed.tokens)) throw new Error(`${path}: not a console token file`);
  for (const entry of parsed.tokens) {
    if (!/^[0-9a-f]{64}$/.test(entry.sha256) || (entry.role !== 'viewer' && entry.role !== 'operator')) {
      throw new Error(`${path}: token ${entry.name} is malformed`);
    }
  }
  return parsed;
}

async function writeTokenFile(path: string, content: TokenFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(temp, 0o600);
  await rename(temp, path);
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
