// An in-process s3rver on loopback for the fast tests. Its gaps (see the README): no
// conditional PUT, no Content-MD5 check, no signature check (only the key id "S3RVER").

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { ReplicationTarget } from '../../src/config.js';

export interface Emulator {
  endpoint: string;
  port: number;
  directory: string;
  target(installation?: string, bucket?: string): ReplicationTarget;
  /** Stops the server, keeping its data (for outage tests). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startEmulator(): Promise<Emulator> {
  const directory = await mkdtemp(join(tmpdir(), 'repl-s3rver-'));
  let server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  let running = true;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    directory,
    target: (installation = 'agent-1', bucket = 'replicas') => ({ bucket, prefix: 'quantum', installation, endpoint, region: 'us-east-1', credentials: EMULATOR_CREDENTIALS, requestTimeoutMs: 5000 }),
    async stop() {
      if (running) await server.close();
      running = false;
    },
    async restart() {
      server = new S3rver({ address: '127.0.0.1', port, silent: true, directory });
      await server.run();
      running = true;
    },
    async close() {
      if (running) await server.close();
      running = false;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
