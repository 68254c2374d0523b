// Every route of the console API: method, path, the least role it needs. The server registers
// exactly these; the web app builds its URLs from them. Schemas are in the modules named.

import type { Role } from './common.js';

export interface RouteSpec {
  method: 'GET' | 'POST';
  path: string;
  /** null: anonymous (probes only). */
  role: Role | null;
  summary: string;
}

/**
 * Authentication: `Authorization: Bearer <token>` on every /api route and /metrics; no cookies.
 * GET /api/events is text/event-stream: browsers read it with fetch() (EventSource cannot send
 * the header) and resume by sending `Last-Event-ID`. POST routes also reject a cross-site
 * `Origin` or `Sec-Fetch-Site: cross-site`.
 */
export const routes = {
  livez: { method: 'GET', path: '/livez', role: null, summary: 'Liveness probe' },
  readyz: { method: 'GET', path: '/readyz', role: null, summary: 'Readiness: the state directory and key are usable' },
  metrics: { method: 'GET', path: '/metrics', role: 'viewer', summary: 'Prometheus metrics' },
  openapi: { method: 'GET', path: '/api/openapi.json', role: null, summary: 'This API as OpenAPI 3 (docs UI at /api/docs)' },

  session: { method: 'GET', path: '/api/session', role: 'viewer', summary: 'Session' },
  components: { method: 'GET', path: '/api/components', role: 'viewer', summary: 'ComponentList' },
  component: { method: 'GET', path: '/api/components/:component', role: 'viewer', summary: 'ComponentDetail' },
  generations: { method: 'GET', path: '/api/components/:component/generations', role: 'viewer', summary: 'GenerationList' },
  quarantine: { method: 'GET', path: '/api/quarantine', role: 'viewer', summary: 'QuarantineList' },
  disk: { method: 'GET', path: '/api/disk', role: 'viewer', summary: 'DiskStatus' },
  position: { method: 'GET', path: '/api/position', role: 'viewer', summary: 'LivePosition: the per-tick position file, read without the lock' },
  latency: { method: 'GET', path: '/api/latency', role: 'viewer', summary: 'LatencyReport (query LatencyQuery)' },
  saves: { method: 'GET', path: '/api/saves', role: 'viewer', summary: 'RecentSaves (query RecentSavesQuery)' },
  events: { method: 'GET', path: '/api/events', role: 'viewer', summary: 'Server-sent events: save (id = journal position), job, audit' },

  summary: { method: 'GET', path: '/api/components/:component/generations/:generation', role: 'viewer', summary: 'GenerationSummary' },
  rows: { method: 'GET', path: '/api/components/:component/generations/:generation/rows', role: 'viewer', summary: 'RowsPage (query RowsQuery)' },
  export: { method: 'GET', path: '/api/components/:component/generations/:generation/export', role: 'viewer', summary: 'CSV or NDJSON stream (query ExportQuery)' },
  histogram: { method: 'GET', path: '/api/components/:component/generations/:generation/histogram', role: 'viewer', summary: 'HistogramResult (query HistogramQuery)' },
  series: { method: 'GET', path: '/api/components/:component/generations/:generation/series/:series', role: 'viewer', summary: 'SeriesResult' },
  adversary: { method: 'GET', path: '/api/components/:component/generations/:generation/adversary', role: 'viewer', summary: 'AdversaryView (RiskAdversary)' },
  correlation: { method: 'GET', path: '/api/components/:component/generations/:generation/correlation', role: 'viewer', summary: 'CorrelationView (PortfolioRisk)' },
  shadows: { method: 'GET', path: '/api/components/:component/generations/:generation/shadows', role: 'viewer', summary: 'ShadowsView (ShadowAgents)' },
  diff: { method: 'GET', path: '/api/components/:component/diff', role: 'viewer', summary: 'GenerationDiff (query DiffQuery)' },

  verify: { method: 'POST', path: '/api/verify', role: 'viewer', summary: 'VerifyResult: verify every generation of every component' },
  restorePreview: { method: 'GET', path: '/api/components/:component/restore/preview', role: 'operator', summary: 'RestorePreview' },
  restore: { method: 'POST', path: '/api/components/:component/restore', role: 'operator', summary: 'RestoreBody -> 200 DryRunResult or 202 Job' },
  migrate: { method: 'POST', path: '/api/components/:component/migrate', role: 'operator', summary: 'ActionBody -> 200 DryRunResult or 202 Job' },
  compact: { method: 'POST', path: '/api/components/:component/compact', role: 'operator', summary: 'ActionBody -> 200 DryRunResult or 202 Job' },
  jobs: { method: 'GET', path: '/api/jobs', role: 'viewer', summary: 'JobList' },
  job: { method: 'GET', path: '/api/jobs/:jobId', role: 'viewer', summary: 'Job' },
  audit: { method: 'GET', path: '/api/audit', role: 'viewer', summary: 'AuditPage (query AuditQuery)' },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof routes;

/** Fills `:param` segments, encoding each value. */
export function routePath(name: RouteName, params: Record<string, string> = {}): string {
  return routes[name].path.replace(/:([a-zA-Z]+)/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`route ${name} needs parameter ${key}`);
    return encodeURIComponent(value);
  });
}
