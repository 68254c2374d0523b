// npm run bench:repeat -- [processes=5] [sizes...]: runs bench/core/run.ts in that many processes,
// one after another, and prints per size the median and range over processes of each target ratio.
// One process's medians move with where the kernel put its threads and the files' blocks (10k
// saves ran 1.28x to 1.55x of the limit in runs minutes apart): the spread over processes is the
// figure to judge a target by, not one run.

import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

/** One size's medians from one process (run.ts, BENCH_RECORD). */
export interface SizeRecord {
  n: number;
  limit: number;
  ordered: number;
  unordered: number;
  blockingLimit: number;
  blocking: number;
  readHmac: number;
  load: number;
  loadAverage: number;
}

const RATIOS: { label: string; of: (r: SizeRecord) => number }[] = [
  { label: 'save, ordered / limit', of: (r) => r.ordered / r.limit },
  { label: 'save, unordered / limit', of: (r) => r.unordered / r.limit },
  { label: 'save, unordered / blocking floor', of: (r) => r.unordered / r.blockingLimit },
  { label: 'save, blocking calls / blocking floor', of: (r) => r.blocking / r.blockingLimit },
  { label: 'load / read+HMAC', of: (r) => r.load / r.readHmac },
];
const TARGET = 1.5;

async function main(): Promise<void> {
  const [processes = 5, ...sizes] = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const directory = await mkdtemp(join(tmpdir(), 'quantum-bench-repeat-'));
  const recordFile = join(directory, 'records.ndjson');
  const before = loadavg()[0] as number;
  try {
    for (let i = 1; i <= processes; i++) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/core/run.ts', ...sizes.map(String)], {
        env: { ...process.env, BENCH_RECORD: recordFile, BENCH_PEERS: '0' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      if (run.status !== 0) throw new Error(`bench process ${i} of ${processes} exited with ${run.status ?? run.signal}`);
      process.stderr.write(`process ${i} of ${processes} done\n`);
    }
    const records = (await readFile(recordFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as SizeRecord);
    printTable(records, processes, before);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

function printTable(records: SizeRecord[], processes: number, loadBefore: number): void {
  const sizes = [...new Set(records.map((r) => r.n))];
  console.log(`| N | ${RATIOS.map((ratio) => `${ratio.label}: median (min–max), processes <= ${TARGET}x`).join(' | ')} |`);
  console.log(`|---|${RATIOS.map(() => '---').join('|')}|`);
  for (const n of sizes) {
    const ofSize = records.filter((r) => r.n === n);
    const cells = RATIOS.map(({ of }) => {
      const values = ofSize.map(of).sort((a, b) => a - b);
      const within = values.filter((v) => v <= TARGET).length;
      return `${middle(values).toFixed(2)}x (${values[0]!.toFixed(2)}–${values.at(-1)!.toFixed(2)}), ${within}/${values.length}`;
    });
    console.log(`| ${n.toLocaleString('en-US')} | ${cells.join(' | ')} |`);
  }
  const averages = records.map((r) => r.loadAverage);
  console.log(`\n${processes} processes, one after another; each cell is over the processes' own medians (bench/core/run.ts).`);
  console.log(`Load average before: ${loadBefore.toFixed(2)}; at the end of each size: ${Math.min(...averages).toFixed(2)}–${Math.max(...averages).toFixed(2)}.`);
}

/** The median of sorted values (the mean of the middle two for an even count). */
function middle(sorted: number[]): number {
  const half = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(half)]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

await main();
