// Real SIGKILLs of a process that saves every component continuously (kill/kill-loop.ts).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring, writeKeyring } from '../../src/signing/keyring.js';
import { bundleSaver, mergeTallies, runKillLoop } from './kill/kill-loop.js';
import { tally } from './tally.js';

/** Kills in the normal test run; `npm run soak -w @quantum/persistence-core` runs any number. */
export const KILLS_PER_RUN = Number(process.env['QUANTUM_KILLS'] ?? 200);
/** Independent directories killed in parallel: a child mostly waits for node to start and for fsync. */
const LANES = 2;
/** Each kill costs a node start-up (50 ms idle, 600 ms measured on a 2-core machine at load 15). */
const KILL_TIMEOUT_MS = 10 * 60_000;

export function sigkillSuite(): void {
  describe('real process kills (SIGKILL)', () => {
    let root: string;
    let saverPath: string;
    let keyringPath: string;

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'quantum-kill-'));
      keyringPath = join(root, 'keyring.json');
      await writeKeyring(keyringPath, Keyring.generate());
      saverPath = await bundleSaver(root);
    });

    afterAll(() => rm(root, { recursive: true, force: true }));

    it(`${KILLS_PER_RUN} kills at random moments: every component loads, at or after its last acknowledged seq`, async () => {
      const seed = Date.now();
      const lanes = await Promise.all(
        Array.from({ length: LANES }, (_, lane) =>
          runKillLoop({ kills: Math.ceil(KILLS_PER_RUN / LANES), directory: join(root, `state-${lane}`), keyringPath, saverPath, seed: seed + lane }),
        ),
      );
      const result = mergeTallies(lanes);
      tally.kills += result.kills;
      tally.violations += result.violations.length;
      console.log(
        `sigkill / ${result.kills} kills survived in ${(result.durationMs / 1000).toFixed(1)} s (${LANES} directories in parallel, seed ${seed}), ` +
          `${result.acknowledged} acknowledged saves, last seqs of lane 0 ${JSON.stringify(lanes[0]?.lastAcked)}, ${result.violations.length} violations`,
      );
      expect(result.violations.slice(0, 10)).toEqual([]);
      expect(result.kills).toBeGreaterThanOrEqual(KILLS_PER_RUN);
    }, KILL_TIMEOUT_MS);
  });
}
