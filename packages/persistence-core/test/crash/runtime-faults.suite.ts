// ENOSPC and EIO at every faultable call of the runtime writers' saves, on real files: the
// position tick (write + fdatasync) and the delta append. The failed save must reject, and a
// fresh process must find the last acknowledged state, or the failed one if its bytes reached
// the file before the fsync failed (never reported saved, never anything older).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { activePositionCodec } from '../../src/components/active-position.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { ActivePositionState } from '../../src/components/types.js';
import { nodeFileSystem } from '../../src/fs/node-file-system.js';
import { Keyring } from '../../src/signing/keyring.js';
import { loadIncremental } from '../../src/runtime/delta-log.js';
import { PositionFile } from '../../src/runtime/position-file.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { FaultCode, FaultPlan } from './harness/fault-fs.js';
import { FaultInjectingFileSystem } from './harness/fault-fs.js';
import { largeEntryState, sameState, statesOf } from './harness/states.js';
import { tally } from './tally.js';

const keyring = Keyring.generate();
const positions = statesOf(activePositionCodec, 3, 41) as ActivePositionState[];
const roots: string[] = [];

async function freshDirectory(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'quantum-runtime-faults-'));
  roots.push(root);
  return join(root, 'state');
}

/** Two acknowledged ticks, then a third with `plan`; returns the broken promises. */
async function positionTick(plan: FaultPlan | undefined): Promise<{ problems: string[]; calls: string[] }> {
  const directory = await freshDirectory();
  await nodeFileSystem.mkdir(directory);
  const good = new PositionFile({ directory, keyring });
  await good.recover();
  await good.save(positions[0] as ActivePositionState);
  await good.save(positions[1] as ActivePositionState);
  await good.close();
  const fs = new FaultInjectingFileSystem(nodeFileSystem, plan);
  const file = new PositionFile({ directory, keyring, fs });
  const outcome = await file.save(positions[2] as ActivePositionState).then(() => 'resolved', (error: unknown) => error);
  await file.close().catch(() => undefined);
  if (plan === undefined || fs.failed === undefined) return { problems: [], calls: fs.calls.map((c) => `${c.call} ${c.path.split('/').pop()}`) };
  const what = `${plan.code} at ${fs.failed.call}`;
  const problems = outcome === 'resolved' ? [`${what}: the position save reported success`] : [];
  const recovered = (await new PositionFile({ directory, keyring }).recover()).position;
  const allowed = [positions[1], positions[2]] as ActivePositionState[];
  if (recovered === undefined || !allowed.some((position) => sameState(activePositionCodec, position, recovered))) problems.push(`${what}: a fresh process did not recover the last acknowledged position`);
  return { problems, calls: [] };
}

/** A generation and one acknowledged delta, then a second append with `plan`. */
async function deltaAppend(plan: FaultPlan | undefined): Promise<{ problems: string[]; calls: string[] }> {
  const directory = await freshDirectory();
  const base = largeEntryState(1, 50);
  const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
  await store.save(entryAgentCodec, base);
  const first = await loadIncremental({ store, codec: entryAgentCodec });
  const dirty = (value: number): typeof base.qTable => ({ stateHash: base.qTable.stateHash.slice(0, 5), action: base.qTable.action.slice(0, 5), qValue: new Float64Array(5).fill(value) });
  await first.log.append(dirty(100));
  await first.log.close();
  const withDeltas = (...values: number[]): typeof base => {
    const qValue = base.qTable.qValue.slice();
    for (const value of values) qValue.fill(value, 0, 5);
    return { ...base, qTable: { ...base.qTable, qValue } };
  };
  const fs = new FaultInjectingFileSystem(nodeFileSystem);
  const faulty = await StateDirectory.open({ directory, keyring, fs, reserveBytes: 0 });
  const { log } = await loadIncremental({ store: faulty, codec: entryAgentCodec });
  fs.calls.length = 0;
  fs.plan = plan;
  const outcome = await log.append(dirty(200)).then(() => 'resolved', (error: unknown) => error);
  await log.close().catch(() => undefined);
  if (plan === undefined || fs.failed === undefined) return { problems: [], calls: fs.calls.map((c) => `${c.call} ${c.path.split('/').pop()}`) };
  const what = `${plan.code} at ${fs.failed.call}`;
  // Only a failed data or metadata write makes a success false; a failed lock release does not.
  const problems = outcome === 'resolved' && fs.failed.call !== 'unlink' ? [`${what}: the delta append reported success`] : [];
  const reloaded = await loadIncremental({ store: await StateDirectory.open({ directory, keyring, reserveBytes: 0 }), codec: entryAgentCodec });
  if (![withDeltas(100), withDeltas(100, 200)].some((state) => sameState(entryAgentCodec, state, reloaded.state))) {
    problems.push(`${what}: a fresh load has neither the acknowledged delta nor the failed one (${reloaded.deltas.status}: ${reloaded.load.report.message})`);
  }
  return { problems, calls: [] };
}

export function runtimeFaultSuite(): void {
  afterAll(async () => {
    await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
  });

  describe('ENOSPC and EIO in the runtime writers', () => {
    it.each<[string, FaultCode, (plan: FaultPlan | undefined) => Promise<{ problems: string[]; calls: string[] }>]>([
      ['position tick', 'ENOSPC', positionTick],
      ['position tick', 'EIO', positionTick],
      ['delta append', 'ENOSPC', deltaAppend],
      ['delta append', 'EIO', deltaAppend],
    ])('%s with %s at every faultable call: rejected, the last acknowledged state survives', async (name, code, run) => {
      const { calls } = await run(undefined);
      const problems: string[] = [];
      for (let at = 0; at < calls.length; at++) problems.push(...(await run({ at, code })).problems);
      tally.faultsInjected += calls.length;
      tally.violations += problems.length;
      console.log(`disk faults / ${name}: ${code} at each of ${calls.length} calls (${calls.join(', ')}), ${problems.length} violations`);
      expect(calls.length).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    });
  });
}
