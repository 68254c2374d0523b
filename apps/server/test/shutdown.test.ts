import { afterAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { createFixture, type Fixture } from './support/fixture.js';

/** Resolves to 'timeout' if the promise has not settled after `ms` (a generous bound, not a measurement). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('shutdown with an open event stream', () => {
  let fx: Fixture | undefined;
  afterAll(async () => {
    if (fx) await rm(fx.root, { recursive: true, force: true });
  });

  it('ends the server-sent event streams so app.close() does not wait for the client', async () => {
    fx = await createFixture({ generations: 1 });
    await fx.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = fx.app.server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/api/events`, { headers: { authorization: `Bearer ${fx.tokens.viewer}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('retry:');

    const closed = within(fx.app.close().then(() => 'closed' as const), 5_000);
    // The client sees the stream end (not an error, not a hang) while the server closes.
    const drain = async (): Promise<'ended'> => {
      for (;;) if ((await reader.read()).done) return 'ended';
    };
    expect(await within(drain(), 5_000)).toBe('ended');
    expect(await closed).toBe('closed');
    expect(fx.app.server.listening).toBe(false);
  });
});
