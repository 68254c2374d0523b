// A running `quantum-state demo` child: its save lines as they arrive, signals, and its exit.

import type { ChildProcess } from 'node:child_process';
import { spawnTs } from '../support/run-ts.js';
import { CLI } from './cli-harness.js';
import type { CliRun, CliSandbox } from './cli-harness.js';
import { collect } from './cli-harness.js';

export interface SaveLine {
  component: string;
  seq: number;
  bytes: number;
  ms: number;
}

export class DemoProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<CliRun>;
  readonly saves: SaveLine[] = [];
  #stderr = '';
  #buffered = '';
  #waiters: { test: () => boolean; resolve: () => void }[] = [];

  constructor(sandbox: CliSandbox, args: string[]) {
    this.child = spawnTs(CLI, ['demo', '--dir', sandbox.directory, '--keyring', sandbox.keyringPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => this.#onStdout(chunk.toString('utf8')));
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr += chunk.toString('utf8');
      this.#check();
    });
    this.exited = collect(this.child);
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** Resolves when `test` holds; rejects if the process exits first or `timeoutMs` passes (a liveness bound, not a speed check). */
  until(test: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; stderr:\n${this.#stderr}`)), timeoutMs);
      this.#waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
      void this.exited.then((run) => {
        clearTimeout(timer);
        reject(new Error(`demo exited (${run.code ?? run.signal}) before ${what}; stderr:\n${this.#stderr}`));
      });
    });
  }

  #onStdout(text: string): void {
    this.#buffered += text;
    const lines = this.#buffered.split('\n');
    this.#buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') this.saves.push(JSON.parse(line) as SaveLine);
    this.#check();
  }

  #check(): void {
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.test()) return true;
      waiter.resolve();
      return false;
    });
  }
}
