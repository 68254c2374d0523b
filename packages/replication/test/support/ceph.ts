// Starts and stops the throwaway Ceph RGW of scripts/ceph-rgw.sh for the integration tests.
// The daemons are also killed by pid if the test process exits without its afterAll.

import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ReplicationTarget } from '../../src/config.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../scripts/ceph-rgw.sh', import.meta.url));

export interface CephGateway {
  endpoint: string;
  base: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  target(installation: string, bucket: string): ReplicationTarget;
  stopGateway(): Promise<void>;
  startGateway(): Promise<void>;
  close(): Promise<void>;
}

/** undefined (with the reason) when the Debian packages are missing and cannot be installed. */
export async function startCeph(): Promise<CephGateway | { unavailable: string }> {
  const base = await mkdtemp(join(tmpdir(), 'repl-ceph-'));
  const [monPort, rgwPort] = [await freePort(), await freePort()];
  let output: string;
  try {
    output = (await run(SCRIPT, ['start', base, String(monPort), String(rgwPort)], { timeout: 240_000 })).stdout;
  } catch (error) {
    const failure = error as { code?: number; stderr?: string; message: string };
    await run(SCRIPT, ['stop', base]).catch(() => undefined);
    if (failure.code === 3) return { unavailable: failure.stderr ?? failure.message };
    throw new Error(`could not start the Ceph gateway (ports ${monPort}/${rgwPort}):\n${failure.stderr ?? failure.message}`);
  }
  const values = Object.fromEntries(output.trim().split('\n').map((line) => line.split('=', 2) as [string, string]));
  const pids = (values['PIDS'] ?? '').split(' ').map(Number);
  const killAll = (): void => pids.forEach((pid) => { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } });
  process.once('exit', killAll);
  const credentials = { accessKeyId: values['ACCESS_KEY'] ?? '', secretAccessKey: values['SECRET_KEY'] ?? '' };
  const endpoint = values['ENDPOINT'] ?? '';
  return {
    endpoint,
    base,
    credentials,
    target: (installation, bucket) => ({ bucket, prefix: 'quantum', installation, endpoint, region: 'us-east-1', credentials, requestTimeoutMs: 5000 }),
    stopGateway: async () => void (await run(SCRIPT, ['stop-rgw', base])),
    startGateway: async () => void (await run(SCRIPT, ['start-rgw', base], { timeout: 120_000 })),
    close: async () => {
      await run(SCRIPT, ['stop', base], { timeout: 60_000 });
      process.removeListener('exit', killAll);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}
