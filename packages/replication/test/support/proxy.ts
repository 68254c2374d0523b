// A TCP proxy in front of the emulator that can make the store go away in the middle of an
// upload: it forwards part of the next PUT request, then drops every connection and refuses new
// ones until `restore()`.

import { createConnection, createServer } from 'node:net';
import type { Socket } from 'node:net';

export interface FlakyStore {
  endpoint: string;
  /** The next PUT is cut after part of its bytes reached the store; the store stays away until restore(). */
  cutNextPut(): Promise<void>;
  restore(): void;
  close(): Promise<void>;
}

export async function startFlakyProxy(upstreamPort: number): Promise<FlakyStore> {
  const sockets = new Set<Socket>();
  let down = false;
  let cutting: (() => void) | undefined;
  const dropAll = (): void => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const server = createServer((client) => {
    if (down) return void client.destroy();
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      if (cutting !== undefined && chunk.subarray(0, 4).toString('latin1') === 'PUT ') {
        upstream.write(chunk.subarray(0, Math.floor(chunk.byteLength / 2)));
        down = true;
        const done = cutting;
        cutting = undefined;
        dropAll();
        done();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    for (const socket of [client, upstream]) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        (socket === client ? upstream : client).destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    cutNextPut: () => new Promise<void>((resolve) => (cutting = resolve)),
    restore: () => void (down = false),
    close: async () => {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
