// Read-only views of one generation's learned state: summary, rows, export, histogram, series, diff.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DiffQuery, GenerationDiff, GenerationRef, GenerationSummary, HistogramQuery, HistogramResult, RowsPage, RowsQuery, SeriesQuery, SeriesResult } from '@quantum/api-contract';
import type { Limits } from '../../app.js';
import { generationDiff } from '../../browse/diff.js';
import { histogramResult } from '../../browse/histogram-view.js';
import { pageOf } from '../../browse/query.js';
import { seriesResult, summaryOf } from '../../browse/summary.js';
import { badRequest } from '../../errors.js';
import exportRoutes from './export.js';
import insightRoutes from './insights.js';

const learnedStateRoutes: FastifyPluginAsyncTypebox<{ limits: Limits }> = async (app, { limits }) => {
  const { state } = app.services;
  const Params = Type.Object({ component: app.services.componentName, generation: GenerationRef });
  const tags = ['learned state'];
  const base = '/components/:component/generations/:generation';

  app.get(base, { schema: { tags, params: Params, response: { 200: GenerationSummary } }, config: { role: 'viewer' } }, async (request) => {
    const codec = state.codec(request.params.component);
    return summaryOf(await state.open(codec, request.params.generation), codec.fileName);
  });

  app.get(`${base}/rows`, { schema: { tags, params: Params, querystring: RowsQuery, response: { 200: RowsPage } }, config: { role: 'viewer' } }, async (request) => {
    const codec = state.codec(request.params.component);
    const limit = Math.min(request.query.limit ?? 100, limits.pageSize);
    return pageOf(await state.open(codec, request.params.generation), state.cache, { ...request.query, limit });
  });

  app.get(`${base}/histogram`, { schema: { tags, params: Params, querystring: HistogramQuery, response: { 200: HistogramResult } }, config: { role: 'viewer' } }, async (request) => {
    const codec = state.codec(request.params.component);
    return histogramResult(await state.open(codec, request.params.generation), state.cache, request.query);
  });

  const SeriesParams = Type.Object({ component: app.services.componentName, generation: GenerationRef, series: Type.String({ pattern: '^[a-zA-Z]{1,40}$' }) });
  app.get(`${base}/series/:series`, { schema: { tags, params: SeriesParams, querystring: SeriesQuery, response: { 200: SeriesResult } }, config: { role: 'viewer' } }, async (request) => {
    const codec = state.codec(request.params.component);
    return seriesResult(await state.open(codec, request.params.generation), request.params.series, request.query.points ?? 500);
  });

  app.get('/components/:component/diff', { schema: { tags, params: Type.Object({ component: app.services.componentName }), querystring: DiffQuery, response: { 200: GenerationDiff } }, config: { role: 'viewer' } }, async (request) => {
    const codec = state.codec(request.params.component);
    const { from, to = 'current', table, top = 20, bins = 40 } = request.query;
    if (from === to) throw badRequest('SAME_GENERATION', 'from and to name the same generation');
    const before = await state.open(codec, from);
    const after = await state.open(codec, to);
    return generationDiff(codec.name, before, after, { ...(table !== undefined ? { table } : {}), top, bins });
  });

  await app.register(exportRoutes, { limits });
  await app.register(insightRoutes);
};

export default learnedStateRoutes;
