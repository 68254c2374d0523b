// A real state directory in a temp dir, filled by the demo agent's states, and the app built
// over it with fresh tokens: what every route test starts from.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyServerOptions, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Keyring, StateDirectory, codecByName, componentCodecs, writeKeyring } from '@quantum/persistence-core';
import { DemoAgent } from '../../../../packages/persistence-core/src/demo/agent.js';
import type { DemoStates } from '../../../../packages/persistence-core/src/demo/states.js';
import { buildApp } from '../../src/app.js';
import type { Limits } from '../../src/app.js';
import type { InstallationOptions } from '../../src/plugins/services.js';
import { TokenStore } from '../../src/auth/token-store.js';
import { ConsoleState } from '../../src/state/console-state.js';

/** Demo component keys and the codec names they are saved under. */
export const DEMO_CODECS: [keyof DemoStates, string][] = [
  ['entryAgent', 'EntryAgent'],
  ['exitAgent', 'ExitAgent'],
  ['replayBuffer', 'ReplayBuffer'],
  ['riskAdversary', 'RiskAdversary'],
  ['learningMetrics', 'LearningMetrics'],
  ['portfolioRisk', 'PortfolioRisk'],
  ['shadowAgents', 'ShadowAgents'],
  ['physics', 'PhysicsState'],
  ['trainingCheckpoint', 'TrainingCheckpoint'],
];

export interface Fixture {
  root: string;
  directory: string;
  keyringPath: string;
  store: StateDirectory;
  keyring: Keyring;
  agent: DemoAgent;
  app: FastifyInstance;
  tokens: { viewer: string; operator: string };
  /** Saves every component of the agent's current state once. */
  saveAll(): Promise<void>;
  get(url: string, role?: 'viewer' | 'operator' | null, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body: unknown, role?: 'viewer' | 'operator' | null, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  generations?: number;
  qEntries?: number;
  limits?: Partial<Limits>;
  logger?: FastifyServerOptions['logger'];
  webRoot?: string;
  /** Use this state directory and key file (e.g. one a real agent writes) instead of filling a new one. */
  existing?: { root: string; directory: string; keyringPath: string; keyring: Keyring };
  /** Installations watched besides the fixture's own (the default). */
  installations?: InstallationOptions[];
}

export async function createFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const root = options.existing?.root ?? (await mkdtemp(join(tmpdir(), 'qs-server-')));
  const directory = options.existing?.directory ?? join(root, 'state');
  const keyringPath = options.existing?.keyringPath ?? join(root, 'config', 'keyring.json');
  const keyring = options.existing?.keyring ?? Keyring.generate();
  if (options.existing === undefined) await writeKeyring(keyringPath, keyring);
  const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
  const agent = new DemoAgent({ seed: 7, qEntries: options.qEntries ?? 1500, replayCapacity: 256 });
  const saveAll = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) agent.tick();
    const states = agent.snapshotAll();
    for (const [key, name] of DEMO_CODECS) await store.save(codecByName(name)!, states[key]);
  };
  if (options.existing === undefined) for (let g = 0; g < (options.generations ?? 3); g++) await saveAll();
  const tokensPath = join(root, 'config', 'console-tokens.json');
  const tokens = { viewer: await TokenStore.rotate(tokensPath, 'viewer', 'viewer'), operator: await TokenStore.rotate(tokensPath, 'operator', 'operator') };
  const { store: tokenStore } = await TokenStore.open(tokensPath);
  const state = new ConsoleState({ store, codecs: componentCodecs });
  const app = await buildApp({
    state,
    tokens: tokenStore,
    auditLogPath: join(root, 'config', 'console-audit.ndjson'),
    feedIntervalMs: 20,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
    ...(options.installations ? { installations: options.installations } : {}),
  });
  await app.ready();
  const auth = (role: 'viewer' | 'operator' | null | undefined): Record<string, string> => (role ? { authorization: `Bearer ${tokens[role]}` } : {});
  return {
    root,
    directory,
    keyringPath,
    store,
    keyring,
    agent,
    app,
    tokens,
    saveAll,
    get: (url, role = 'viewer', headers = {}) => app.inject({ method: 'GET', url, headers: { ...auth(role), ...headers } } as InjectOptions),
    post: (url, body, role = 'operator', headers = {}) =>
      app.inject({ method: 'POST', url, headers: { ...auth(role), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) } as InjectOptions),
    close: async () => {
      await app.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
