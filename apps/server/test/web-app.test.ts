import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from './support/fixture.js';

describe('the built web app', () => {
  let fx: Fixture;
  let webRoot: string;
  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'qs-web-'));
    await mkdir(join(webRoot, 'assets'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>console</title><script type="module" src="/assets/app.js"></script>');
    await writeFile(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
    fx = await createFixture({ generations: 1, webRoot });
  });
  afterAll(async () => {
    await fx.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  it('serves index.html and assets without a token, with security headers', async () => {
    const index = await fx.get('/', null);
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<title>console</title>');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    const asset = await fx.get('/assets/app.js', null);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('falls back to index.html for client routes, never for /api', async () => {
    const route = await fx.get('/components/EntryAgent/generations/bak', null);
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('<title>console</title>');
    expect((await fx.get('/api/nope', null)).statusCode).toBe(401);
    const unknown = await fx.get('/api/nope');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ code: string }>().code).toBe('NOT_FOUND');
    expect((await fx.get('/../../etc/passwd', null)).body).not.toContain('root:');
  });
});
