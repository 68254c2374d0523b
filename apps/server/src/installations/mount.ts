// Mounts the installation-bound route plugins: once under /api for the default installation
// (the URLs the console always had), and once per installation under /api/installations/<id>,
// each in its own scope whose `app.services` is that installation's. The per-installation
// copies are hidden from the OpenAPI document, which describes the mirror once. The list of
// installations, GET /api/installations, is mounted here too.

import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { installationApiPrefix } from '@quantum/api-contract';
import type { Limits } from '../app.js';
import type { ConsoleServices } from '../plugins/services.js';
import installationListRoutes from '../routes/installations/index.js';
import { refuseChanges } from './read-only.js';

export interface InstallationRouteOptions {
  limits: Limits;
}

export type InstallationRoutes = FastifyPluginAsyncTypebox<InstallationRouteOptions>;

export async function mountInstallationRoutes(app: FastifyInstance, plugins: readonly InstallationRoutes[], limits: Limits): Promise<void> {
  const registerAll = async (scope: FastifyInstance, services: ConsoleServices): Promise<void> => {
    const { id, readOnly } = services.installation;
    if (readOnly !== undefined) refuseChanges(scope, id, readOnly);
    for (const plugin of plugins) await scope.register(plugin, { limits });
  };
  await app.register(installationListRoutes);
  await app.register(async (scope) => registerAll(scope, app.services), { prefix: '/api' });
  for (const [id, services] of app.installations) {
    await app.register(
      async (scope) => {
        if (services !== app.services) scope.decorate('services', services);
        scope.addHook('onRoute', (route) => {
          route.schema = { ...route.schema, hide: true };
        });
        await registerAll(scope, services);
      },
      { prefix: installationApiPrefix(id) },
    );
  }
}
