// GET /api/installations: every installation the server watches, the default first.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { InstallationList } from '@quantum/api-contract';
import { summarizeInstallation } from '../../installations/summary.js';

const installationListRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/installations',
    {
      schema: {
        tags: ['installations'],
        description: 'Each installation with its health, newest save and replication lag; its routes are under /api/installations/{installation}/…',
        response: { 200: InstallationList },
      },
      config: { role: 'viewer' },
    },
    async () => {
      const installations = [];
      for (const services of app.installations.values()) installations.push(await summarizeInstallation(services, services === app.services));
      return { checkedAt: app.services.state.now(), installations };
    },
  );
};

export default installationListRoutes;
