// Restoring one component from a generation in the replication bucket: list the bucket's
// generations, preview one (downloaded, verified, decoded, diffed against current), and restore
// it through the same job, checks, dry run and audit log as a local restore (source 'remote').

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DryRunResult, Job, RemoteGenerationList, RemoteGenerationParams, RemoteRestoreBody, RemoteRestorePreview } from '@quantum/api-contract';
import { generationKey } from '@quantum/replication';
import type { Principal } from '../../auth/token-store.js';
import { generationDiff } from '../../browse/diff.js';
import { conflict } from '../../errors.js';
import type { RemoteReplicas } from '../../replication/remote-replicas.js';
import { MIRROR_NOT_REPLICATED, NOT_CONFIGURED } from '../../replication/status.js';

const remoteRestoreRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { state, actions } = app.services;
  const remote = app.replication.remote(state);
  const tags = ['replication'];
  const Params = Type.Object({ component: app.services.componentName });
  const SeqParams = Type.Object({ component: app.services.componentName, seq: RemoteGenerationParams.properties.seq });
  const configured = (): RemoteReplicas => {
    if (remote === undefined) throw conflict('REPLICATION_NOT_CONFIGURED', NOT_CONFIGURED);
    return remote;
  };

  app.get('/components/:component/remote-generations', { schema: { tags, summary: 'The newest 50 generations of a component in the replication bucket, with their upload metadata', params: Params, response: { 200: RemoteGenerationList } }, config: { role: 'viewer' } }, async (request) => {
    const codec = state.codec(request.params.component);
    if (app.services.installation.kind === 'bucket') return { component: codec.name, configured: false, message: MIRROR_NOT_REPLICATED, total: 0, generations: [] };
    if (remote === undefined) return { component: codec.name, configured: false, message: NOT_CONFIGURED, total: 0, generations: [] };
    return { component: codec.name, configured: true, ...(await remote.list(codec)) };
  });

  app.post('/components/:component/remote-generations/:seq/preview', { schema: { tags, summary: 'Download a bucket generation, check sha256 and HMAC, decode it and diff it against current (nothing is written)', params: SeqParams, response: { 200: RemoteRestorePreview } }, config: { role: 'operator' } }, async (request) => {
    const codec = state.codec(request.params.component);
    const target = await configured().download(codec, request.params.seq);
    const current = await state.open(codec, 'current').catch(() => undefined);
    const generations = await state.generations(codec);
    return {
      component: codec.name,
      source: 'remote' as const,
      target: target.info,
      current: current === undefined ? null : (generations.find((report) => report.generation === 'current') ?? null),
      diff: current === undefined ? null : generationDiff(codec.name, current, { entry: target.entry, generation: `remote-${request.params.seq}` }, { top: 20, bins: 40 }),
    };
  });

  app.post('/components/:component/remote-generations/:seq/restore', { schema: { tags, summary: 'Restore a component from a bucket generation: dry run (200) or a restore job (202), audited with source remote', params: SeqParams, body: RemoteRestoreBody, response: { 200: DryRunResult, 202: Job } }, config: { role: 'operator' } }, async (request, reply) => {
    const codec = state.codec(request.params.component);
    const replicas = configured();
    const seq = request.params.seq;
    const key = generationKey(await replicas.scope(), codec.name, seq);
    const external = { ref: `remote-${seq}`, seq, label: `bucket object ${key} (sha256 and HMAC)`, read: async () => (await replicas.download(codec, seq)).entry.state };
    const who = request.principal as Principal;
    const { dryRun = false, reason } = request.body ?? {};
    if (dryRun) return actions.dryRunRestore(codec, external.ref, who, external);
    const { job } = await actions.restore(codec, external.ref, who, reason, external);
    return reply.status(202).header('location', `${app.prefix}/jobs/${job.id}`).send(job);
  });
};

export default remoteRestoreRoutes;
