// Anonymous probes: /livez (the process answers), /readyz (every installation's directory is reachable).

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Probe } from '@quantum/api-contract';

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/livez', { schema: { tags: ['operations'], security: [], response: { 200: Probe } }, config: { role: null } }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', { schema: { tags: ['operations'], security: [], response: { 200: Probe, 503: Probe } }, config: { role: null } }, async (_request, reply) => {
    for (const [id, { state }] of app.installations) {
      const stat = await state.store.fs.stat(state.store.directory).catch(() => undefined);
      if (stat?.isDirectory !== true) return reply.status(503).send({ status: 'unavailable', detail: `state directory of installation ${id} is not reachable` });
    }
    return { status: 'ok' as const };
  });
};

export default healthRoutes;
