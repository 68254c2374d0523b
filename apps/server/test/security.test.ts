import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@quantum/api-contract';
import type { RouteSpec } from '@quantum/api-contract';
import { createFixture, type Fixture } from './support/fixture.js';

const PARAMS: Record<string, string> = { component: 'EntryAgent', generation: 'current', series: 'qValue', jobId: '00000000-0000-0000-0000-000000000000' };
const QUERY: Partial<Record<keyof typeof routes, string>> = {
  rows: '?table=qTable',
  export: '?table=qTable&format=csv',
  histogram: '?table=qTable&column=qValue',
  diff: '?from=bak',
  restorePreview: '?generation=bak',
};
const BODY: Partial<Record<keyof typeof routes, unknown>> = { restore: { generation: 'bak', dryRun: true }, migrate: { dryRun: true }, compact: { dryRun: true }, verify: undefined };

function urlOf(name: keyof typeof routes): string {
  return routes[name].path.replace(/:([a-zA-Z]+)/g, (_, key: string) => PARAMS[key] as string) + (QUERY[name] ?? '');
}

describe('authentication, roles and security', () => {
  let fx: Fixture;
  const logLines: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    fx = await createFixture({ logger: { level: 'trace', stream, redact: ['req.headers.authorization'] } });
  });
  afterAll(async () => fx.close());

  const entries = Object.entries(routes) as [keyof typeof routes, RouteSpec][];
  const send = (name: keyof typeof routes, role: 'viewer' | 'operator' | null, headers: Record<string, string> = {}) =>
    routes[name].method === 'GET' ? fx.get(urlOf(name), role, headers) : fx.post(urlOf(name), BODY[name] ?? {}, role, headers);

  it('refuses every protected route without a token or with a wrong one, and serves the probes anonymously', async () => {
    for (const [name, spec] of entries) {
      const anonymous = await send(name, null);
      if (spec.role === null) expect(anonymous.statusCode, name).toBe(200);
      else {
        expect(anonymous.statusCode, name).toBe(401);
        expect(anonymous.headers['www-authenticate']).toContain('Bearer');
        const wrong = await send(name, null, { authorization: 'Bearer qsc_wrongwrongwrongwrongwrongwrongwrongwrongwro' });
        expect(wrong.statusCode, name).toBe(401);
        const malformed = await send(name, null, { authorization: 'Basic dXNlcjpwYXNz' });
        expect(malformed.statusCode, name).toBe(401);
      }
    }
  });

  it('lets a viewer read everything and refuses the operator routes', async () => {
    for (const [name, spec] of entries) {
      if (spec.role === null || name === 'events') continue;
      const response = await send(name, 'viewer');
      if (spec.role === 'operator') {
        expect(response.statusCode, name).toBe(403);
        expect(response.json<{ code: string }>().code).toBe('FORBIDDEN');
      } else expect([200, 404], name).toContain(response.statusCode);
    }
  });

  it('lets an operator use every route', async () => {
    for (const [name, spec] of entries) {
      if (spec.role === null || name === 'events') continue;
      const response = await send(name, 'operator');
      expect([200, 404, 501], `${name} ${response.body}`).toContain(response.statusCode);
    }
  });

  it('puts security headers on every response, errors included', async () => {
    for (const response of [await fx.get('/api/components'), await fx.get('/api/components', null), await fx.get('/api/nothing-here'), await fx.get('/livez', null)]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['x-frame-options']).toBeDefined();
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
    expect((await fx.get('/api/components')).headers['cache-control']).toBe('no-store');
  });

  it('refuses cross-site state changes before anything else', async () => {
    const body = { generation: 'bak', dryRun: true };
    const url = '/api/components/EntryAgent/restore';
    expect((await fx.post(url, body, 'operator', { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await fx.post(url, body, 'operator', { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await fx.post(url, body, 'operator', { origin: 'null' })).statusCode).toBe(403);
    expect((await fx.post(url, body, 'operator', { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    // A form post cannot carry JSON without a preflight, and credentials never come from cookies.
    expect((await fx.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `token=${fx.tokens.operator}` }, payload: 'generation=bak' })).statusCode).toBe(401);
  });

  it('limits body size and validates bodies', async () => {
    const url = '/api/components/EntryAgent/restore';
    expect((await fx.post(url, { generation: 'bak', dryRun: true, reason: 'x'.repeat(20_000) })).statusCode).toBe(413);
    expect((await fx.post(url, { generation: 'bak', dryRun: true, reason: 'x'.repeat(600) })).statusCode).toBe(400);
    expect((await fx.post(url, { generation: '../../keyring.json' })).statusCode).toBe(400);
    expect((await fx.post(url, { generation: 'current', dryRun: 'maybe' })).statusCode).toBe(400);
    expect((await fx.post(url, [1, 2, 3])).statusCode).toBe(400);
    expect((await fx.post(url, undefined)).statusCode).toBe(400);
  });

  it('never shows a token or the HMAC key in a response or a log line', async () => {
    const secret = fx.keyring.active.exportSecret();
    const bodies: string[] = [];
    for (const [name, spec] of entries) {
      if (name === 'events' || spec.role === null) continue;
      bodies.push((await send(name, 'operator')).body);
    }
    bodies.push((await fx.get('/api/session', 'operator')).body, (await fx.get('/metrics', 'viewer')).body, (await fx.get('/api/openapi.json', null)).body);
    const everything = bodies.join('\n') + logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(10);
    for (const needle of [fx.tokens.viewer, fx.tokens.operator, secret, Buffer.from(secret, 'base64').toString('hex')]) expect(everything).not.toContain(needle);
  });

  it('publishes the OpenAPI document generated from the route schemas', async () => {
    const doc = (await fx.get('/api/openapi.json', null)).json<{ paths: Record<string, unknown>; openapi: string }>();
    expect(doc.openapi).toMatch(/^3\./);
    for (const [, spec] of entries) {
      if (spec.path.startsWith('/api/openapi')) continue;
      const path = spec.path.replace(/:([a-zA-Z]+)/g, '{$1}');
      if (spec.path !== '/metrics') expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect((await fx.get('/api/docs', null)).statusCode).toBeLessThan(400);
  });

  it('rate-limits a client that floods the API', async () => {
    const limited = await createFixture({ generations: 1, limits: { requestsPerMinute: 5 } });
    try {
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push((await limited.get('/api/session')).statusCode);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
      expect((await limited.get('/livez', null)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
