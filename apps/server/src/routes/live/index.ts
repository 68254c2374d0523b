// Live save latency from the journal: percentiles, recent saves, and the SSE stream of
// save / job / audit events. Save events carry their journal position as the SSE id.

import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EventsQuery, LatencyQuery, LatencyReport, RecentSaves, RecentSavesQuery } from '@quantum/api-contract';
import type { SaveEvent } from '@quantum/api-contract';
import { latencyReport } from '../../state/latency.js';

const HEARTBEAT_MS = 15_000;
const POSITION = /^[0-9]{1,8}:[0-9]{1,12}$/;

const liveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { feed, jobs, state, audit } = app.services;
  const tags = ['live'];
  // Open event streams never finish on their own: ended on close so shutdown does not wait
  // for every browser to disconnect.
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
    streams.clear();
  });

  app.get('/latency', { schema: { tags, querystring: LatencyQuery, response: { 200: LatencyReport } }, config: { role: 'viewer' } }, async (request) => {
    if (request.query.component !== undefined) state.codec(request.query.component);
    return latencyReport(feed.recent, request.query.window ?? '5m', state.now(), request.query.component);
  });

  app.get('/saves', { schema: { tags, querystring: RecentSavesQuery, response: { 200: RecentSaves } }, config: { role: 'viewer' } }, async (request) => {
    const { limit = 100, component } = request.query;
    const events: SaveEvent[] = [];
    for (let i = feed.recent.length - 1; i >= 0 && events.length < limit; i--) {
      const event = feed.recent[i] as SaveEvent;
      if (component === undefined || event.component === component) events.push(event);
    }
    return { events };
  });

  app.get('/events', { schema: { tags, querystring: EventsQuery, produces: ['text/event-stream'] }, config: { role: 'viewer' } }, async (request, reply) => {
    const header = request.headers['last-event-id'];
    const resumeFrom = typeof header === 'string' && POSITION.test(header) ? header : request.query.lastEventId;
    // Hijacked: the security headers set by the hooks are copied by hand.
    const headers = Object.fromEntries(Object.entries(reply.getHeaders()).filter((entry): entry is [string, string | number | string[]] => entry[1] !== undefined));
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
    });
    streams.add(out);
    let lastSent = resumeFrom ?? '';
    const send = (event: string, data: unknown, id?: string): void => {
      if (out.writableEnded) return;
      out.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const sendSave = (event: SaveEvent): void => {
      // Positions sort in journal order: skip what a resumed client already has.
      if (event.position <= lastSent) return;
      lastSent = event.position;
      send('save', event, event.position);
    };
    out.write('retry: 2000\n\n');
    const buffered: SaveEvent[] = [];
    let replaying = resumeFrom !== undefined;
    const unsubscribeSaves = feed.subscribe((event) => (replaying ? buffered.push(event) : sendSave(event)));
    const unsubscribeJobs = jobs.subscribe((job) => send('job', job));
    const unsubscribeAudit = audit.subscribe((entry) => send('audit', entry));
    const heartbeat = setInterval(() => out.writableEnded || out.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const release = (): void => {
      streams.delete(out);
      clearInterval(heartbeat);
      unsubscribeSaves();
      unsubscribeJobs();
      unsubscribeAudit();
    };
    request.raw.on('close', release);
    out.on('finish', release);
    if (resumeFrom !== undefined) {
      try {
        for (const event of await feed.since(resumeFrom)) sendSave(event);
      } finally {
        replaying = false;
        for (const event of buffered.splice(0)) sendSave(event);
      }
    }
  });
};

export default liveRoutes;
