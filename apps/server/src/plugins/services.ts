// The console's services as one decorator: the state directory view, the save feed, jobs,
// the audit log and actions, plus what the server knows about the agent it watches.

import fp from 'fastify-plugin';
import { Type } from 'typebox';
import type { TUnsafe } from 'typebox';
import { AuditLog } from '../state/audit-log.js';
import { Actions } from '../state/actions.js';
import type { ConsoleState } from '../state/console-state.js';
import { JobRunner } from '../state/jobs.js';
import { SaveFeed } from '../state/save-feed.js';

export interface AgentInfo {
  pid: number;
  running: boolean;
}

export interface ServicesOptions {
  state: ConsoleState;
  auditLogPath: string;
  demo?: boolean;
  agent?: () => AgentInfo | null;
  /** Journal polling interval of the live feed. */
  feedIntervalMs?: number;
}

export interface ConsoleServices {
  state: ConsoleState;
  feed: SaveFeed;
  jobs: JobRunner;
  audit: AuditLog;
  actions: Actions;
  demo: boolean;
  agent: () => AgentInfo | null;
  /** Route schema of a component name: the closed set of the registry. */
  componentName: TUnsafe<string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: ConsoleServices;
  }
}

export default fp<ServicesOptions>(
  async (app, options) => {
    const state = options.state;
    const feed = new SaveFeed(state.store.directory, { ...(options.feedIntervalMs !== undefined ? { intervalMs: options.feedIntervalMs } : {}), onError: (error) => app.log.error({ err: error }, 'save journal feed failed') });
    const jobs = new JobRunner(state.now);
    const audit = new AuditLog(options.auditLogPath);
    const services: ConsoleServices = {
      state,
      feed,
      jobs,
      audit,
      actions: new Actions(state, jobs, audit),
      demo: options.demo ?? false,
      agent: options.agent ?? (() => null),
      componentName: Type.Unsafe<string>({ type: 'string', enum: state.names, description: 'component name as in the spec' }),
    };
    app.decorate('services', services);
    app.addHook('onReady', async () => feed.start());
    app.addHook('onClose', async () => feed.stop());
  },
  { name: 'services' },
);
