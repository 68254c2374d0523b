import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenStore } from '../src/auth/token-store.js';
import { parseConfig } from '../src/config.js';
import { AuditLog } from '../src/state/audit-log.js';

describe('token store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qs-tokens-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('creates a viewer and an operator token once, stores only hashes, owner-only', async () => {
    const path = join(dir, 'config', 'console-tokens.json');
    const first = await TokenStore.open(path);
    expect(Object.keys(first.created ?? {})).toEqual(['viewer', 'operator']);
    const file = await readFile(path, 'utf8');
    for (const token of Object.values(first.created!)) expect(file).not.toContain(token);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await first.store.authenticate(first.created!['operator']!)).toEqual({ name: 'operator', role: 'operator' });
    expect(await first.store.authenticate(first.created!['viewer']!)).toEqual({ name: 'viewer', role: 'viewer' });
    expect(await first.store.authenticate('qsc_not-a-token')).toBeUndefined();
    const second = await TokenStore.open(path);
    expect(second.created).toBeNull();
  });

  it('rotation replaces a token: the old one stops working in a running server', async () => {
    const path = join(dir, 'console-tokens.json');
    const { store, created } = await TokenStore.open(path);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fresh = await TokenStore.rotate(path, 'operator', 'operator');
    expect(await store.authenticate(created!['operator']!)).toBeUndefined();
    expect(await store.authenticate(fresh)).toEqual({ name: 'operator', role: 'operator' });
    expect(await store.authenticate(created!['viewer']!)).toEqual({ name: 'viewer', role: 'viewer' });
  });
});

describe('configuration', () => {
  it('defaults to the demo on loopback, with its files under ./.quantum', () => {
    const { config } = parseConfig([], { INIT_CWD: '/home/u/project' });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4317, demo: true, stateDirectory: '/home/u/project/.quantum/state', keyringPath: '/home/u/project/.quantum/keyring.json', tokensPath: '/home/u/project/.quantum/console-tokens.json', nice: 10 });
  });

  it('watches an existing directory when one is given, flags over environment', () => {
    const { config } = parseConfig(['--dir', 'state', '--port', '8080'], { INIT_CWD: '/srv', QUANTUM_CONSOLE_PORT: '9000', QUANTUM_KEYRING: '/etc/q/keyring.json' });
    expect(config).toMatchObject({ demo: false, port: 8080, stateDirectory: '/srv/state', keyringPath: '/etc/q/keyring.json', configDirectory: '/etc/q', auditLogPath: '/etc/q/console-audit.ndjson' });
    expect(parseConfig(['--dir', 's', '--demo'], {}).config.demo).toBe(true);
  });

  it('rejects a bad port or limit', () => {
    expect(() => parseConfig(['--port', '70000'], {})).toThrow(/port/);
    expect(() => parseConfig(['--rate-limit', '-1'], {})).toThrow(/rate-limit/);
  });
});

describe('audit log', () => {
  it('is append-only across restarts and survives a torn last line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qs-audit-'));
    try {
      const path = join(dir, 'audit.ndjson');
      const entry = { time: 1, actor: 'operator', role: 'operator' as const, action: 'restore' as const, component: 'EntryAgent', dryRun: false, outcome: 'succeeded' as const, detail: 'x' };
      await new AuditLog(path).append(entry);
      const { appendFile } = await import('node:fs/promises');
      await appendFile(path, '{"id":2,"time":');
      const reopened = new AuditLog(path);
      const stored = await reopened.append({ ...entry, outcome: 'failed' });
      expect(stored.id).toBe(2);
      const page = await new AuditLog(path).page({ limit: 10 });
      expect(page.entries.map((e) => [e.id, e.outcome])).toEqual([
        [2, 'failed'],
        [1, 'succeeded'],
      ]);
      expect((await readFile(path, 'utf8')).startsWith(JSON.stringify({ id: 1, ...entry }))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
