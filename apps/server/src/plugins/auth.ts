// Bearer-token authentication and role checks. Each route declares `config.role`; null is
// anonymous (probes, docs). Routes that declare nothing (static files, unknown paths) need a
// viewer under /api and /metrics, so an unknown /api path answers 401 before 404.

import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@quantum/api-contract';
import type { Principal, TokenStore } from '../auth/token-store.js';
import { ConsoleError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role the route needs; null: anonymous. */
    role?: Role | null;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const RANK: Record<Role, number> = { viewer: 1, operator: 2 };
const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/;

export function isProtectedPath(url: string): boolean {
  if (url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs?')) return false;
  return url === '/metrics' || url.startsWith('/metrics?') || url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

export default fp<{ tokens: TokenStore }>(
  async (app, { tokens }) => {
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const declared = request.routeOptions.config.role;
      const required = declared === undefined ? (isProtectedPath(request.url) ? 'viewer' : null) : declared;
      if (required === null) return;
      const header = request.headers.authorization;
      const match = header === undefined ? null : BEARER.exec(header);
      const principal = match === null ? undefined : await tokens.authenticate(match[1] as string);
      if (principal === undefined) {
        reply.header('www-authenticate', 'Bearer realm="quantum-console"');
        throw new ConsoleError(401, 'UNAUTHENTICATED', header === undefined ? 'a bearer token is required' : 'the bearer token is not valid');
      }
      request.principal = principal;
      if (RANK[principal.role] < RANK[required]) throw new ConsoleError(403, 'FORBIDDEN', `this action needs the ${required} role`);
    });
  },
  { name: 'auth' },
);
