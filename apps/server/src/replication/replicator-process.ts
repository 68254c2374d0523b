// The replicator as a child process of the server (`quantum-replicate run` on the demo's state
// directory), started by `npm start` when QUANTUM_S3_BUCKET is set. It inherits the environment
// (bucket, endpoint, region and the AWS credential chain); its lines go to the server's log.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';

export function replicatorCliPath(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('@quantum/replication'))), 'cli', 'main.js');
}

export interface ReplicatorProcessOptions {
  stateDirectory: string;
  keyringPath: string;
  installation: string;
  log: FastifyBaseLogger;
  /** Extra arguments of `run`, e.g. `--poll-ms 250`. */
  args?: string[];
}

export class ReplicatorProcess {
  #child: ChildProcess | undefined;
  #running = false;

  constructor(readonly options: ReplicatorProcessOptions) {}

  start(): void {
    const { stateDirectory, keyringPath, installation } = this.options;
    const args = [replicatorCliPath(), 'run', '--dir', stateDirectory, '--keyring', keyringPath, '--installation', installation, ...(this.options.args ?? [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    this.#running = true;
    const log = this.options.log.child({ replicatorPid: child.pid });
    child.stdout?.setEncoding('utf8').on('data', (text: string) => text.split('\n').filter(Boolean).forEach((line) => log.info({ line }, 'replicator')));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => text.split('\n').filter(Boolean).forEach((line) => log.warn({ line }, 'replicator')));
    const orphanGuard = (): void => void child.kill('SIGTERM');
    process.once('exit', orphanGuard);
    child.on('exit', (code, signal) => {
      process.removeListener('exit', orphanGuard);
      this.#running = false;
      log.warn({ code, signal }, 'replicator exited');
    });
    child.on('error', (error) => {
      this.#running = false;
      log.error({ err: error }, 'replicator could not start');
    });
  }

  info(): { pid: number; running: boolean } | null {
    return this.#child?.pid === undefined ? null : { pid: this.#child.pid, running: this.#running };
  }

  /** SIGTERM (the replicator finishes its upload and writes its cursor), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 10_000): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.#running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
