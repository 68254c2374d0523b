// Health of components and generations, quarantine, disk, and verify-now.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ComponentDetail, ComponentList, DiskStatus, GenerationList, QuarantineList, VerifyResult } from '@quantum/api-contract';
import { diskStatus } from '../../state/disk.js';

const componentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { state } = app.services;
  const Params = Type.Object({ component: app.services.componentName });
  const tags = ['components'];

  const listComponents = async () => {
    const components = [];
    // One look at the directory for every component: its file stats are reused while it is unchanged.
    const statOf = await state.listingStats.view();
    for (const codec of state.codecs) components.push({ codec, generations: await state.generations(codec, statOf) });
    return components;
  };

  app.get('/components', { schema: { tags, response: { 200: ComponentList } }, config: { role: 'viewer' } }, async () => ({
    checkedAt: state.now(),
    components: (await listComponents()).map(({ codec, generations }) => state.summarize(codec, generations)),
  }));

  app.get('/components/:component', { schema: { tags, params: Params, response: { 200: ComponentDetail } }, config: { role: 'viewer' } }, async (request) => {
    const codec = state.codec(request.params.component);
    const generations = await state.generations(codec);
    return { summary: state.summarize(codec, generations), generations, pins: await state.pins(codec), quarantined: await state.quarantined(codec) };
  });

  app.get('/components/:component/generations', { schema: { tags, params: Params, response: { 200: GenerationList } }, config: { role: 'viewer' } }, async (request) => {
    const codec = state.codec(request.params.component);
    return { component: codec.name, generations: await state.generations(codec) };
  });

  app.get('/quarantine', { schema: { tags, response: { 200: QuarantineList } }, config: { role: 'viewer' } }, async () => ({ files: await state.quarantined() }));

  app.get('/disk', { schema: { tags, response: { 200: DiskStatus } }, config: { role: 'viewer' } }, async () => diskStatus(state));

  app.post('/verify', { schema: { tags, response: { 200: VerifyResult } }, config: { role: 'viewer', changesNothing: true } }, async () => {
    const started = performance.now();
    state.forgetVerifications();
    const components = (await listComponents()).map(({ codec, generations }) => ({ summary: state.summarize(codec, generations), generations }));
    const files = components.flatMap((component) => component.generations);
    return {
      checkedAt: state.now(),
      durationMs: performance.now() - started,
      components,
      validFiles: files.filter((file) => file.status === 'valid').length,
      rejectedFiles: files.filter((file) => file.status === 'rejected').length,
    };
  });
};

export default componentRoutes;
