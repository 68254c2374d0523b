// Which installations the server watches: `--installation <id>=<stateDir>[,key=<keyFile>]`,
// `--remote-installation <id>=<name in bucket>[,key=<keyFile>]` (both repeatable) and a JSON
// file (`--installations FILE`). Ids come from a closed pattern and are only ever used as
// fixed route prefixes and file-name suffixes; no request parameter ever becomes a path.
// A bad configuration is a RangeError naming the flag or file entry, as the other options are.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { INSTALLATION_ID_PATTERN } from '@quantum/api-contract';

export interface LocalInstallationConfig {
  kind: 'local';
  id: string;
  stateDirectory: string;
  keyringPath: string;
  auditLogPath: string;
}

export interface BucketInstallationConfig {
  kind: 'bucket';
  id: string;
  /** The installation's name in the bucket (`<prefix>/<name>/...`). */
  bucketInstallation: string;
  keyringPath: string;
  auditLogPath: string;
}

export type InstallationConfig = LocalInstallationConfig | BucketInstallationConfig;

export function checkInstallationId(id: string, where: string): string {
  if (!INSTALLATION_ID_PATTERN.test(id)) throw new RangeError(`${where}: installation id "${id}" must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  return id;
}

interface Defaults {
  /** Resolves a path given on the command line. */
  path: (value: string) => string;
  keyringPath: string;
  configDirectory: string;
}

/** Audit log of an installation other than the default: next to the default one, named by id. */
export const auditLogPathOf = (configDirectory: string, id: string): string => join(configDirectory, `console-audit-${id}.ndjson`);

/** `<id>=<value>[,key=<file>]`. */
function parseSpec(flag: string, spec: string, defaults: Defaults): { id: string; value: string; keyringPath: string } {
  const equals = spec.indexOf('=');
  if (equals <= 0) throw new RangeError(`${flag} ${spec}: expected <id>=<value>[,key=<key file>]`);
  const id = checkInstallationId(spec.slice(0, equals), flag);
  const [value, ...options] = spec.slice(equals + 1).split(',');
  if (value === undefined || value === '') throw new RangeError(`${flag} ${spec}: the value after ${id}= is empty`);
  let keyringPath = defaults.keyringPath;
  for (const option of options) {
    if (!option.startsWith('key=') || option.length === 4) throw new RangeError(`${flag} ${spec}: unknown option "${option}" (only key=<key file>)`);
    keyringPath = defaults.path(option.slice(4));
  }
  return { id, value, keyringPath };
}

export function installationsFromFlags(local: readonly string[], remote: readonly string[], defaults: Defaults): InstallationConfig[] {
  const found: InstallationConfig[] = [];
  for (const spec of local) {
    const { id, value, keyringPath } = parseSpec('--installation', spec, defaults);
    found.push({ kind: 'local', id, stateDirectory: defaults.path(value), keyringPath, auditLogPath: auditLogPathOf(defaults.configDirectory, id) });
  }
  for (const spec of remote) {
    const { id, value, keyringPath } = parseSpec('--remote-installation', spec, defaults);
    found.push({ kind: 'bucket', id, bucketInstallation: value, keyringPath, auditLogPath: auditLogPathOf(defaults.configDirectory, id) });
  }
  return found;
}

interface FileEntry {
  id?: unknown;
  dir?: unknown;
  bucketInstallation?: unknown;
  keyring?: unknown;
}

/**
 * `{"installations": [{"id": "desk-1", "dir": "/var/quantum/desk-1", "keyring": "..."},
 * {"id": "desk-9", "bucketInstallation": "desk-9"}]}`; relative paths are taken from the file's directory.
 */
export function installationsFromFile(file: string, defaults: Defaults): InstallationConfig[] {
  let parsed: { installations?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as { installations?: unknown };
  } catch (error) {
    throw new RangeError(`installations file ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed.installations)) throw new RangeError(`installations file ${file}: expected {"installations": [...]}`);
  const base = dirname(file);
  const relative = (value: string): string => resolve(base, value);
  return (parsed.installations as FileEntry[]).map((entry, index) => {
    const where = `installations file ${file}, entry ${index}`;
    if (typeof entry.id !== 'string') throw new RangeError(`${where}: "id" is required`);
    const id = checkInstallationId(entry.id, where);
    const keyringPath = typeof entry.keyring === 'string' ? relative(entry.keyring) : defaults.keyringPath;
    const auditLogPath = auditLogPathOf(defaults.configDirectory, id);
    if (typeof entry.dir === 'string' && entry.bucketInstallation === undefined) return { kind: 'local', id, stateDirectory: relative(entry.dir), keyringPath, auditLogPath };
    if (typeof entry.bucketInstallation === 'string' && entry.dir === undefined) return { kind: 'bucket', id, bucketInstallation: entry.bucketInstallation, keyringPath, auditLogPath };
    throw new RangeError(`${where}: give exactly one of "dir" (a local state directory) or "bucketInstallation" (a name in the bucket)`);
  });
}

/** Refuses an id twice and one state directory watched under two ids. */
export function checkDistinct(installations: readonly InstallationConfig[]): void {
  const ids = new Set<string>();
  const directories = new Map<string, string>();
  for (const installation of installations) {
    if (ids.has(installation.id)) throw new RangeError(`installation ${installation.id} is configured twice`);
    ids.add(installation.id);
    if (installation.kind !== 'local') continue;
    const other = directories.get(installation.stateDirectory);
    if (other !== undefined) throw new RangeError(`installations ${other} and ${installation.id} watch the same state directory ${installation.stateDirectory}`);
    directories.set(installation.stateDirectory, installation.id);
  }
}
