import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { CorruptFileError, isDiskFullError, isNewerVersionError, isWrongKeyError } from '../../src/errors.js';
import { sealFile } from '../../src/format/container.js';
import { SectionWriter } from '../../src/format/sections.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { TempStateDir } from './temp-state-dir.js';
import { entryState, tempStateDir } from './temp-state-dir.js';

let dir: TempStateDir;
afterEach(() => dir.cleanup());

const current = () => join(dir.directory, entryAgentCodec.fileName);

async function saveMarkers(...markers: number[]): Promise<void> {
  for (const marker of markers) await dir.store.save(entryAgentCodec, entryState(marker));
}

describe('load and recovery', () => {
  it('loads the current generation with an ok report', async () => {
    dir = await tempStateDir();
    await saveMarkers(1, 2);
    const { state, report } = await dir.store.load(entryAgentCodec);
    expect(state.totalUpdates).toBe(2);
    expect(report).toMatchObject({ level: 'ok', used: 'current', quarantined: [] });
    expect(report.generations.map((g) => g.status)).toEqual(['valid', 'unchecked', 'missing', 'missing']);
  });

  it('falls back to .bak when current is corrupted, says why, and quarantines it', async () => {
    dir = await tempStateDir();
    await saveMarkers(1, 2, 3);
    const bytes = await readFile(current());
    bytes[bytes.length - 50]! ^= 0x01;
    await writeFile(current(), bytes);
    const { state, report } = await dir.store.load(entryAgentCodec);
    expect(state.totalUpdates).toBe(2);
    expect(report.level).toBe('warning');
    expect(report.used).toBe('bak');
    expect(report.generations[0]).toMatchObject({ generation: 'current', status: 'rejected', reason: 'hmac-mismatch' });
    expect(report.quarantined).toHaveLength(1);
    const quarantined = await readdir(join(dir.directory, 'quarantine'));
    expect(quarantined[0]).toMatch(/^ProjectQuantum_EntryAgent\.dat\..*\.hmac-mismatch$/);
    expect(await readFile(join(dir.directory, 'quarantine', quarantined[0]!))).toEqual(bytes);
    // The next save fills the hole left by the quarantined file: nothing good is pushed out.
    await saveMarkers(4);
    expect((await dir.store.inspect(entryAgentCodec)).map((g) => g.seq)).toEqual([4, 2, 1, undefined]);
  });

  it('reports every generation and starts fresh when none is usable, keeping the files', async () => {
    dir = await tempStateDir();
    await saveMarkers(1, 2);
    await writeFile(current(), 'CORRUPTED');
    await writeFile(`${current()}.bak`, '');
    const { state, report } = await dir.store.load(entryAgentCodec);
    expect(state.totalUpdates).toBe(0);
    expect(report.level).toBe('error');
    expect(report.used).toBeNull();
    expect(report.generations.map((g) => g.reason)).toEqual(['bad-magic', 'empty', 'missing', 'missing']);
    expect((await readdir(join(dir.directory, 'quarantine'))).length).toBe(2);
  });

  it('tells a wrong key from a corrupted file', async () => {
    dir = await tempStateDir();
    await saveMarkers(1);
    const other = await StateDirectory.open({ directory: dir.directory, keyring: Keyring.generate(), reserveBytes: 0 });
    const wrongKey = await other.read(entryAgentCodec, 'current').catch((error: unknown) => error);
    expect(isWrongKeyError(wrongKey)).toBe(true);
    expect((wrongKey as Error).message).toContain(dir.keyring.active.fingerprintHex);
    const bytes = await readFile(current());
    bytes[100]! ^= 0x04;
    await writeFile(current(), bytes);
    const corrupt = await dir.store.read(entryAgentCodec, 'current').catch((error: unknown) => error);
    expect(corrupt).toBeInstanceOf(CorruptFileError);
    expect(corrupt).toMatchObject({ reason: 'hmac-mismatch' });
  });

  it('verifies files signed by an older key after rotation and signs with the new one', async () => {
    dir = await tempStateDir();
    await saveMarkers(1);
    const rotated = dir.keyring.rotated();
    const store = await StateDirectory.open({ directory: dir.directory, keyring: rotated, reserveBytes: 0 });
    expect((await store.load(entryAgentCodec)).state.totalUpdates).toBe(1);
    await store.save(entryAgentCodec, entryState(2));
    const reports = await store.inspect(entryAgentCodec);
    expect(reports.map((g) => g.keyFingerprint)).toEqual([rotated.active.fingerprintHex, dir.keyring.active.fingerprintHex, undefined, undefined]);
  });

  it('refuses a file from a newer schema with a clear message instead of misreading it', async () => {
    dir = await tempStateDir();
    const writer = new SectionWriter();
    entryAgentCodec.encode(entryState(1), writer);
    await writeFile(current(), sealFile({ componentKind: entryAgentCodec.kind, schemaVersion: 99, seq: 1, savedAt: 0, sections: writer.sections }, dir.keyring.active));
    const error = await dir.store.read(entryAgentCodec, 'current').catch((e: unknown) => e);
    expect(isNewerVersionError(error)).toBe(true);
    expect((error as Error).message).toMatch(/schema version 99 is newer than this build supports \(1\)/);
    const { report } = await dir.store.load(entryAgentCodec);
    expect(report.generations[0]).toMatchObject({ reason: 'newer-schema' });
  });

  it('rejects a file of another component under this name', async () => {
    dir = await tempStateDir();
    const writer = new SectionWriter();
    entryAgentCodec.encode(entryState(1), writer);
    await writeFile(current(), sealFile({ componentKind: 3, schemaVersion: 1, seq: 1, savedAt: 0, sections: writer.sections }, dir.keyring.active));
    expect(await dir.store.read(entryAgentCodec, 'current').catch((e: unknown) => e)).toMatchObject({ reason: 'wrong-component' });
  });

  it('detects every truncation length and every single-bit flip of a small file', async () => {
    dir = await tempStateDir();
    await saveMarkers(1);
    const bytes = new Uint8Array(await readFile(current()));
    const reasons = new Set<string>();
    for (let length = 0; length < bytes.length; length++) {
      const error = await readBytes(bytes.slice(0, length));
      expect(error, `truncated to ${length}`).toBeInstanceOf(CorruptFileError);
      reasons.add((error as CorruptFileError).reason);
    }
    let flips = 0;
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = bytes.slice();
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      const error = await readBytes(flipped);
      expect(error, `bit ${bit} flipped`).toBeInstanceOf(Error);
      flips++;
    }
    expect(flips).toBe(bytes.length * 8);
    expect([...reasons].sort()).toEqual(['bad-magic', 'empty', 'truncated']);
  });

  it('a save that would eat into the reserve fails with DiskFullError and changes nothing', async () => {
    dir = await tempStateDir();
    await saveMarkers(1);
    const before = await readdir(dir.directory);
    const tight = await StateDirectory.open({ directory: dir.directory, keyring: dir.keyring, reserveBytes: 2 ** 52 });
    const error = await tight.save(entryAgentCodec, entryState(2)).catch((e: unknown) => e);
    expect(isDiskFullError(error)).toBe(true);
    expect((error as Error).message).toMatch(/bytes free, the save needs \d+ plus the \d+-byte reserve/);
    expect(await readdir(dir.directory)).toEqual(before);
    expect((await dir.store.read(entryAgentCodec, 'current')).state.totalUpdates).toBe(1);
  });

  it('restore makes an older generation current and keeps the present one as .bak', async () => {
    dir = await tempStateDir();
    await saveMarkers(1, 2, 3);
    const result = await dir.store.restore(entryAgentCodec, 'bak1');
    expect(result).toMatchObject({ restoredFrom: 'bak1', restoredSeq: 1, seq: 4 });
    const reports = await dir.store.inspect(entryAgentCodec);
    expect(reports.map((g) => g.seq)).toEqual([4, 3, 2, 1]);
    expect((await dir.store.read(entryAgentCodec, 'current')).state.totalUpdates).toBe(1);
    expect((await dir.store.read(entryAgentCodec, 'bak')).state.totalUpdates).toBe(3);
  });

  it('restore with the seq the operator saw follows it when a save rotated it one name older, and refuses once it is gone', async () => {
    dir = await tempStateDir();
    await saveMarkers(1, 2, 3); // current 3, bak 2, bak1 1
    await saveMarkers(4); // the agent saves between the operator's look and the restore: seq 1 is now bak2
    const followed = await dir.store.restore(entryAgentCodec, 'bak1', { expectedSeq: 1 });
    expect(followed).toMatchObject({ restoredFrom: 'bak2', restoredSeq: 1, seq: 5 });
    expect((await dir.store.read(entryAgentCodec, 'current')).state.totalUpdates).toBe(1);
    // Seq 2 is bak2 now; one more save pushes it out of the chain, and nothing older holds it.
    await saveMarkers(6);
    await expect(dir.store.restore(entryAgentCodec, 'bak1', { expectedSeq: 2 })).rejects.toMatchObject({ name: 'ConflictError', expectedSeq: 2 });
  });

  it('a writer holding a stale seq gets a ConflictError instead of overwriting a restore', async () => {
    dir = await tempStateDir();
    await saveMarkers(1, 2);
    await dir.store.restore(entryAgentCodec, 'bak');
    await expect(dir.store.save(entryAgentCodec, entryState(9), { expectedSeq: 2 })).rejects.toMatchObject({ name: 'ConflictError', foundSeq: 3 });
    expect((await dir.store.save(entryAgentCodec, entryState(9), { expectedSeq: 3 })).seq).toBe(4);
  });
});

async function readBytes(bytes: Uint8Array): Promise<unknown> {
  await writeFile(current(), bytes);
  return dir.store.read(entryAgentCodec, 'current').then(
    () => undefined,
    (error: unknown) => error,
  );
}
