// Command-line options shared by every command, and how they become a target and a keyring.

import { resolve } from 'node:path';
import type { Keyring } from '@quantum/persistence-core';
import { defaultKeyringPath, readKeyring } from '@quantum/persistence-core';
import type { ReplicationTarget } from '../config.js';
import { targetFromEnv } from '../config.js';

export const SHARED_OPTIONS = {
  dir: { type: 'string', short: 'd' },
  keyring: { type: 'string', short: 'k' },
  bucket: { type: 'string' },
  prefix: { type: 'string' },
  installation: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'trust-conditional-put': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export type Values = Record<string, string | boolean | undefined>;

export function targetOf(values: Values): ReplicationTarget {
  const pick = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const overrides: Partial<ReplicationTarget> = {};
  for (const name of ['bucket', 'prefix', 'installation', 'endpoint', 'region'] as const) {
    const value = pick(name);
    if (value !== undefined) overrides[name] = value;
  }
  return targetFromEnv(process.env, overrides);
}

export function directoryOf(values: Values): string {
  return resolve(typeof values['dir'] === 'string' ? values['dir'] : (process.env['QUANTUM_STATE_DIR'] ?? 'state'));
}

/** Reads the keyring; never creates one (a replicator or a restore with a new key would be useless). */
export function keyringOf(values: Values): Promise<Keyring> {
  return readKeyring(resolve(typeof values['keyring'] === 'string' ? values['keyring'] : defaultKeyringPath()));
}

export function positiveInteger(values: Values, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(value) || value < 0) throw new UsageError(`--${name} must be a whole number >= 0, got ${String(raw)}`);
  return value;
}

export class UsageError extends Error {
  override name = 'UsageError';
}
