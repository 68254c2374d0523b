// A Node script the server runs as its child (the demo agent, the demo's replicator): its
// output lines go to the server's log, and it gets SIGTERM when the server stops or dies.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { FastifyBaseLogger } from 'fastify';

export interface ChildOptions {
  /** Names the child in log messages, e.g. `demo agent`. */
  name: string;
  script: string;
  args: string[];
  log: FastifyBaseLogger;
  /** Fields of every log line of the child, given its pid. */
  logFields: (pid: number | undefined) => Record<string, unknown>;
}

/** A started child: its pid, and whether it still runs. */
export interface ChildInfo {
  pid: number;
  running: boolean;
}

export class ChildNodeProcess {
  readonly #options: ChildOptions;
  #child: ChildProcess | undefined;
  #running = false;

  constructor(options: ChildOptions) {
    this.#options = options;
  }

  start(): void {
    const { name, script, args } = this.#options;
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    this.#running = true;
    const log = this.#options.log.child(this.#options.logFields(child.pid));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => text.split('\n').filter(Boolean).forEach((line) => log.info({ line }, name)));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => text.split('\n').filter(Boolean).forEach((line) => log.warn({ line }, name)));
    // If the server dies without a clean shutdown, the child still gets its SIGTERM.
    const orphanGuard = (): void => void child.kill('SIGTERM');
    process.once('exit', orphanGuard);
    child.on('exit', (code, signal) => {
      process.removeListener('exit', orphanGuard);
      this.#running = false;
      log.warn({ code, signal }, `${name} exited`);
    });
    child.on('error', (error) => {
      this.#running = false;
      log.error({ err: error }, `${name} could not start`);
    });
  }

  info(): ChildInfo | null {
    return this.#child?.pid === undefined ? null : { pid: this.#child.pid, running: this.#running };
  }

  /** Asks the child to stop (SIGTERM: it finishes what it writes) and waits, SIGKILL after `timeoutMs`. */
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
