// Operator actions (restore with preview and dry run, migrate, compact), jobs, and the audit log.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ActionBody, AuditPage, AuditQuery, DryRunResult, Job, JobList, JobParams, RestoreBody, RestorePreview, RestorePreviewQuery } from '@quantum/api-contract';
import type { Principal } from '../../auth/token-store.js';
import { generationDiff } from '../../browse/diff.js';
import { notFound } from '../../errors.js';
import { compact } from '../../state/compaction.js';

const actionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { state, actions, jobs, audit } = app.services;
  const Params = Type.Object({ component: app.services.componentName });
  const tags = ['actions'];
  const who = (principal: Principal | null): Principal => principal as Principal;

  app.get('/components/:component/restore/preview', { schema: { tags, params: Params, querystring: RestorePreviewQuery, response: { 200: RestorePreview } }, config: { role: 'operator' } }, async (request) => {
    const codec = state.codec(request.params.component);
    const target = await state.open(codec, request.query.generation);
    const generations = await state.generations(codec);
    const current = await state.open(codec, 'current').catch(() => undefined);
    const inChain = generations.find((report) => report.status === 'valid' && report.seq === target.entry.seq);
    const pinned = inChain === undefined ? (await state.pins(codec)).find((pin) => pin.seq === target.entry.seq) : undefined;
    const described = inChain ?? pinned;
    if (described === undefined) throw notFound('GENERATION_GONE', `${codec.name} ${request.query.generation} is no longer available`);
    return {
      component: codec.name,
      target: described,
      current: current === undefined ? null : (generations.find((report) => report.generation === 'current') ?? null),
      diff: current === undefined ? null : generationDiff(codec.name, current, target, { top: 20, bins: 40 }),
    };
  });

  app.post('/components/:component/restore', { schema: { tags, params: Params, body: RestoreBody, response: { 200: DryRunResult, 202: Job } }, config: { role: 'operator' } }, async (request, reply) => {
    const codec = state.codec(request.params.component);
    const { generation, dryRun = false, reason } = request.body;
    if (dryRun) return actions.dryRunRestore(codec, generation, who(request.principal));
    const { job } = await actions.restore(codec, generation, who(request.principal), reason);
    return reply.status(202).header('location', `${app.prefix}/jobs/${job.id}`).send(job);
  });

  app.post('/components/:component/migrate', { schema: { tags, params: Params, body: ActionBody, response: { 200: DryRunResult, 202: Job } }, config: { role: 'operator' } }, async (request, reply) => {
    const codec = state.codec(request.params.component);
    const started = await actions.migrate(codec, who(request.principal), request.body.dryRun ?? false);
    if ('dryRun' in started) return started;
    return reply.status(202).header('location', `${app.prefix}/jobs/${started.job.id}`).send(started.job);
  });

  app.post('/components/:component/compact', { schema: { tags, params: Params, body: ActionBody, response: { 200: DryRunResult, 202: Job } }, config: { role: 'operator' } }, async (request, reply) => {
    const codec = state.codec(request.params.component);
    const started = await compact({ state, jobs, audit }, codec, who(request.principal), request.body.dryRun ?? false);
    if ('dryRun' in started) return started;
    return reply.status(202).header('location', `${app.prefix}/jobs/${started.job.id}`).send(started.job);
  });

  app.get('/jobs', { schema: { tags, response: { 200: JobList } }, config: { role: 'viewer' } }, async () => ({ jobs: jobs.list() }));

  app.get('/jobs/:jobId', { schema: { tags, params: JobParams, response: { 200: Job } }, config: { role: 'viewer' } }, async (request) => {
    const job = jobs.get(request.params.jobId);
    if (job === undefined) throw notFound('UNKNOWN_JOB', `no job ${request.params.jobId}`);
    return job;
  });

  app.get('/audit', { schema: { tags, querystring: AuditQuery, response: { 200: AuditPage } }, config: { role: 'viewer' } }, async (request) => {
    const { limit = 100, before, component } = request.query;
    if (component !== undefined) state.codec(component);
    return audit.page({ limit, ...(before !== undefined ? { before } : {}), ...(component !== undefined ? { component } : {}) });
  });
};

export default actionRoutes;
