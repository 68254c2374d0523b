// A second console server owned by one test: no demo agent, its own empty state directory,
// key file and tokens, on its own port, so the test can stop it and start it again.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const serverJs = join(repo, 'apps/server/dist/server.js');
const cliJs = join(repo, 'packages/persistence-core/dist/cli/main.js');

export class OwnServer {
  readonly root = mkdtempSync(join(tmpdir(), 'qsc-e2e-own-'));
  readonly url: string;
  readonly viewerToken: string;
  #child: ChildProcess | undefined;

  constructor(readonly port: number) {
    this.url = `http://127.0.0.1:${port}`;
    execFileSync(process.execPath, [cliJs, 'keys', 'create', '--keyring', this.#path('keyring.json')], { stdio: 'ignore' });
    const output = execFileSync(process.execPath, [serverJs, 'rotate-token', 'viewer', '--role', 'viewer', '--tokens', this.#path('tokens.json')], { encoding: 'utf8' });
    this.viewerToken = output.trim().split('\n').at(-1)?.trim() ?? '';
  }

  #path(name: string): string {
    return join(this.root, name);
  }

  async start(): Promise<void> {
    this.#child = spawn(
      process.execPath,
      [serverJs, '--port', String(this.port), '--dir', this.#path('state'), '--keyring', this.#path('keyring.json'), '--no-demo',
        '--tokens', this.#path('tokens.json'), '--config-dir', this.root, '--web-root', join(repo, 'apps/web/dist'), '--log-level', 'warn'],
      { stdio: 'ignore' },
    );
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (await fetch(`${this.url}/readyz`).then((response) => response.ok, () => false)) return;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`the console server on port ${this.port} did not become ready`);
  }

  /** Stops it the hard way, as a crash or a pulled cable would. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.root, { recursive: true, force: true });
  }
}
