// The demo agent as a child process (`quantum-state demo`), so the console shows live data
// with no other setup. Its output goes to the server's log; it is stopped with the server.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import type { AgentInfo } from './plugins/services.js';

export function cliPath(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('@quantum/persistence-core'))), 'cli', 'main.js');
}

export class DemoAgentProcess {
  #child: ChildProcess | undefined;
  #running = false;

  constructor(
    readonly options: { stateDirectory: string; keyringPath: string; log: FastifyBaseLogger },
  ) {}

  start(): void {
    const child = spawn(process.execPath, [cliPath(), 'demo', '--dir', this.options.stateDirectory, '--keyring', this.options.keyringPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#running = true;
    const log = this.options.log.child({ agent: 'demo', agentPid: child.pid });
    child.stdout?.setEncoding('utf8').on('data', (text: string) => text.split('\n').filter(Boolean).forEach((line) => log.info({ line }, 'demo agent')));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => text.split('\n').filter(Boolean).forEach((line) => log.warn({ line }, 'demo agent')));
    // If the server dies without a clean shutdown, the agent still gets its SIGTERM (and saves).
    const orphanGuard = (): void => void child.kill('SIGTERM');
    process.once('exit', orphanGuard);
    child.on('exit', (code, signal) => {
      process.removeListener('exit', orphanGuard);
      this.#running = false;
      log.warn({ code, signal }, 'demo agent exited');
    });
    child.on('error', (error) => {
      this.#running = false;
      log.error({ err: error }, 'demo agent could not start');
    });
  }

  info(): AgentInfo | null {
    return this.#child?.pid === undefined ? null : { pid: this.#child.pid, running: this.#running };
  }

  /** Asks the agent to stop (it saves on SIGTERM) and waits up to `timeoutMs`. */
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
