// GET .../adversary, .../correlation, .../shadows: the views of RiskAdversary, PortfolioRisk, ShadowAgents.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AdversaryView, CorrelationView, GenerationRef, ShadowsView } from '@quantum/api-contract';
import type { EntryAgentState, PortfolioRiskState, RiskAdversaryState, ShadowAgentsState } from '@quantum/persistence-core';
import { adversaryView, correlationView, shadowsView } from '../../browse/insights.js';
import { notFound } from '../../errors.js';

const insightRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { state } = app.services;
  const Params = Type.Object({ component: app.services.componentName, generation: GenerationRef });
  const base = '/components/:component/generations/:generation';
  const tags = ['learned state'];

  const openAs = async <S>(component: string, generation: string, needs: string, view: string): Promise<S> => {
    const codec = state.codec(component);
    const opened = await state.open(codec, generation);
    if (!(needs in (opened.entry.state as object))) throw notFound('NO_SUCH_VIEW', `${component} has no ${view} view`);
    return opened.entry.state as S;
  };

  app.get(`${base}/adversary`, { schema: { tags, params: Params, response: { 200: AdversaryView } }, config: { role: 'viewer' } }, async (request) =>
    adversaryView(await openAs<RiskAdversaryState>(request.params.component, request.params.generation, 'model', 'adversary')),
  );

  app.get(`${base}/correlation`, { schema: { tags, params: Params, response: { 200: CorrelationView } }, config: { role: 'viewer' } }, async (request) =>
    correlationView(await openAs<PortfolioRiskState>(request.params.component, request.params.generation, 'correlationMatrix', 'correlation')),
  );

  app.get(`${base}/shadows`, { schema: { tags, params: Params, response: { 200: ShadowsView } }, config: { role: 'viewer' } }, async (request) => {
    const shadows = await openAs<ShadowAgentsState>(request.params.component, request.params.generation, 'shadows', 'shadows');
    // Compared with the entry agent's current Q-table, when there is a usable one.
    const entryCodec = state.codecs.find((codec) => codec.name === 'EntryAgent');
    const entry = entryCodec === undefined ? undefined : await state.open(entryCodec, 'current').catch(() => undefined);
    return { shadows: shadowsView(shadows, (entry?.entry.state as EntryAgentState | undefined)?.qTable) };
  });
};

export default insightRoutes;
