// GET /replication: the replicator's lag and health for this installation, read from its state
// directory (cursor, journal, generation headers). 200 with configured:false when the server
// has no bucket: not configuring replication is not an error.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ReplicationStatus } from '@quantum/api-contract';
import { MIRROR_NOT_REPLICATED, replicationStatus } from '../../replication/status.js';

const replicationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { state } = app.services;
  const settings = app.replication.settingsFor(state);
  const replicatorProcess = app.services.installation.id === app.installations.keys().next().value ? app.replication.replicatorProcess : undefined;
  app.get('/replication', { schema: { tags: ['replication'], summary: 'Replication lag and health of this installation, from its state directory (200 with configured: false when the server has no bucket)', response: { 200: ReplicationStatus } }, config: { role: 'viewer' } }, async () => {
    if (app.services.installation.kind === 'bucket') return { configured: false, message: MIRROR_NOT_REPLICATED };
    return replicationStatus({ directory: state.store.directory, settings, ...(replicatorProcess !== undefined ? { replicatorProcess } : {}) });
  });
};

export default replicationRoutes;
