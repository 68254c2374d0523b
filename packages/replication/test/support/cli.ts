// `quantum-replicate run` as a child process (under tsx), for tests that SIGKILL the replicator.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKeyring } from '@quantum/persistence-core';
import type { ReplicationTarget } from '../../src/config.js';
import type { TestState } from './state.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface ReplicatorProcess {
  child: ChildProcess;
  /** Everything it printed so far, and how it exited. */
  output(): string;
  /** Sends `signal` and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Writes the state's keyring beside it and starts `run` against `target`. */
export async function startReplicatorProcess(state: TestState, target: ReplicationTarget, extra: string[] = []): Promise<ReplicatorProcess> {
  const keyringPath = join(state.root, 'keyring.json');
  await writeKeyring(keyringPath, state.keyring);
  const args = ['--import', 'tsx', CLI, 'run', '--dir', state.directory, '--keyring', keyringPath, '--bucket', target.bucket, '--prefix', target.prefix, '--installation', target.installation, '--endpoint', target.endpoint ?? '', ...extra];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, AWS_ACCESS_KEY_ID: target.credentials?.accessKeyId ?? '', AWS_SECRET_ACCESS_KEY: target.credentials?.secretAccessKey ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    output += `[child exited: ${code ?? signal}]\n`;
    resolve();
  }));
  return {
    child,
    output: () => output,
    kill: async (signal) => {
      child.kill(signal);
      await exited;
    },
  };
}
