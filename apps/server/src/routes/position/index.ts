// GET /api/position: the live active position from the per-tick position file (viewer, read-only,
// never takes the agent's lock).

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LivePosition } from '@quantum/api-contract';
import { livePosition } from '../../state/live-position.js';

const positionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { state } = app.services;
  app.get('/position', { schema: { tags: ['live'], response: { 200: LivePosition } }, config: { role: 'viewer' } }, async () => livePosition(state));
};

export default positionRoutes;
