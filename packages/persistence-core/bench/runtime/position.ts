// Position save latency (spec 10: <1 ms per tick; issue: p99 within 2x of a raw 64-byte
// pwrite + fdatasync measured in the same run). Cases are interleaved in rounds so that
// drift of the disk affects all of them alike.
//   npm run bench:position -- [iterations per round=200] [rounds=10]

import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActivePositionState } from '../../src/components/types.js';
import { Keyring } from '../../src/signing/keyring.js';
import { SaveJournal } from '../../src/runtime/journal.js';
import { PositionFile } from '../../src/runtime/position-file.js';
import { benchDir, printTable, summarize } from './stats.js';

const perRound = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 10);
const dir = await benchDir('position');
const keyring = Keyring.generate();
const payload = new Uint8Array(64).fill(7);

const rawAsync = await open(join(dir, 'raw-async.bin'), 'w+');
await rawAsync.write(new Uint8Array(4096), 0, 4096, 0);
await rawAsync.sync();
const rawSyncFd = openSync(join(dir, 'raw-sync.bin'), 'w+');
writeSync(rawSyncFd, new Uint8Array(4096), 0, 4096, 0);
fdatasyncSync(rawSyncFd);

const plainDir = join(dir, 'plain');
const journalDir = join(dir, 'journaled');
await Promise.all([plainDir, journalDir].map((d) => import('node:fs/promises').then((m) => m.mkdir(d))));
const plain = new PositionFile({ directory: plainDir, keyring });
const journal = new SaveJournal({ directory: journalDir });
const journaled = new PositionFile({ directory: journalDir, keyring, journal });

let n = 0;
const position = (): ActivePositionState => ({ ticket: 123456789, entryPrice: 1.0842, mfe: n * 1e-5, mae: -n * 1e-5, barsHeld: n, regimeAtEntry: 2, time: Date.now() });
await plain.save(position());
await journaled.save(position());

const samples: Record<string, number[]> = { rawAsync: [], rawSync: [], plain: [], journaled: [] };
const cases: [string, () => Promise<unknown> | void][] = [
  ['rawAsync', async () => { await rawAsync.write(payload, 0, 64, 0); await rawAsync.datasync(); }],
  ['rawSync', () => { writeSync(rawSyncFd, payload, 0, 64, 0); fdatasyncSync(rawSyncFd); }],
  ['plain', () => plain.save(position())],
  ['journaled', () => journaled.save(position())],
];
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of cases) {
    for (let i = 0; i < perRound; i++) {
      n++;
      const started = performance.now();
      await run();
      samples[name]!.push(performance.now() - started);
    }
  }
}

const baseline = summarize('raw 64 B pwrite + fdatasync (fs/promises)', samples['rawAsync']!);
console.log(`position save, ${rounds} rounds x ${perRound}, dir ${dir}`);
printTable(
  [
    baseline,
    summarize('raw 64 B pwrite + fdatasync (sync syscalls)', samples['rawSync']!),
    summarize('PositionFile.save (sign + pwrite + fdatasync)', samples['plain']!),
    summarize('PositionFile.save + journal line', samples['journaled']!),
  ],
  baseline,
);
await plain.close();
await journaled.close();
await journal.close();
await rawAsync.close();
closeSync(rawSyncFd);
await rm(dir, { recursive: true, force: true });
