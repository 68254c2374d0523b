// The server's replication settings as a root decorator, so every installation scope's routes
// and /metrics find the bucket, and one RemoteReplicas per state directory (it caches HEADs).

import fp from 'fastify-plugin';
import type { ChildInfo } from '../child-process.js';
import type { ConsoleState } from '../state/console-state.js';
import { RemoteReplicas } from './remote-replicas.js';
import type { ReplicationSettings } from './settings.js';

export interface ReplicationOptions {
  /** The bucket; undefined: replication is not configured. */
  settings?: ReplicationSettings;
  /** The replicator process the server started, if any (shown in the status). */
  replicatorProcess?: () => ChildInfo | null;
}

export interface ReplicationService {
  settings: ReplicationSettings | undefined;
  replicatorProcess: (() => ChildInfo | null) | undefined;
  /** The settings for one installation: QUANTUM_INSTALLATION names the default one only, the others are named by their cursor. */
  settingsFor(state: ConsoleState): ReplicationSettings | undefined;
  /** The bucket view of a state directory; undefined when replication is not configured. */
  remote(state: ConsoleState): RemoteReplicas | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    replication: ReplicationService;
  }
}

export default fp<ReplicationOptions>(
  async (app, options) => {
    const remotes = new WeakMap<ConsoleState, RemoteReplicas>();
    const settings = options.settings;
    const defaultState = app.services.state;
    const service: ReplicationService = {
      settings,
      replicatorProcess: options.replicatorProcess,
      settingsFor(state) {
        if (settings === undefined || state === defaultState) return settings;
        const { installation: _named, ...shared } = settings;
        return shared;
      },
      remote(state) {
        const forState = service.settingsFor(state);
        if (forState === undefined) return undefined;
        let remote = remotes.get(state);
        if (remote === undefined) remotes.set(state, (remote = new RemoteReplicas(forState, state)));
        return remote;
      },
    };
    app.decorate('replication', service);
  },
  { name: 'replication', dependencies: ['services'] },
);
