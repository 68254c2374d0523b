import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isQuantumStateError } from '../../src/errors.js';
import { Keyring, openKeyring, readKeyring, writeKeyring } from '../../src/signing/keyring.js';
import { runTs } from '../support/run-ts.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'quantum-keyring-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('keyring', () => {
  it('is created on first use, owner-only, in a directory of its own, and reopened after', async () => {
    const path = join(root, 'config', 'keyring.json');
    const first = await openKeyring(path);
    expect(first.created).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(root, 'config'))).mode & 0o777).toBe(0o700);
    const again = await openKeyring(path);
    expect(again.created).toBe(false);
    expect(again.keyring.active.fingerprintHex).toBe(first.keyring.active.fingerprintHex);
  });

  it('never shows the secret when logged or serialised', async () => {
    const path = join(root, 'keyring.json');
    const { keyring } = await openKeyring(path);
    const secret = JSON.parse(await readFile(path, 'utf8')).keys[0].secret as string;
    const { inspect } = await import('node:util');
    for (const shown of [JSON.stringify(keyring), inspect(keyring, { depth: 5 }), JSON.stringify(keyring.active), inspect(keyring.active), String(keyring.active)]) {
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(Buffer.from(secret, 'base64').toString('hex'));
    }
  });

  it('refuses a key file that group or others can read', async () => {
    const path = join(root, 'keyring.json');
    await openKeyring(path);
    await chmod(path, 0o644);
    const error = await readKeyring(path).catch((e: unknown) => e);
    expect(isQuantumStateError(error)).toBe(true);
    expect((error as Error).message).toMatch(/permissions 644 are too open/);
  });

  it('refuses a malformed key file with a clear error and does not replace it', async () => {
    const path = join(root, 'keyring.json');
    await writeFile(path, '{not json', { mode: 0o600 });
    await expect(openKeyring(path)).rejects.toThrow(/keyring.json: key file is not valid JSON/);
    expect(await readFile(path, 'utf8')).toBe('{not json');
  });

  it('rotation keeps every older key for verification and signs with the newest', async () => {
    const path = join(root, 'keyring.json');
    const { keyring } = await openKeyring(path);
    const rotated = keyring.rotated();
    await writeKeyring(path, rotated);
    const reread = await readKeyring(path);
    expect(reread.fingerprints).toEqual([keyring.active.fingerprintHex, rotated.active.fingerprintHex]);
    expect(reread.active.fingerprintHex).toBe(rotated.active.fingerprintHex);
    expect(reread.find(keyring.active.fingerprint)).toBeDefined();
  });

  it('two processes creating it at once end up with one key', async () => {
    const path = join(root, 'keyring.json');
    const script = join(root, 'open.mts');
    await writeFile(script, `import { openKeyring } from ${JSON.stringify(join(import.meta.dirname, '../../src/signing/keyring.js'))};\nconst { keyring } = await openKeyring(${JSON.stringify(path)});\nprocess.stdout.write(keyring.active.fingerprintHex);\n`);
    const results = await Promise.all([runTs(script, []), runTs(script, []), runTs(script, [])]);
    const fingerprints = new Set(results.map((result) => result.stdout));
    expect(fingerprints.size).toBe(1);
    expect((await readKeyring(path)).active.fingerprintHex).toBe([...fingerprints][0]);
  });

  it('a keyring needs a key of at least 32 bytes', () => {
    expect(() => new Keyring([])).toThrow(/at least one key/);
  });
});
