// Server configuration from flags and environment variables (flags win). Relative paths are
// taken from the directory npm was started in (INIT_CWD), so `npm start` at the root and in
// apps/server mean the same thing.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultKeyringPath } from '@quantum/persistence-core';
import type { InstallationConfig } from './installations/config.js';
import { checkDistinct, installationsFromFile, installationsFromFlags } from './installations/config.js';
import type { CpuPolicy } from './state/console-priority.js';

export interface ServerConfig {
  host: string;
  port: number;
  /** Start the demo agent as a child process writing `stateDirectory`. */
  demo: boolean;
  stateDirectory: string;
  keyringPath: string;
  /** Holds console-tokens.json and console-audit.ndjson; outside the state directory. */
  configDirectory: string;
  tokensPath: string;
  auditLogPath: string;
  webRoot: string;
  requestsPerMinute: number;
  cacheBytes: number;
  logLevel: string;
  /** CPU niceness of the console process, so browsing never slows the agent's saves. */
  nice: number;
  /** 'idle': the console also runs as SCHED_IDLE (Linux, util-linux chrt), preempted at once when the agent wakes. */
  cpuPolicy: CpuPolicy;
  /** Every installation watched, the default (served under /api) first. */
  installations: InstallationConfig[];
  /** Where bucket installations are materialized (one private subdirectory each). */
  mirrorDirectory: string;
  mirrorRefreshMs: number;
}

export const USAGE = `usage: quantum-console [options]            start the console (and the demo agent)
       quantum-console rotate-token <name> [--role viewer|operator]   replace a token, print it once

options (environment variable in brackets):
  --host HOST          listen address, default 127.0.0.1            [QUANTUM_CONSOLE_HOST]
  --port PORT          listen port, default 4317 (0: any free port) [QUANTUM_CONSOLE_PORT]
  --dir DIR            state directory to watch                     [QUANTUM_STATE_DIR]
  --keyring FILE       key file of that directory                   [QUANTUM_KEYRING]
  --demo / --no-demo   run the demo agent; default on unless --dir is given [QUANTUM_CONSOLE_DEMO=1|0]
  --config-dir DIR     tokens and audit log, default: the key file's directory [QUANTUM_CONSOLE_CONFIG_DIR]
  --tokens FILE        token file, default CONFIG_DIR/console-tokens.json [QUANTUM_CONSOLE_TOKENS]
  --web-root DIR       built web app, default apps/web/dist         [QUANTUM_CONSOLE_WEB_ROOT]
  --rate-limit N       requests per minute per client, default 1200 [QUANTUM_CONSOLE_RATE_LIMIT]
  --cache-mb N         memory for decoded generations, default 1024 [QUANTUM_CONSOLE_CACHE_MB]
  --log-level LEVEL    pino level, default info                     [QUANTUM_CONSOLE_LOG_LEVEL]
  --nice N             CPU niceness of the console (0..19), default 10, set after the demo agent starts [QUANTUM_CONSOLE_NICE]
  --cpu-policy P       idle (default: SCHED_IDLE, runs only on CPU time nothing else wants;
                       falls back to nice where chrt or Linux is missing) or nice [QUANTUM_CONSOLE_CPU_POLICY]

many installations (the default one is served under /api, each one under /api/installations/<id>):
  --installation ID=DIR[,key=FILE]          also watch this state directory (repeatable); without --dir
                                            and the demo, the first one is the default
  --remote-installation ID=NAME[,key=FILE]  serve installation NAME of the replication bucket read-only
                                            (repeatable; bucket from QUANTUM_S3_BUCKET/_PREFIX/_ENDPOINT
                                            and the AWS credential chain)
  --installations FILE  JSON {"installations": [{"id", "dir" | "bucketInstallation", "keyring"?}]} [QUANTUM_CONSOLE_INSTALLATIONS]
  --mirror-dir DIR      copies of bucket installations, default CONFIG_DIR/mirrors [QUANTUM_CONSOLE_MIRROR_DIR]
  --mirror-refresh S    seconds between refreshes of those copies, default 60 [QUANTUM_CONSOLE_MIRROR_REFRESH_S]
  ids: 1-64 letters, digits, '.', '_', '-'; the key file defaults to --keyring's

replication (environment only; apps/server/README.md, "Off-site replication"):
  QUANTUM_S3_BUCKET    enables the replication status, its /metrics gauges and restores from the bucket;
                       with the demo agent, the server also runs a replicator on the demo's directory
  QUANTUM_S3_PREFIX (quantum), QUANTUM_S3_ENDPOINT (non-AWS stores), AWS_REGION (us-east-1),
  QUANTUM_INSTALLATION (default: the name in the replicator's cursor; "demo" for the demo's replicator);
  credentials: the AWS default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, roles)`;

const here = dirname(fileURLToPath(import.meta.url));

export function parseConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): { config: ServerConfig; positionals: string[]; values: Record<string, unknown> } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    allowNegative: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      dir: { type: 'string' },
      keyring: { type: 'string' },
      demo: { type: 'boolean' },
      'config-dir': { type: 'string' },
      tokens: { type: 'string' },
      'web-root': { type: 'string' },
      'rate-limit': { type: 'string' },
      'cache-mb': { type: 'string' },
      'log-level': { type: 'string' },
      nice: { type: 'string' },
      'cpu-policy': { type: 'string' },
      installation: { type: 'string', multiple: true },
      'remote-installation': { type: 'string', multiple: true },
      installations: { type: 'string' },
      'mirror-dir': { type: 'string' },
      'mirror-refresh': { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const base = env['INIT_CWD'] ?? process.cwd();
  const path = (value: string): string => resolve(base, value);
  const explicitDir = values.dir ?? env['QUANTUM_STATE_DIR'];
  const demoEnv = env['QUANTUM_CONSOLE_DEMO'];
  const installationsFile = values.installations ?? env['QUANTUM_CONSOLE_INSTALLATIONS'];
  const namedOthers = (values.installation ?? []).length + (values['remote-installation'] ?? []).length > 0 || installationsFile !== undefined;
  const demo = values.demo ?? (demoEnv === undefined ? explicitDir === undefined && !namedOthers : demoEnv === '1' || demoEnv === 'true');
  // The demo keeps everything in ./.quantum so it never touches a real installation.
  const demoHome = path('.quantum');
  const stateDirectory = explicitDir !== undefined ? path(explicitDir) : join(demoHome, 'state');
  const keyringValue = values.keyring ?? env['QUANTUM_KEYRING'];
  const keyringPath = keyringValue !== undefined ? path(keyringValue) : demo ? join(demoHome, 'keyring.json') : defaultKeyringPath();
  const configValue = values['config-dir'] ?? env['QUANTUM_CONSOLE_CONFIG_DIR'];
  const configDirectory = configValue !== undefined ? path(configValue) : dirname(keyringPath);
  const tokensValue = values.tokens ?? env['QUANTUM_CONSOLE_TOKENS'];
  const number = (name: string, value: string | undefined, fallback: number, min: number, max: number): number => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
    return parsed;
  };
  const webRootValue = values['web-root'] ?? env['QUANTUM_CONSOLE_WEB_ROOT'];
  const auditLogPath = join(configDirectory, 'console-audit.ndjson');
  const defaults = { path, keyringPath, configDirectory };
  const named = [...installationsFromFlags(values.installation ?? [], values['remote-installation'] ?? [], defaults), ...(installationsFile !== undefined ? installationsFromFile(path(installationsFile), defaults) : [])];
  // --dir or the demo is the default installation, as it always was; otherwise the first named one.
  const primary: InstallationConfig[] = demo || explicitDir !== undefined || named.length === 0 ? [{ kind: 'local', id: demo ? 'demo' : 'default', stateDirectory, keyringPath, auditLogPath }] : [];
  const installations = [...primary, ...named];
  checkDistinct(installations);
  const first = installations[0] as InstallationConfig;
  const config: ServerConfig = {
    host: values.host ?? env['QUANTUM_CONSOLE_HOST'] ?? '127.0.0.1',
    port: number('port', values.port ?? env['QUANTUM_CONSOLE_PORT'], 4317, 0, 65535),
    demo,
    stateDirectory: first.kind === 'local' ? first.stateDirectory : stateDirectory,
    keyringPath: first.keyringPath,
    configDirectory,
    tokensPath: tokensValue !== undefined ? path(tokensValue) : join(configDirectory, 'console-tokens.json'),
    auditLogPath: first.auditLogPath,
    webRoot: webRootValue !== undefined ? path(webRootValue) : resolve(here, '../../web/dist'),
    requestsPerMinute: number('rate-limit', values['rate-limit'] ?? env['QUANTUM_CONSOLE_RATE_LIMIT'], 1200, 1, 10_000_000),
    cacheBytes: number('cache-mb', values['cache-mb'] ?? env['QUANTUM_CONSOLE_CACHE_MB'], 1024, 16, 65536) * 1024 * 1024,
    logLevel: values['log-level'] ?? env['QUANTUM_CONSOLE_LOG_LEVEL'] ?? 'info',
    nice: number('nice', values.nice ?? env['QUANTUM_CONSOLE_NICE'], 10, 0, 19),
    cpuPolicy: cpuPolicy(values['cpu-policy'] ?? env['QUANTUM_CONSOLE_CPU_POLICY']),
    installations,
    mirrorDirectory: path(values['mirror-dir'] ?? env['QUANTUM_CONSOLE_MIRROR_DIR'] ?? join(configDirectory, 'mirrors')),
    mirrorRefreshMs: number('mirror-refresh', values['mirror-refresh'] ?? env['QUANTUM_CONSOLE_MIRROR_REFRESH_S'], 60, 5, 86_400) * 1000,
  };
  return { config, positionals, values };
}

function cpuPolicy(value: string | undefined): CpuPolicy {
  if (value === undefined) return 'idle';
  if (value !== 'idle' && value !== 'nice') throw new RangeError(`cpu-policy must be idle or nice, got ${value}`);
  return value;
}
