// A read-only installation (a bucket copy) refuses every route that changes state with a 409
// naming the installation and why, after authentication and before the body is looked at.
// Routes that change nothing despite their method (verify-now) say so with `config.changesNothing`.

import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { conflict } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A POST that only reads (e.g. verify-now): allowed on a read-only installation. */
    changesNothing?: boolean;
  }
}

const READING = new Set(['GET', 'HEAD', 'OPTIONS']);

export function refuseChanges(scope: FastifyInstance, id: string, reason: string): void {
  const refuse: onRequestHookHandler = async () => {
    throw conflict('INSTALLATION_READ_ONLY', `installation ${id} is read-only: ${reason}`);
  };
  scope.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((method) => READING.has(method)) || route.config?.changesNothing === true) return;
    const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...existing, refuse];
  });
}
