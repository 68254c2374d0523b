// GET /api/session: the caller's role and what this server watches (never a token or key).

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Session } from '@quantum/api-contract';
import type { Limits } from '../../app.js';

const sessionRoutes: FastifyPluginAsyncTypebox<{ version: string; limits: Limits }> = async (app, { version, limits }) => {
  app.get('/api/session', { schema: { tags: ['session'], response: { 200: Session } }, config: { role: 'viewer' } }, async (request) => {
    const principal = request.principal as NonNullable<typeof request.principal>;
    return {
      role: principal.role,
      actor: principal.name,
      version,
      stateDirectory: app.services.state.store.directory,
      demo: app.services.demo,
      agent: app.services.agent(),
      limits: { pageSize: limits.pageSize, exportRows: limits.exportRows, requestsPerMinute: limits.requestsPerMinute },
    };
  });
};

export default sessionRoutes;
