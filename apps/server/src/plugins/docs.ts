// The OpenAPI document, generated from the route schemas: /api/openapi.json and the UI at /api/docs.

import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export default fp<{ version: string }>(
  async (app, { version }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Quantum State Console API',
          description: 'Health, learned state, save latency and restores of a Project Quantum state directory. Every /api route needs `Authorization: Bearer <token>`. The server can watch several installations: the routes below act on the default (first) one, and every installation-bound route is also served under `/api/installations/{installation}` for each configured installation (e.g. `/api/installations/desk-2/components`); `GET /api/installations` lists them.',
          version,
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' }, staticCSP: true });
    app.get('/api/openapi.json', { schema: { hide: true }, config: { role: null } }, async () => app.swagger());
  },
  { name: 'docs' },
);
