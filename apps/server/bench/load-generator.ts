// The browsing load of bench:agent, in a process of its own: real browsers run on other machines,
// so the generator must not share the console's event loop (it would halve what the console can
// serve) nor hide in the console's CPU figures. The bench forks it before lowering its own
// priority, and sets the generator's priority per window (SCHED_IDLE like the console, or normal):
// a generator at normal priority on the agent's 2 cores competes with the agent as an equal,
// which a remote browser never does — the bench prints both.
// Protocol (IPC): the parent sends a LoadOrder, the child answers with a LoadResult.

import autocannon from 'autocannon';

export interface LoadOrder {
  url: string;
  token: string;
  paths: string[];
  connections: number;
  seconds: number;
  /** Requests per second over all connections; undefined: as fast as the server answers. */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  non2xx: number;
  p50: number;
  p99: number;
}

async function generateLoad(order: LoadOrder): Promise<LoadResult> {
  const result = await autocannon({
    url: order.url,
    connections: order.connections,
    duration: order.seconds,
    headers: { authorization: `Bearer ${order.token}` },
    requests: order.paths.map((path) => ({ method: 'GET', path })),
    ...(order.rate === undefined ? {} : { overallRate: order.rate }),
  });
  return { requests: result.requests.total, non2xx: result.non2xx, p50: result.latency.p50, p99: result.latency.p99 };
}

// Forked by the bench: serve orders until the parent disconnects.
if (process.send !== undefined) {
  process.on('message', (order: LoadOrder) => {
    void generateLoad(order).then((result) => process.send!(result));
  });
  process.on('disconnect', () => process.exit(0));
}
