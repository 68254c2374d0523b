import { execFile } from 'node:child_process';
import { appendFile, readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { JOURNAL_FILE, SaveJournal } from '../../src/runtime/journal.js';
import { followJournal, readJournal } from '../../src/runtime/journal-reader.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();

const saveEntry = (seq: number) => ({ kind: 'save' as const, component: 'EntryAgent', seq, bytes: 100, outcome: 'ok' as const, durationMs: 1.5, phases: { write: 1, fsync: 0.5 } });

describe('save journal', () => {
  it('appends entries that a reader returns in order, and resumes after a position', async () => {
    const dir = await tempDir();
    const journal = new SaveJournal({ directory: dir });
    for (let seq = 1; seq <= 5; seq++) await journal.append(saveEntry(seq));
    const all = await readJournal(dir);
    expect(all.entries.map((e) => e.entry.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(all.entries[0]!.entry.pid).toBe(process.pid);
    const positions = all.entries.map((e) => e.position);
    expect([...positions].sort()).toEqual(positions);
    const rest = await readJournal(dir, { after: positions[1]! });
    expect(rest.entries.map((e) => e.entry.seq)).toEqual([3, 4, 5]);
    const limited = await readJournal(dir, { after: positions[1]!, limit: 2 });
    expect(limited.entries.map((e) => e.entry.seq)).toEqual([3, 4]);
    expect(limited.position).toBe(positions[3]);
    await journal.close();
  });

  it('rotates at maxBytes, keeps one older segment, and positions stay ordered across rotation', async () => {
    const dir = await tempDir();
    const journal = new SaveJournal({ directory: dir, maxBytes: 1000 });
    const seen: string[] = [];
    let resumeAt: string | undefined;
    for (let seq = 1; seq <= 30; seq++) {
      await journal.append(saveEntry(seq));
      const page = await readJournal(dir, resumeAt === undefined ? {} : { after: resumeAt });
      seen.push(...page.entries.map((e) => e.position));
      resumeAt = page.position;
      expect(page.entries.map((e) => e.entry.seq)).toEqual([seq]);
    }
    expect([...seen].sort()).toEqual(seen);
    const kept = await readJournal(dir);
    const seqs = kept.entries.map((e) => e.entry.seq!);
    expect(seqs.at(-1)).toBe(30);
    expect(seqs.length).toBeLessThan(30);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => 31 - seqs.length + i));
    await journal.close();
  });

  it('starts over when the journal was deleted and begun again', async () => {
    const dir = await tempDir();
    const journal = new SaveJournal({ directory: dir, maxBytes: 300 });
    for (let seq = 1; seq <= 6; seq++) await journal.append(saveEntry(seq));
    await journal.close();
    const { position } = await readJournal(dir);
    await rm(`${dir}/${JOURNAL_FILE}`);
    await rm(`${dir}/${JOURNAL_FILE}.1`);
    const again = new SaveJournal({ directory: dir });
    await again.append(saveEntry(100));
    await again.close();
    expect((await readJournal(dir, { after: position! })).entries.map((e) => e.entry.seq)).toEqual([100]);
  });

  it('skips a torn last line until it is complete and counts garbage lines', async () => {
    const dir = await tempDir();
    const journal = new SaveJournal({ directory: dir });
    await journal.append(saveEntry(1));
    await appendFile(`${dir}/${JOURNAL_FILE}`, 'not json\n{"kind":"save","time":');
    const page = await readJournal(dir);
    expect(page.entries.map((e) => e.entry.seq)).toEqual([1]);
    expect(page.skippedLines).toBe(1);
    await journal.close();
  });

  it('keeps every line under 4 KiB, cutting long errors, and never writes a key', async () => {
    const dir = await tempDir();
    const journal = new SaveJournal({ directory: dir });
    await journal.append({ ...saveEntry(1), outcome: 'failed', error: 'x'.repeat(10_000) });
    const lines = (await readFile(`${dir}/${JOURNAL_FILE}`, 'utf8')).trim().split('\n');
    expect(Math.max(...lines.map((line) => Buffer.byteLength(line)))).toBeLessThan(4096);
    const page = await readJournal(dir);
    expect(page.entries[0]!.entry.error!.length).toBeLessThanOrEqual(1000);
    await journal.close();
  });

  it('follows new entries as another writer appends them', async () => {
    const dir = await tempDir();
    const journal = new SaveJournal({ directory: dir });
    await journal.append(saveEntry(1));
    const controller = new AbortController();
    const got: number[] = [];
    const follower = (async () => {
      for await (const { entry } of followJournal(dir, { intervalMs: 10, signal: controller.signal })) {
        got.push(entry.seq!);
        if (got.length === 3) controller.abort();
      }
    })();
    await journal.append(saveEntry(2));
    await journal.append(saveEntry(3));
    await follower;
    expect(got).toEqual([1, 2, 3]);
    await journal.close();
  });

  it('takes lines from several processes at once, across rotations, without a torn line', async () => {
    const dir = await tempDir();
    const writer = fileURLToPath(new URL('./fixtures/journal-writer.ts', import.meta.url));
    const run = (name: string) => promisify(execFile)(process.execPath, ['--import', 'tsx', writer, dir, name, '300', '100000']);
    await Promise.all([run('a'), run('b'), run('c')]);
    const raw = [await readFile(`${dir}/${JOURNAL_FILE}.1`, 'utf8').catch(() => ''), await readFile(`${dir}/${JOURNAL_FILE}`, 'utf8')].join('');
    for (const line of raw.split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
    const page = await readJournal(dir);
    expect(page.skippedLines).toBe(0);
    // ~170 KB of lines: one rotation at 100 KB, and both segments are kept.
    expect(new Set(page.entries.map((e) => e.position.slice(0, 8)))).toEqual(new Set(['00000000', '00000001']));
    for (const name of ['a', 'b', 'c']) {
      const seqs = page.entries.filter((e) => e.entry.component === `writer-${name}`).map((e) => e.entry.seq!);
      expect(seqs).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    }
  });
});
