// Mounts the installation-bound route plugins: once under /api for the default installation
// (the URLs the console always had), and once per installation under /api/installations/<id>,
// each in its own scope whose `app.services` is that installation's. The per-installation
// copies are hidden from the OpenAPI document, which describes the mirror once.

import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Limits } from '../app.js';

export interface InstallationRouteOptions {
  limits: Limits;
}

export type InstallationRoutes = FastifyPluginAsyncTypebox<InstallationRouteOptions>;

/** Route prefix of one installation's mirror; ids are checked against ID_PATTERN at configuration. */
export const installationPrefix = (id: string): string => `/api/installations/${id}`;

export async function mountInstallationRoutes(app: FastifyInstance, plugins: readonly InstallationRoutes[], limits: Limits): Promise<void> {
  const registerAll = async (scope: FastifyInstance): Promise<void> => {
    for (const plugin of plugins) await scope.register(plugin, { limits });
  };
  await app.register(async (scope) => registerAll(scope), { prefix: '/api' });
  for (const [id, services] of app.installations) {
    await app.register(
      async (scope) => {
        if (services !== app.services) scope.decorate('services', services);
        scope.addHook('onRoute', (route) => {
          route.schema = { ...route.schema, hide: true };
        });
        await registerAll(scope);
      },
      { prefix: installationPrefix(id) },
    );
  }
}
