// Builds the console app as a plugin tree (no listen): security, auth, docs, metrics, the API
// routes, and the built web app with a fallback to index.html for client-side routes.
// Installation-bound routes declare paths without `/api` and are mounted per installation.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TokenStore } from './auth/token-store.js';
import { ConsoleError } from './errors.js';
import auth from './plugins/auth.js';
import docs from './plugins/docs.js';
import errors from './plugins/errors.js';
import metrics from './plugins/metrics.js';
import security from './plugins/security.js';
import services from './plugins/services.js';
import type { InstallationOptions } from './plugins/services.js';
import type { InstallationRoutes } from './installations/mount.js';
import { mountInstallationRoutes } from './installations/mount.js';
import actionRoutes from './routes/actions/index.js';
import pinRoutes from './routes/pins/index.js';
import componentRoutes from './routes/components/index.js';
import healthRoutes from './routes/health/index.js';
import learnedStateRoutes from './routes/learned-state/index.js';
import liveRoutes from './routes/live/index.js';
import positionRoutes from './routes/position/index.js';
import remoteRestoreRoutes from './routes/remote-restore/index.js';
import replicationRoutes from './routes/replication/index.js';
import replication from './replication/plugin.js';
import type { ReplicationOptions } from './replication/plugin.js';
import sessionRoutes from './routes/session/index.js';

export interface Limits {
  /** Rows per page (the schema caps it at 1000 too). */
  pageSize: number;
  exportRows: number;
  requestsPerMinute: number;
  bodyBytes: number;
}

export const DEFAULT_LIMITS: Limits = { pageSize: 1000, exportRows: 1_000_000, requestsPerMinute: 1200, bodyBytes: 16 * 1024 };

/** Routes that act on one installation; H6's replication routes belong here too. */
const INSTALLATION_ROUTES: readonly InstallationRoutes[] = [componentRoutes, learnedStateRoutes, liveRoutes, positionRoutes, actionRoutes, pinRoutes, replicationRoutes, remoteRestoreRoutes];

/** The top-level services options are the default installation; `installations` adds more. */
export interface AppOptions extends Omit<InstallationOptions, 'id'> {
  /** Id of the default installation, default `default`. */
  installationId?: string;
  installations?: InstallationOptions[];
  tokens: TokenStore;
  version?: string;
  /** The built web app (apps/web/dist); not served when absent. */
  webRoot?: string;
  limits?: Partial<Limits>;
  logger?: FastifyServerOptions['logger'];
  /** The replication bucket (absent: not configured) and the replicator process the server runs. */
  replication?: ReplicationOptions;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const version = options.version ?? '0.1.0';
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.bodyBytes,
    trustProxy: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errors);
  await app.register(security, { requestsPerMinute: limits.requestsPerMinute });
  await app.register(auth, { tokens: options.tokens });
  await app.register(docs, { version });
  const { installationId = 'default', installations = [], replication: replicationOptions = {}, ...defaults } = options;
  await app.register(services, { installations: [{ ...defaults, id: installationId }, ...installations] });
  await app.register(replication, replicationOptions);
  await app.register(metrics);
  await app.register(healthRoutes);
  await app.register(sessionRoutes, { version, limits });
  await mountInstallationRoutes(app, INSTALLATION_ROUTES, limits);

  const webRoot = options.webRoot;
  const hasWeb = webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const apiLike = path === '/api' || path.startsWith('/api/') || path === '/metrics';
    if (!apiLike && hasWeb && request.method === 'GET') return reply.type('text/html').sendFile('index.html');
    if (path === '/' && !hasWeb) throw new ConsoleError(404, 'WEB_APP_NOT_BUILT', 'the web app is not built: run `npm run build` (or pass --web-root); the API is under /api, docs at /api/docs');
    throw new ConsoleError(404, 'NOT_FOUND', `no route ${request.method} ${path}`);
  });
  return app;
}
