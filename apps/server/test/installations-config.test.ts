import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';

const env = { INIT_CWD: '/srv', QUANTUM_KEYRING: '/etc/q/keyring.json' };

describe('installation configuration', () => {
  it('keeps --dir as the default installation and adds each --installation with its own key and audit log', () => {
    const { config } = parseConfig(['--dir', 'main', '--installation', 'desk-2=/data/desk2,key=/keys/desk2.json', '--installation', 'desk.3=rel'], env);
    expect(config.demo).toBe(false);
    expect(config.installations).toEqual([
      { kind: 'local', id: 'default', stateDirectory: '/srv/main', keyringPath: '/etc/q/keyring.json', auditLogPath: '/etc/q/console-audit.ndjson' },
      { kind: 'local', id: 'desk-2', stateDirectory: '/data/desk2', keyringPath: '/keys/desk2.json', auditLogPath: '/etc/q/console-audit-desk-2.ndjson' },
      { kind: 'local', id: 'desk.3', stateDirectory: '/srv/rel', keyringPath: '/etc/q/keyring.json', auditLogPath: '/etc/q/console-audit-desk.3.ndjson' },
    ]);
  });

  it('makes the first named installation the default when there is neither --dir nor the demo', () => {
    const { config } = parseConfig(['--installation', 'a=/x', '--remote-installation', 'b=agent-7'], env);
    expect(config.demo).toBe(false);
    expect(config.installations.map((i) => [i.kind, i.id])).toEqual([
      ['local', 'a'],
      ['bucket', 'b'],
    ]);
    expect(config.installations[1]).toMatchObject({ bucketInstallation: 'agent-7' });
    expect(config).toMatchObject({ stateDirectory: '/x', auditLogPath: '/etc/q/console-audit-a.ndjson', mirrorDirectory: '/etc/q/mirrors', mirrorRefreshMs: 60_000 });
    expect(parseConfig(['--demo', '--installation', 'a=/x'], env).config.installations.map((i) => i.id)).toEqual(['demo', 'a']);
  });

  it('reads installations from a JSON file, paths relative to the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qs-installations-'));
    try {
      const file = join(dir, 'installations.json');
      await writeFile(file, JSON.stringify({ installations: [{ id: 'desk-1', dir: 'desk1', keyring: 'k1.json' }, { id: 'desk-9', bucketInstallation: 'desk-9' }] }));
      const { config } = parseConfig(['--installations', file, '--mirror-refresh', '30'], env);
      expect(config.installations).toMatchObject([
        { kind: 'local', id: 'desk-1', stateDirectory: join(dir, 'desk1'), keyringPath: join(dir, 'k1.json') },
        { kind: 'bucket', id: 'desk-9', bucketInstallation: 'desk-9', keyringPath: '/etc/q/keyring.json' },
      ]);
      expect(config.mirrorRefreshMs).toBe(30_000);
      await writeFile(file, JSON.stringify({ installations: [{ id: 'x', dir: 'a', bucketInstallation: 'b' }] }));
      expect(() => parseConfig(['--installations', file], env)).toThrow(/exactly one of "dir"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses ids outside the closed pattern, duplicates, one directory under two ids, and malformed specs', () => {
    for (const id of ['../etc', 'a/b', '', '.lead', '_x', 'x'.repeat(65), 'a b', 'a%2F']) {
      expect(() => parseConfig(['--installation', `${id}=/x`], env), id).toThrow(/installation id|expected <id>=/);
    }
    expect(() => parseConfig(['--dir', '/x', '--installation', 'default=/y'], env)).toThrow(/configured twice/);
    expect(() => parseConfig(['--dir', '/x', '--installation', 'b=/x'], env)).toThrow(/watch the same state directory/);
    expect(() => parseConfig(['--installation', 'a=/x,keys=/k'], env)).toThrow(/unknown option "keys=\/k"/);
    expect(() => parseConfig(['--installation', 'a='], env)).toThrow(/is empty/);
    expect(() => parseConfig(['--mirror-refresh', '1'], env)).toThrow(/mirror-refresh/);
  });
});
