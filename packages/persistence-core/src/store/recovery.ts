// Load with recovery (spec 4.1, NOTES 6): current -> .bak -> .bak1 -> .bak2, each read once,
// verified and decoded; failures are quarantined and reported, never deleted.

import type { ComponentCodec } from '../components/codec.js';
import { rejectReasonOf } from '../errors.js';
import type { FileStat, FileSystem } from '../fs/file-system.js';
import type { Keyring } from '../signing/keyring.js';
import type { DecodedGeneration } from './generation-reader.js';
import { decodeGeneration, readAndDecode, readHeaderOnly } from './generation-reader.js';
import type { GenerationName } from './generations.js';
import { GENERATIONS, generationFile, generationPath } from './generations.js';
import type { QuarantinedFile } from './quarantine.js';
import { quarantine } from './quarantine.js';
import type { GenerationReport, LoadResult, RecoveryReport } from './reports.js';
import { headerFields } from './reports.js';
import type { VerifiedFiles } from './verified-files.js';

interface ReadContext {
  fs: FileSystem;
  directory: string;
  keyring: Keyring;
}

interface LoadContext extends ReadContext {
  now: number;
  verified: VerifiedFiles;
  /** Runs `action` holding the component lock: loading reads lock-free and locks only to quarantine. */
  underLock<T>(action: () => Promise<T>): Promise<T>;
}

type Examined<S> = { report: GenerationReport; decoded?: DecodedGeneration<S>; stat?: FileStat };

async function examine<S>(codec: ComponentCodec<S>, generation: GenerationName, context: ReadContext): Promise<Examined<S>> {
  const path = generationPath(context.directory, codec, generation);
  const file = generationFile(codec.fileName, generation);
  const read = await readAndDecode(context.fs, path, (bytes) => decodeGeneration(codec, bytes, context.keyring, path));
  if (read === undefined) return { report: { generation, file, status: 'missing', reason: 'missing' } };
  const { bytes, stat } = read;
  if ('error' in read) {
    const { error } = read;
    return { report: { generation, file, status: 'rejected', reason: rejectReasonOf(error), message: error.message, sizeBytes: bytes.byteLength } };
  }
  const { decoded } = read;
  return { report: { generation, file, status: 'valid', sizeBytes: bytes.byteLength, ...headerFields(decoded.header, codec.schemaVersion) }, decoded, ...(stat === undefined ? {} : { stat }) };
}

/** Verifies every generation without changing anything. */
export async function inspectGenerations<S>(codec: ComponentCodec<S>, context: ReadContext): Promise<GenerationReport[]> {
  const reports: GenerationReport[] = [];
  for (const generation of GENERATIONS) reports.push((await examine(codec, generation, context)).report);
  return reports;
}

export async function loadWithRecovery<S>(codec: ComponentCodec<S>, context: LoadContext): Promise<LoadResult<S>> {
  const generations: GenerationReport[] = [];
  const quarantined: QuarantinedFile[] = [];
  let used: { generation: GenerationName; decoded: DecodedGeneration<S> } | undefined;
  // The older generations' identities, asked for together now: those the load does not need are
  // listed from what is known of them. The one loaded is remembered by the stat of the file read.
  const stats = GENERATIONS.map((generation, i) => (i === 0 ? Promise.resolve(undefined) : context.fs.stat(generationPath(context.directory, codec, generation))));
  for (const stat of stats) stat.catch(() => undefined);
  let next = 0;
  for (; next < GENERATIONS.length && used === undefined; next++) {
    const generation = GENERATIONS[next] as GenerationName;
    const path = generationPath(context.directory, codec, generation);
    const { report, decoded, stat } = await examine(codec, generation, context);
    generations.push(report);
    if (decoded !== undefined) {
      used = { generation, decoded };
      if (stat !== undefined) context.verified.rememberStat(stat, decoded.header.seq, decoded.header);
    } else if (report.status === 'rejected') {
      const moved = await context.underLock(async () => {
        // A concurrent save may have replaced the file since it was read: quarantine only if still bad.
        const again = await examine(codec, generation, context);
        return again.report.status === 'rejected' ? quarantine(context.fs, context.directory, path, again.report.reason ?? 'io-error', context.now) : undefined;
      });
      if (moved !== undefined) quarantined.push(moved);
    }
  }
  // Newer valid state found: only the headers of the rest (read together), for the listing and rollback detection.
  generations.push(...(await Promise.all(GENERATIONS.slice(next).map(async (generation, i) => headerReport(codec, generation, context, await stats[next + i])))));
  return used === undefined
    ? { state: codec.fresh(), report: failedReport(codec, generations, quarantined) }
    : { state: used.decoded.state, header: used.decoded.header, report: usedReport(codec, used.generation, used.decoded, generations, quarantined) };
}

async function headerReport(codec: ComponentCodec<unknown>, generation: GenerationName, context: LoadContext, stat: FileStat | undefined): Promise<GenerationReport> {
  const path = generationPath(context.directory, codec, generation);
  const file = generationFile(codec.fileName, generation);
  if (stat === undefined) return { generation, file, status: 'missing', reason: 'missing' };
  const known = context.verified.known(stat)?.header;
  const header = known ?? (await readHeaderOnly(context.fs, path));
  if (header !== undefined) return { generation, file, status: 'unchecked', ...headerFields(header, codec.schemaVersion) };
  return (await context.fs.stat(path)) === undefined ? { generation, file, status: 'missing', reason: 'missing' } : { generation, file, status: 'unchecked' };
}

function failedReport(codec: ComponentCodec<unknown>, generations: GenerationReport[], quarantined: QuarantinedFile[]): RecoveryReport {
  const anyFile = generations.some((report) => report.status !== 'missing');
  return {
    component: codec.name,
    level: anyFile ? 'error' : 'ok',
    used: null,
    generations,
    quarantined,
    message: anyFile
      ? `no usable generation of ${codec.name}: starting fresh; the rejected files are in quarantine/`
      : `no saved state of ${codec.name} yet: starting fresh`,
  };
}

function usedReport<S>(
  codec: ComponentCodec<S>,
  generation: GenerationName,
  decoded: DecodedGeneration<S>,
  generations: GenerationReport[],
  quarantined: QuarantinedFile[],
): RecoveryReport {
  const notes: string[] = [];
  if (generation !== 'current') notes.push(`recovered from ${generation} (seq ${decoded.header.seq})`);
  if (decoded.migratedFrom !== undefined) notes.push(`migrated from schema v${decoded.migratedFrom} to v${codec.schemaVersion}`);
  const newer = generations.find((report) => report.seq !== undefined && report.seq > decoded.header.seq && report.generation !== generation);
  if (newer !== undefined) notes.push(`rollback suspected: ${newer.generation} has seq ${newer.seq}, newer than the loaded seq ${decoded.header.seq}`);
  return {
    component: codec.name,
    level: notes.length === 0 ? 'ok' : 'warning',
    used: generation,
    generations,
    quarantined,
    ...(decoded.migratedFrom !== undefined ? { migratedFrom: decoded.migratedFrom } : {}),
    message: notes.length === 0 ? `loaded ${codec.name} seq ${decoded.header.seq}` : `loaded ${codec.name}: ${notes.join('; ')}`,
  };
}
