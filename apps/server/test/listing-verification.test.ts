// A listing verifies every generation file in one reused buffer and keeps only the reports;
// a generation is read into bytes of its own and decoded when it is opened.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { componentCodecs, nodeFileSystem } from '@quantum/persistence-core';
import { ConsoleState } from '../src/state/console-state.js';
import { ScratchFile } from '../src/state/scratch-file.js';
import type { Fixture } from './support/fixture.js';
import { createFixture } from './support/fixture.js';

let fx: Fixture | undefined;
let root: string | undefined;
afterEach(async () => {
  await fx?.close();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
  fx = undefined;
  root = undefined;
});

describe('listing verification', () => {
  it('reports every generation without keeping a decoded state; opening one decodes and caches it', async () => {
    fx = await createFixture();
    const state = new ConsoleState({ store: fx.store, codecs: componentCodecs });
    const codec = state.codec('EntryAgent');
    const listed = await state.generations(codec);
    expect(listed.map((report) => report.status)).toEqual(['valid', 'valid', 'valid', 'missing']);
    expect(state.verified.files).toBe(3);
    expect(state.cache.size).toBe(0);
    // A second listing of unchanged files reads nothing.
    await state.generations(codec);
    expect(state.verified.files).toBe(3);

    const current = await state.open(codec, 'current');
    expect(current.entry.seq).toBe(listed[0]!.seq);
    expect((current.entry.state as { qTable: { qValue: Float64Array } }).qTable.qValue.length).toBeGreaterThan(0);
    expect(state.cache.size).toBe(1);
    const backup = await state.open(codec, `seq-${listed[2]!.seq}`);
    expect(backup.entry.seq).toBe(listed[2]!.seq);
    expect(state.cache.size).toBe(2);
    // Both decoded states survive later listings, which reuse the scratch buffer.
    const before = Array.from((current.entry.state as { qTable: { qValue: Float64Array } }).qTable.qValue.subarray(0, 50));
    state.forgetVerifications();
    await state.generations(state.codec('ExitAgent'));
    await state.generations(codec);
    expect(Array.from((current.entry.state as { qTable: { qValue: Float64Array } }).qTable.qValue.subarray(0, 50))).toEqual(before);
  });

  it('still rejects a damaged file in a listing, and refuses to open it', async () => {
    fx = await createFixture();
    const state = new ConsoleState({ store: fx.store, codecs: componentCodecs });
    const codec = state.codec('ExitAgent');
    await writeFile(fx.store.pathOf(codec, 'bak'), Buffer.alloc(4096, 7));
    const listed = await state.generations(codec);
    expect(listed[1]).toMatchObject({ generation: 'bak', status: 'rejected' });
    await expect(state.open(codec, 'bak')).rejects.toMatchObject({ statusCode: 422 });
  });
});

describe('ScratchFile', () => {
  it('reads each file whole, larger and smaller ones after each other, concurrent reads one at a time', async () => {
    root = await mkdtemp(join(tmpdir(), 'qs-scratch-'));
    const files = [100_000, 3, 250_000, 0, 70_000].map((size, index) => ({ path: join(root!, `f${index}`), bytes: Buffer.alloc(size, index + 1) }));
    for (const file of files) await writeFile(file.path, file.bytes);
    const scratch = new ScratchFile();
    const seen = await Promise.all(files.map((file) => scratch.read(nodeFileSystem, file.path, (bytes) => Buffer.from(bytes))));
    seen.forEach((bytes, index) => expect(bytes.equals(files[index]!.bytes)).toBe(true));
    expect(scratch.capacity).toBeGreaterThan(250_000);
    await expect(scratch.read(nodeFileSystem, join(root, 'missing'), (bytes) => bytes.byteLength)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await scratch.read(nodeFileSystem, files[2]!.path, (bytes) => bytes.byteLength)).toBe(250_000);
  });
});
