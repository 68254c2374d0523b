// Operator pins and unpins from the console (issue 7): the same persistence-core functions as the
// CLI, on the console's state directory. Every attempt, refused or not, goes to the audit log.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PinBody, PinResult, UnpinParams, UnpinResult } from '@quantum/api-contract';
import type { AuditEntry } from '@quantum/api-contract';
import { ConflictError, CorruptFileError, QuantumStateError, pinGeneration, rejectReasonOf, unpinGeneration } from '@quantum/persistence-core';
import type { Principal } from '../../auth/token-store.js';
import { ConsoleError, conflict, notFound } from '../../errors.js';

/** The closed set of pin refusals, as the operator should read them. */
function pinRefusal(error: unknown, component: string, generation: string): unknown {
  if (error instanceof ConsoleError || !(error instanceof QuantumStateError)) return error;
  if (error instanceof ConflictError) return conflict('GENERATION_CHANGED', `${component} ${generation} now holds seq ${error.foundSeq}, not ${error.expectedSeq}: it rotated since you looked; review and try again`);
  const reason = rejectReasonOf(error);
  if (error instanceof CorruptFileError && reason === 'missing') return notFound('GENERATION_MISSING', `${component} has no ${generation} generation`);
  // Disk full, locks, I/O: the server's own mapping says it best.
  if (reason === 'io-error') return error;
  return new ConsoleError(422, 'GENERATION_UNUSABLE', `${component} ${generation} is unusable and cannot be pinned: ${reason}`);
}

const pinRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { state, audit } = app.services;
  const Params = Type.Object({ component: app.services.componentName });
  const DeleteParams = Type.Object({ component: app.services.componentName, seq: UnpinParams.properties.seq });
  const tags = ['actions'];
  const record = (who: Principal, entry: Pick<AuditEntry, 'action' | 'component' | 'outcome' | 'detail'> & { generation?: string; seq?: number }) =>
    audit.append({ time: state.now(), actor: who.name, role: who.role, dryRun: false, ...entry });

  app.post('/components/:component/pins', { schema: { tags, params: Params, body: PinBody, response: { 201: PinResult } }, config: { role: 'operator' } }, async (request, reply) => {
    const codec = state.codec(request.params.component);
    const { generation, note, expectedSeq } = request.body;
    const who = request.principal as Principal;
    try {
      const current = (await state.generations(codec)).find((report) => report.generation === generation);
      if (current?.seq !== undefined && (await state.pins(codec)).some((pin) => pin.seq === current.seq)) {
        throw conflict('ALREADY_PINNED', `${codec.name} seq ${current.seq} (${generation}) is already pinned`);
      }
      const pinned = await pinGeneration(state.store, codec, generation, { note, pinnedBy: who.name, ...(expectedSeq !== undefined ? { expectedSeq } : {}) }, state.now());
      const pin = (await state.pins(codec)).find((info) => info.seq === pinned.seq);
      if (pin === undefined) throw new ConsoleError(500, 'PIN_NOT_LISTED', `${codec.name} seq ${pinned.seq} was pinned but is not listed`);
      await record(who, { action: 'pin', component: codec.name, generation, seq: pinned.seq, outcome: 'succeeded', detail: note });
      return reply.status(201).send({ component: codec.name, generation, pin });
    } catch (error) {
      const refusal = pinRefusal(error, codec.name, generation);
      await record(who, { action: 'pin', component: codec.name, generation, ...(expectedSeq !== undefined ? { seq: expectedSeq } : {}), outcome: 'failed', detail: (refusal as Error).message });
      throw refusal;
    }
  });

  app.delete('/components/:component/pins/:seq', { schema: { tags, params: DeleteParams, response: { 200: UnpinResult } }, config: { role: 'operator' } }, async (request) => {
    const codec = state.codec(request.params.component);
    const { seq } = request.params;
    const who = request.principal as Principal;
    try {
      await unpinGeneration(state.store, codec, seq);
    } catch (error) {
      const refusal = error instanceof CorruptFileError && error.reason === 'missing' ? notFound('PIN_NOT_FOUND', `${codec.name} has no pin with seq ${seq}`) : error;
      await record(who, { action: 'unpin', component: codec.name, generation: `pin-${seq}`, seq, outcome: 'failed', detail: (refusal as Error).message });
      throw refusal;
    }
    await record(who, { action: 'unpin', component: codec.name, generation: `pin-${seq}`, seq, outcome: 'succeeded', detail: `unpinned seq ${seq}` });
    return { component: codec.name, seq, unpinned: true as const };
  });
};

export default pinRoutes;
