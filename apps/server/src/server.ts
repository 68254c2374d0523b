#!/usr/bin/env node
// The only module that listens: opens the key file, the state directory and the token file,
// starts the demo agent when asked, builds the app and serves it. On first start it prints the
// URL and the tokens it created, once; they are never logged.

import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from './app.js';
import { TokenStore } from './auth/token-store.js';
import { USAGE, parseConfig } from './config.js';
import { DemoAgentProcess } from './demo-agent.js';
import { openInstallations } from './installations/open.js';
import { ReplicatorProcess } from './replication/replicator-process.js';
import { DEMO_INSTALLATION, replicationFromEnv } from './replication/settings.js';
import type { PriorityRequest } from './state/console-priority.js';
import { lowerConsolePriority } from './state/console-priority.js';

async function rotateToken(tokensPath: string, name: string | undefined, role: unknown): Promise<void> {
  if (name === undefined || !/^[a-z][a-z0-9-]{0,39}$/.test(name)) throw new Error('rotate-token needs a token name (lowercase letters, digits, dashes)');
  const chosen = role ?? (name === 'operator' ? 'operator' : 'viewer');
  if (chosen !== 'viewer' && chosen !== 'operator') throw new Error('--role must be viewer or operator');
  const token = await TokenStore.rotate(tokensPath, name, chosen);
  process.stdout.write(`New ${chosen} token "${name}" (the old one no longer works; shown once):\n  ${token}\n`);
}

function lowerPriority(request: PriorityRequest, log: FastifyBaseLogger): void {
  try {
    const lowered = lowerConsolePriority(request);
    const session = lowered.sessionNice === undefined ? '' : `; session autogroup nice ${lowered.sessionNice}`;
    if (lowered.idleRefused !== undefined) log.warn(`console CPU priority: nice ${request.nice} only (${lowered.idleRefused})${session}`);
    else log.info(`console CPU priority: ${lowered.policy === 'idle' ? 'SCHED_IDLE' : `nice ${request.nice}`}, ${lowered.threads} threads${session}`);
  } catch (error) {
    log.warn({ err: error }, 'could not lower the console CPU priority');
  }
}

async function main(): Promise<void> {
  const { config, positionals, values } = parseConfig(process.argv.slice(2));
  if (values['help'] === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals[0] === 'rotate-token') return rotateToken(config.tokensPath, positionals[1], values['role']);
  if (positionals.length > 0) throw new Error(`unknown command ${positionals[0]}\n${USAGE}`);

  const { installations, mirrors } = await openInstallations({
    installations: config.installations,
    // The budget of decoded generations is shared by the installations.
    cacheBytes: Math.floor(config.cacheBytes / config.installations.length),
    createKeyring: (installation) => config.demo && installation === config.installations[0],
    mirrorDirectory: config.mirrorDirectory,
    mirrorRefreshMs: config.mirrorRefreshMs,
    onMirrorError: (id, error) => process.stderr.write(`quantum-console: installation ${id}: ${(error as Error).message}\n`),
  });
  // Each bucket copy is fetched once before the console answers, then refreshed in the background.
  await Promise.all([...mirrors.values()].map((mirror) => mirror.refresh()));
  for (const mirror of mirrors.values()) mirror.start();
  const { store: tokens, created } = await TokenStore.open(config.tokensPath);
  const [primary, ...others] = installations;
  if (primary === undefined) throw new Error('no installation to watch');
  const { id: installationId, ...defaults } = primary;

  let agent: DemoAgentProcess | undefined;
  let replicator: ReplicatorProcess | undefined;
  // With the demo, the server runs its replicator, naming the installation "demo" unless QUANTUM_INSTALLATION says otherwise.
  const bucket = replicationFromEnv(process.env);
  const replication = bucket !== undefined && config.demo ? { ...bucket, installation: bucket.installation ?? DEMO_INSTALLATION } : bucket;
  const app = await buildApp({
    ...defaults,
    installationId,
    installations: others,
    tokens,
    webRoot: config.webRoot,
    demo: config.demo,
    agent: () => agent?.info() ?? null,
    limits: { requestsPerMinute: config.requestsPerMinute },
    replication: { ...(replication !== undefined ? { settings: replication } : {}), replicatorProcess: () => replicator?.info() ?? null },
    logger: { level: config.logLevel, redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' } },
  });
  if (config.demo) {
    agent = new DemoAgentProcess({ stateDirectory: config.stateDirectory, keyringPath: config.keyringPath, log: app.log });
    agent.start();
    if (replication?.installation !== undefined) {
      replicator = new ReplicatorProcess({ stateDirectory: config.stateDirectory, keyringPath: config.keyringPath, installation: replication.installation, log: app.log, args: ['--verify-every-s', '60'] });
      replicator.start();
    }
  }
  // After the agent was spawned, so it keeps its own priority: under contention its saves win.
  // The demo agent shares our session; an agent of its own is in another one, which we rank below.
  lowerPriority({ nice: config.nice, policy: config.cpuPolicy, session: !config.demo }, app.log);

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await agent?.stop();
    await replicator?.stop();
    await Promise.all([...mirrors.values()].map((mirror) => mirror.stop()));
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('://[::1]', '://localhost');
  const lines = [
    '',
    `Quantum State Console: ${url}/`,
    ...config.installations.map((installation, index) => {
      const where = installation.kind === 'local' ? installation.stateDirectory : `read-only copy of bucket installation ${installation.bucketInstallation}`;
      const served = index === 0 ? `at ${url}/${config.demo ? ', demo agent running' : ''}` : `at ${url}/i/${installation.id}/`;
      return `  ${index === 0 ? 'installations:' : '              '}   ${installation.id}: ${where} (${served})`;
    }),
    `  replication:     ${replication === undefined ? 'not configured (set QUANTUM_S3_BUCKET)' : `bucket ${replication.bucket}, ${replication.prefix}/${replication.installation ?? '<installation from the cursor>'}${replicator ? ', replicator running' : ''}`}`,
    `  API docs:        ${url}/api/docs`,
  ];
  if (created !== null) {
    lines.push(
      `  First start: tokens created (stored hashed in ${config.tokensPath}; shown only now):`,
      `    operator: ${created['operator']}`,
      `    viewer:   ${created['viewer']}`,
      `  Rotate one with: quantum-console rotate-token <viewer|operator>`,
    );
  } else {
    lines.push(`  Tokens: from ${config.tokensPath} (rotate with: quantum-console rotate-token <name>)`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`quantum-console: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
