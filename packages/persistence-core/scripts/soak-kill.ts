// Soak: SIGKILL a process that saves every component continuously, N times (10,000 is the
// target), and check every component after each kill from a fresh process. Prints the tally.
//
//   npm run soak -w @quantum/persistence-core -- [kills=10000] [lanes=2] [maxDelayMs=120]

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring, writeKeyring } from '../src/signing/keyring.js';
import type { KillTally } from '../test/crash/kill/kill-loop.js';
import { bundleSaver, mergeTallies, runKillLoop } from '../test/crash/kill/kill-loop.js';

const kills = Number(process.argv[2] ?? 10_000);
const lanes = Number(process.argv[3] ?? 2);
const maxDelayMs = Number(process.argv[4] ?? 120);
const keep = process.env['QUANTUM_SOAK_KEEP'] === '1';

const root = await mkdtemp(join(tmpdir(), 'quantum-soak-'));
const keyringPath = join(root, 'keyring.json');
await writeKeyring(keyringPath, Keyring.generate());
const saverPath = await bundleSaver(root);
const seed = Date.now();
const progress: KillTally[] = [];
let lastPrint = 0;
console.log(`soak-kill: ${kills} kills in ${lanes} directories under ${root} (seed ${seed}, kill within ${maxDelayMs} ms of ready)`);
const perLane = Math.ceil(kills / lanes);
const tallies = await Promise.all(
  Array.from({ length: lanes }, (_, lane) =>
    runKillLoop({
      kills: perLane,
      directory: join(root, `state-${lane}`),
      keyringPath,
      saverPath,
      seed: seed + lane,
      maxDelayMs,
      onKill: (tally) => {
        progress[lane] = tally;
        const total = mergeTallies(progress.filter((t) => t !== undefined));
        if (performance.now() - lastPrint > 10_000) {
          lastPrint = performance.now();
          console.log(`  ${total.kills} kills, ${total.acknowledged} acknowledged saves, ${total.violations.length} violations`);
        }
      },
    }),
  ),
);
const total = mergeTallies(tallies);
for (const violation of total.violations.slice(0, 20)) console.log(`  VIOLATION ${violation}`);
console.log(
  `soak-kill: ${total.kills} kills survived, ${total.acknowledged} acknowledged saves, ${total.unexpectedExits} unexpected exits, ` +
    `${total.violations.length} violations, ${(total.durationMs / 1000).toFixed(0)} s (${(total.durationMs / Math.max(1, total.kills)).toFixed(0)} ms per kill)`,
);
if (!keep) await rm(root, { recursive: true, force: true });
process.exitCode = total.violations.length === 0 && total.kills >= kills ? 0 : 1;
