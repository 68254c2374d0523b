// The console's services, one set per installation: the state directory view, the save feed,
// jobs, the audit log and actions, plus what the server knows about the agent it watches.
// `app.services` is the default (first) installation's; each installation's route scope
// redecorates it with its own, and `app.installations` lists them all.

import fp from 'fastify-plugin';
import type { FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import type { InstallationMirror } from '@quantum/api-contract';
import type { ChildInfo } from '../child-process.js';
import { checkInstallationId } from '../installations/config.js';
import type { TUnsafe } from 'typebox';
import { AuditLog } from '../state/audit-log.js';
import { Actions } from '../state/actions.js';
import type { ConsoleState } from '../state/console-state.js';
import { JobRunner } from '../state/jobs.js';
import { SaveFeed } from '../state/save-feed.js';

export interface ServicesOptions {
  state: ConsoleState;
  auditLogPath: string;
  demo?: boolean;
  agent?: () => ChildInfo | null;
  /** Journal polling interval of the live feed. */
  feedIntervalMs?: number;
}

/** What the server watches: a local state directory or a bucket prefix materialized locally. */
export type InstallationKind = 'local' | 'bucket';

export interface InstallationOptions extends ServicesOptions {
  id: string;
  kind?: InstallationKind;
  /** Why changes are refused (a bucket installation is served read-only); absent: writable. */
  readOnly?: string;
  /** A bucket installation's copy: which cut, when refreshed, the last failure. */
  mirror?: () => InstallationMirror;
}

export interface ConsoleServices {
  installation: { id: string; kind: InstallationKind; readOnly?: string; mirror?: () => InstallationMirror };
  state: ConsoleState;
  feed: SaveFeed;
  jobs: JobRunner;
  audit: AuditLog;
  actions: Actions;
  demo: boolean;
  agent: () => ChildInfo | null;
  /** Route schema of a component name: the closed set of the registry. */
  componentName: TUnsafe<string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: ConsoleServices;
    /** Every installation by id, the default first. */
    installations: ReadonlyMap<string, ConsoleServices>;
  }
}

function createServices(options: InstallationOptions, log: FastifyBaseLogger): ConsoleServices {
  const { state } = options;
  const onError = (error: unknown): void => log.error({ err: error, installation: options.id }, 'save journal feed failed');
  const feed = new SaveFeed(state.store.directory, { ...(options.feedIntervalMs !== undefined ? { intervalMs: options.feedIntervalMs } : {}), onError });
  const jobs = new JobRunner(state.now);
  const audit = new AuditLog(options.auditLogPath);
  return {
    installation: {
      id: options.id,
      kind: options.kind ?? 'local',
      ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
      ...(options.mirror !== undefined ? { mirror: options.mirror } : {}),
    },
    state,
    feed,
    jobs,
    audit,
    actions: new Actions(state, jobs, audit),
    demo: options.demo ?? false,
    agent: options.agent ?? (() => null),
    componentName: Type.Unsafe<string>({ type: 'string', enum: state.names, description: 'component name as in the spec' }),
  };
}

export default fp<{ installations: InstallationOptions[] }>(
  async (app, options) => {
    const all = new Map<string, ConsoleServices>();
    for (const installation of options.installations) {
      checkInstallationId(installation.id, 'console services');
      if (all.has(installation.id)) throw new Error(`installation ${installation.id} is configured twice`);
      all.set(installation.id, createServices(installation, app.log));
    }
    const first = all.values().next().value;
    if (first === undefined) throw new Error('the console needs at least one installation');
    app.decorate('services', first);
    app.decorate('installations', all);
    app.addHook('onReady', async () => {
      for (const services of all.values()) services.feed.start();
    });
    app.addHook('onClose', async () => {
      await Promise.all([...all.values()].map((services) => services.feed.stop()));
    });
  },
  { name: 'services' },
);
