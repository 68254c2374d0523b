// Security headers on every response, a request-rate limit, and cross-site protection of
// every state-changing request (credentials travel only in the Authorization header, and a
// request from another site is refused even before authentication).

import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { ConsoleError } from '../errors.js';

export interface SecurityOptions {
  requestsPerMinute: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export default fp<SecurityOptions>(
  async (app, options) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          // Served over plain HTTP on loopback: upgrading would break every request.
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: false,
      crossOriginResourcePolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'no-referrer' },
    });
    await app.register(rateLimit, {
      global: true,
      max: options.requestsPerMinute,
      timeWindow: 60_000,
      allowList: (request) => request.url === '/livez' || request.url === '/readyz',
    });
    // Authenticated data must not linger in shared or browser caches.
    app.addHook('onSend', async (request, reply) => {
      if (request.url.startsWith('/api/') || request.url === '/metrics') reply.header('cache-control', 'no-store');
    });
    app.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method)) return;
      const site = request.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        throw new ConsoleError(403, 'CROSS_SITE', 'cross-site requests may not change state');
      }
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== 'null') {
        let host: string;
        let expected: string;
        try {
          host = new URL(origin).host;
          // Normalised the same way, so an explicit default port matches an implicit one.
          expected = new URL(`${new URL(origin).protocol}//${request.headers.host ?? ''}`).host;
        } catch {
          throw new ConsoleError(403, 'CROSS_SITE', 'malformed Origin or Host header');
        }
        if (host !== expected) throw new ConsoleError(403, 'CROSS_SITE', 'cross-site requests may not change state');
      } else if (origin === 'null') {
        throw new ConsoleError(403, 'CROSS_SITE', 'opaque origins may not change state');
      }
    });
  },
  { name: 'security' },
);
