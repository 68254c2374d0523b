// The demo agent as a child process (`quantum-state demo`), so the console shows live data
// with no other setup. Its output goes to the server's log; it is stopped with the server
// (it saves on SIGTERM).

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { ChildNodeProcess } from './child-process.js';

export function cliPath(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('@quantum/persistence-core'))), 'cli', 'main.js');
}

export class DemoAgentProcess extends ChildNodeProcess {
  constructor(options: { stateDirectory: string; keyringPath: string; log: FastifyBaseLogger }) {
    super({
      name: 'demo agent',
      script: cliPath(),
      args: ['demo', '--dir', options.stateDirectory, '--keyring', options.keyringPath],
      log: options.log,
      logFields: (pid) => ({ agent: 'demo', agentPid: pid }),
    });
  }
}
