// One error handler: client errors keep their message and a stable code, server errors are
// logged and answered without details. Domain errors of persistence-core map to statuses.

import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import type { Static } from 'typebox';
import { ErrorBody } from '@quantum/api-contract';
import { ConflictError, DiskFullError, LockedError, QuantumStateError } from '@quantum/persistence-core';
import { ConsoleError } from '../errors.js';

function classify(error: FastifyError): { statusCode: number; code: string; message: string } {
  if (error instanceof ConsoleError) return { statusCode: error.statusCode, code: error.code, message: error.message };
  if (error.validation !== undefined) return { statusCode: 400, code: 'BAD_REQUEST', message: error.message };
  if (error instanceof LockedError) return { statusCode: 423, code: 'LOCKED', message: 'the component is locked by another process; try again' };
  if (error instanceof ConflictError) return { statusCode: 409, code: 'CONFLICT', message: 'the component changed while the action ran; review and try again' };
  if (error instanceof DiskFullError) return { statusCode: 507, code: 'DISK_FULL', message: 'not enough free disk space for the save and its reserve; nothing was changed' };
  if (error instanceof QuantumStateError) return { statusCode: 422, code: 'STATE_ERROR', message: error.name };
  const statusCode = error.statusCode ?? 500;
  if (statusCode < 500) return { statusCode, code: error.code ?? 'CLIENT_ERROR', message: error.message };
  return { statusCode: 500, code: 'INTERNAL', message: 'Internal Server Error' };
}

export default fp(
  async (app) => {
    // Every route documents its error body, so the OpenAPI document describes failures too.
    app.addHook('onRoute', (route) => {
      if (route.schema === undefined || route.schema.hide === true) return;
      route.schema = { ...route.schema, response: { ...(route.schema.response as object | undefined), '4xx': ErrorBody, '5xx': ErrorBody } };
    });
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const { statusCode, code, message } = classify(error);
      if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code, statusCode }, 'request rejected');
      const body: Static<typeof ErrorBody> = { statusCode, code, message, requestId: request.id };
      return reply.status(statusCode).send(body);
    });
  },
  { name: 'errors' },
);
