// quantum-replicate commands: run, once, status, verify, retention, restore.

import { resolve } from 'node:path';
import { Bucket } from '../bucket.js';
import { createS3Client } from '../config.js';
import { Replicator } from '../replicator.js';
import type { ReplicationEvent } from '../replication-journal.js';
import { restoreFromBucket } from '../restore.js';
import type { RestorePoint } from '../restore-plan.js';
import { DEFAULT_RETENTION } from '../retention.js';
import { describePass } from '../describe.js';
import { readReplicationStatus } from '../disk-status.js';
import { formatDiskStatus, formatRestore, formatStatus, formatVerification } from './format.js';
import type { Values } from './options.js';
import { UsageError, directoryOf, keyringOf, positiveInteger, targetOf } from './options.js';

export interface CommandContext {
  values: Values;
  print(lines: string[] | object): void;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: Record<string, { type: 'string' | 'boolean'; default?: boolean }>;
  run(context: CommandContext): Promise<number>;
}

async function openReplicator(values: Values, onEvent?: (event: ReplicationEvent) => void): Promise<Replicator> {
  return Replicator.open({
    directory: directoryOf(values),
    keyring: await keyringOf(values),
    target: targetOf(values),
    pollMs: positiveInteger(values, 'poll-ms', 250),
    verifyEveryMs: positiveInteger(values, 'verify-every-s', 600) * 1000,
    conditionalPut: values['trust-conditional-put'] === true ? 'trusted' : 'auto',
    ...(onEvent === undefined ? {} : { onEvent }),
  });
}

const run: Command = {
  name: 'run',
  usage: 'run [--poll-ms N] [--verify-every-s N]',
  summary: 'replicate until SIGINT/SIGTERM, printing each pass that did something',
  options: { 'poll-ms': { type: 'string' }, 'verify-every-s': { type: 'string' } },
  async run({ values, print }) {
    const replicator = await openReplicator(values, (event) => print([`${new Date(event.time).toISOString()} ${event.kind} ${event.outcome}: ${event.message}${event.lag === undefined ? '' : ` (lag ${event.lag.seconds.toFixed(1)} s, ${event.lag.generations} generation(s))`}`]));
    // A store that is down at start-up is retried by the loop (with backoff), not fatal.
    await replicator.bucket.ensureExists().catch((error: unknown) => print([`warning: ${error instanceof Error ? error.message : String(error)}; retrying with backoff`]));
    replicator.start();
    // A second signal while stopping (a process group and a parent both signalling) must not
    // kill the stop half-way: the listeners stay until the stop is over.
    const signalled = new Promise<void>((done) => {
      process.on('SIGINT', done);
      process.on('SIGTERM', done);
    });
    await signalled;
    await replicator.stop();
    print(formatStatus(await replicator.status()));
    return 0;
  },
};

const once: Command = {
  name: 'once',
  usage: 'once',
  summary: 'one replication pass, then print the lag',
  options: {},
  async run({ values, print }) {
    const replicator = await openReplicator(values);
    // Checks the bucket and the credentials even when there is nothing to upload.
    await replicator.bucket.ensureExists();
    const report = await replicator.runOnce();
    print(values['json'] === true ? { report, status: await replicator.status() } : [describePass(report), ...formatStatus(await replicator.status())]);
    return report.conflicts.length + report.rejected.length > 0 ? 1 : 0;
  },
};

const status: Command = {
  name: 'status',
  usage: 'status',
  summary: 'lag per component (seconds, generations, bytes pending), last pass, failure, verification, retention; from the state directory alone',
  options: {},
  async run({ values, print }) {
    const current = await readReplicationStatus(directoryOf(values));
    print(values['json'] === true ? current : formatDiskStatus(current));
    return current.lastError === undefined ? 0 : 1;
  },
};

const verify: Command = {
  name: 'verify',
  usage: 'verify [--all]',
  summary: 'restore-and-compare: download replicas, check digest and HMAC, compare with the local generation',
  options: { all: { type: 'boolean', default: false } },
  async run({ values, print }) {
    const replicator = await openReplicator(values);
    const report = await replicator.verify({ all: values['all'] === true });
    print(values['json'] === true ? report : formatVerification(report));
    return report.ok ? 0 : 1;
  },
};

const retention: Command = {
  name: 'retention',
  usage: 'retention [--keep-last N] [--hourly-days D] [--daily-days D] [--dry-run]',
  summary: 'apply the retention policy to the bucket (never the newest verified or newest good generation)',
  options: { 'keep-last': { type: 'string' }, 'hourly-days': { type: 'string' }, 'daily-days': { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  async run({ values, print }) {
    const replicator = await openReplicator(values);
    const policy = {
      keepLast: positiveInteger(values, 'keep-last', DEFAULT_RETENTION.keepLast),
      hourlyDays: positiveInteger(values, 'hourly-days', DEFAULT_RETENTION.hourlyDays),
      dailyDays: positiveInteger(values, 'daily-days', DEFAULT_RETENTION.dailyDays),
    };
    const report = await replicator.applyRetention(policy, { dryRun: values['dry-run'] === true });
    print(values['json'] === true ? report : [...report.deleted.map((key) => `${report.dryRun ? 'would delete' : 'deleted'} ${key}`), `${report.kept} kept, ${report.deleted.length} ${report.dryRun ? 'to delete' : 'deleted'}`]);
    return 0;
  },
};

const restore: Command = {
  name: 'restore',
  usage: 'restore --to DIR [--cut ID | --at ISO-TIME | --component NAME --seq N] [--replace]',
  summary: 'rebuild a state directory from the bucket (newest complete SaveAll cut by default), verified before writing',
  options: { to: { type: 'string' }, cut: { type: 'string' }, at: { type: 'string' }, component: { type: 'string' }, seq: { type: 'string' }, replace: { type: 'boolean', default: false } },
  async run({ values, print }) {
    if (typeof values['to'] !== 'string') throw new UsageError('restore needs --to DIR (a directory that does not exist or is empty)');
    const target = targetOf(values);
    const report = await restoreFromBucket({
      bucket: new Bucket(createS3Client(target), target.bucket),
      scope: target,
      keyring: await keyringOf(values),
      directory: resolve(values['to']),
      point: restorePointOf(values),
      replaceExisting: values['replace'] === true,
    });
    print(values['json'] === true ? report : formatRestore(report));
    return report.warnings.length > 0 ? 1 : 0;
  },
};

function restorePointOf(values: Values): RestorePoint {
  if (typeof values['cut'] === 'string') return { kind: 'cut', cutId: positiveInteger(values, 'cut', 0) };
  if (typeof values['at'] === 'string') {
    const at = Date.parse(values['at']);
    if (Number.isNaN(at)) throw new UsageError(`--at must be an ISO time, got ${values['at']}`);
    return { kind: 'time', at };
  }
  if (typeof values['seq'] === 'string' || typeof values['component'] === 'string') {
    if (typeof values['component'] !== 'string' || typeof values['seq'] !== 'string') throw new UsageError('--seq needs --component and the other way round');
    return { kind: 'seq', component: values['component'], seq: positiveInteger(values, 'seq', 0) };
  }
  return { kind: 'latest-cut' };
}

export const commands: readonly Command[] = [run, once, status, verify, retention, restore];
