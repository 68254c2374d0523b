// Prometheus /metrics: save-latency histograms from the journal, generation health, disk, HTTP.
// Every per-installation series carries an `installation` label (the id the server was given).

import fp from 'fastify-plugin';
import { writeReplicationMetrics } from '../replication/metrics.js';
import { PrometheusText } from '../state/prometheus.js';

const HTTP_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const SAVE_BUCKETS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

interface HistogramState {
  buckets: number[];
  sum: number;
  count: number;
}

function observe(map: Map<string, HistogramState>, key: string, bounds: number[], value: number): void {
  let state = map.get(key);
  if (state === undefined) map.set(key, (state = { buckets: new Array<number>(bounds.length).fill(0), sum: 0, count: 0 }));
  for (let i = 0; i < bounds.length; i++) if (value <= (bounds[i] as number)) state.buckets[i] = (state.buckets[i] as number) + 1;
  state.sum += value;
  state.count++;
}

export default fp(
  async (app) => {
    const http = new Map<string, HistogramState>();
    const saves = new Map<string, HistogramState>();
    const saveOutcomes = new Map<string, number>();

    for (const [id, { feed }] of app.installations) {
      feed.subscribe((event) => {
        const outcomeKey = JSON.stringify([id, event.component, event.kind, event.outcome]);
        saveOutcomes.set(outcomeKey, (saveOutcomes.get(outcomeKey) ?? 0) + 1);
        if (event.outcome === 'ok' && event.durationMs !== undefined) observe(saves, JSON.stringify([id, event.component, event.kind]), SAVE_BUCKETS_MS, event.durationMs);
      });
    }

    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      observe(http, JSON.stringify([request.method, route, String(reply.statusCode)]), HTTP_BUCKETS_S, reply.elapsedTime / 1000);
    });

    app.get('/metrics', { schema: { hide: true }, config: { role: 'viewer' } }, async (_request, reply) => {
      const text = new PrometheusText();
      text.histogram('quantum_save_duration_milliseconds', 'Save duration from the save journal, by installation, component and kind', ['installation', 'component', 'kind'], SAVE_BUCKETS_MS, saves);
      text.counter('quantum_saves_total', 'Journal entries by installation, component, kind and outcome', ['installation', 'component', 'kind', 'outcome'], saveOutcomes);
      const health = new Map<string, number>();
      const seqs = new Map<string, number>();
      const disk = { total: new Map<string, number>(), free: new Map<string, number>(), reserve: new Map<string, number>(), cache: new Map<string, number>() };
      for (const [id, { state }] of app.installations) {
        for (const codec of state.codecs) {
          for (const report of await state.generations(codec)) {
            health.set(JSON.stringify([id, codec.name, report.generation, report.status]), 1);
            if (report.seq !== undefined && report.generation === 'current') seqs.set(JSON.stringify([id, codec.name]), report.seq);
          }
        }
        const space = await state.store.space();
        disk.total.set(JSON.stringify([id]), space.totalBytes);
        disk.free.set(JSON.stringify([id]), space.freeBytes);
        disk.reserve.set(JSON.stringify([id]), state.store.reserveBytes);
        disk.cache.set(JSON.stringify([id]), state.cache.size);
      }
      text.gauge('quantum_generation_status', 'One per generation file, labelled with its status', ['installation', 'component', 'generation', 'status'], health);
      text.gauge('quantum_current_seq', 'Seq of the current generation', ['installation', 'component'], seqs);
      text.gauge('quantum_disk_total_bytes', 'Size of the file system of the state directory', ['installation'], disk.total);
      text.gauge('quantum_disk_free_bytes', 'Free bytes available to the agent', ['installation'], disk.free);
      text.gauge('quantum_disk_reserve_bytes', 'Free space saves leave untouched', ['installation'], disk.reserve);
      text.gauge('quantum_generation_cache_entries', 'Decoded generations held by the console', ['installation'], disk.cache);
      await writeReplicationMetrics(text, app);
      text.histogram('http_request_duration_seconds', 'HTTP requests by method, route and status', ['method', 'route', 'status'], HTTP_BUCKETS_S, http);
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text.toString());
    });
  },
  { name: 'metrics', dependencies: ['services', 'replication'] },
);
