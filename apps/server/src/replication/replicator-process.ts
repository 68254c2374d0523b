// The replicator as a child process of the server (`quantum-replicate run` on the demo's state
// directory), started by `npm start` when QUANTUM_S3_BUCKET is set. It inherits the environment
// (bucket, endpoint, region and the AWS credential chain); its lines go to the server's log.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { ChildNodeProcess } from '../child-process.js';

export function replicatorCliPath(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('@quantum/replication'))), 'cli', 'main.js');
}

export interface ReplicatorProcessOptions {
  stateDirectory: string;
  keyringPath: string;
  installation: string;
  log: FastifyBaseLogger;
  /** Extra arguments of `run`, e.g. `--verify-every-s 60`. */
  args?: string[];
}

export class ReplicatorProcess extends ChildNodeProcess {
  constructor(options: ReplicatorProcessOptions) {
    super({
      name: 'replicator',
      script: replicatorCliPath(),
      args: ['run', '--dir', options.stateDirectory, '--keyring', options.keyringPath, '--installation', options.installation, ...(options.args ?? [])],
      log: options.log,
      logFields: (pid) => ({ replicatorPid: pid }),
    });
  }
}
