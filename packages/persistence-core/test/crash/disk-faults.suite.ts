// Full and failing disks: ENOSPC and EIO at every write, fsync, rename, link, unlink and
// directory fsync of a save, on real files; then the space pre-flight and the degradation order.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { EntryAgentState } from '../../src/components/types.js';
import { DiskFullError, QuantumStateError, SaveFailedError } from '../../src/errors.js';
import type { MetadataOrder } from '../../src/fs/metadata-order.js';
import { nodeFileSystem } from '../../src/fs/node-file-system.js';
import { Keyring } from '../../src/signing/keyring.js';
import type { GenerationName } from '../../src/store/generations.js';
import { GENERATIONS } from '../../src/store/generations.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { FaultCode, FaultPlan } from './harness/fault-fs.js';
import { FaultInjectingFileSystem } from './harness/fault-fs.js';
import { sameState, statesOf } from './harness/states.js';
import { tally } from './tally.js';

const keyring = Keyring.generate();
const states = statesOf(entryAgentCodec, 7, 11) as EntryAgentState[];
const DURABILITY_CALLS = new Set(['create', 'write', 'sync', 'datasync', 'truncate', 'rename', 'link', 'syncDirectory']);
let roots: string[] = [];

afterEach(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
  roots = [];
});

/**
 * A real state directory holding a full chain: four saves, or with `spare` five (the fifth
 * retires the oldest generation as the spare file the next save writes over); returns the bytes
 * of each generation.
 */
async function fullChain(spare: boolean): Promise<{ directory: string; before: Map<GenerationName, Buffer> }> {
  const root = await mkdtemp(join(tmpdir(), 'quantum-faults-'));
  roots.push(root);
  const directory = join(root, 'state');
  const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
  for (let i = spare ? 0 : 1; i < 5; i++) await store.save(entryAgentCodec, states[i] as EntryAgentState);
  const before = new Map<GenerationName, Buffer>();
  for (const generation of GENERATIONS) before.set(generation, await readFile(store.pathOf(entryAgentCodec, generation)));
  return { directory, before };
}

function errorText(outcome: unknown): string {
  return outcome instanceof Error ? outcome.message.replace(/\/[^ ]*\//g, '…/') : 'none';
}

/** The generation that fell off the chain becoming the spare: after the commit, a failure only costs the spare. */
const isRetiring = (call: { call: string; path: string }) => call.call === 'rename' && call.path.endsWith('.qspare');

/** Runs the save after fullChain with `plan` and returns every broken promise as a sentence. */
async function faultySave(plan: FaultPlan | undefined, order: MetadataOrder, spare: boolean): Promise<{ problems: string[]; calls: FaultInjectingFileSystem['calls']; message?: string }> {
  const { directory, before } = await fullChain(spare);
  const fs = new FaultInjectingFileSystem(nodeFileSystem);
  const store = await StateDirectory.open({ directory, keyring, fs, reserveBytes: 0, metadataOrder: order });
  fs.calls.length = 0;
  fs.plan = plan;
  const outcome = await store.save(entryAgentCodec, states[5] as EntryAgentState).then(
    () => undefined,
    (error: unknown) => error,
  );
  const problems: string[] = [];
  const shifted: string[] = [];
  const what = fs.failed === undefined ? 'no fault' : `${fs.failed.code} at ${fs.failed.call} ${fs.failed.path.slice(directory.length + 1)}`;
  if (plan === undefined || fs.failed === undefined) return { problems, calls: fs.calls };
  if (outcome === undefined) {
    if (DURABILITY_CALLS.has(fs.failed.call) && !isRetiring(fs.failed)) problems.push(`${what}: the save reported success`);
  } else if (!(outcome instanceof QuantumStateError)) {
    problems.push(`${what}: untyped error ${String(outcome)}`);
  } else if (plan.code === 'ENOSPC' ? !(outcome instanceof DiskFullError) : !(outcome instanceof SaveFailedError)) {
    problems.push(`${what}: ${outcome.name} instead of ${plan.code === 'ENOSPC' ? 'DiskFullError' : 'SaveFailedError'}: ${outcome.message}`);
  }
  // The save lands only with the rename over current; before it, nothing may have changed.
  const committed = fs.calls.slice(0, plan.at).some((call) => call.call === 'rename' && call.path === store.pathOf(entryAgentCodec, 'current'));
  const fresh = await StateDirectory.open({ directory, keyring, reserveBytes: 0, lockTimeoutMs: 300 });
  if (!committed) {
    const after = await Promise.all(GENERATIONS.map((generation) => readFile(fresh.pathOf(entryAgentCodec, generation)).catch(() => undefined)));
    for (const [generation, bytes] of before) {
      const where = GENERATIONS.filter((_, i) => after[i]?.equals(bytes) === true);
      if (where.length === 0) problems.push(`${what}: previous generation ${generation} is gone although the save failed (error: ${errorText(outcome)})`);
      else if (!where.includes(generation)) shifted.push(`${generation} -> ${where.join('/')}`);
    }
  }
  // A file whose own unlink was the failed call cannot be gone; anything else must be.
  const unremovable = fs.failed.call === 'unlink' ? fs.failed.path : undefined;
  const leftovers = (await readdir(directory)).filter((name) => (name.endsWith('.qtmp') || name.endsWith('.lock')) && join(directory, name) !== unremovable);
  if (leftovers.length > 0) problems.push(`${what}: left ${leftovers.join(', ')} behind`);
  try {
    const loaded = await fresh.load(entryAgentCodec);
    const expected = committed ? [states[5], states[4]] : [states[4]];
    if (!expected.some((state) => sameState(entryAgentCodec, state as EntryAgentState, loaded.state))) problems.push(`${what}: load then gave ${loaded.report.message}`);
    await fresh.save(entryAgentCodec, states[6] as EntryAgentState);
    if (!sameState(entryAgentCodec, states[6] as EntryAgentState, (await fresh.load(entryAgentCodec)).state)) problems.push(`${what}: the next save did not land`);
  } catch (error) {
    problems.push(`${what}: the next load or save failed: ${(error as Error).message.replace(directory, '…')}`);
  }
  return { problems, calls: fs.calls, ...(outcome instanceof Error ? { message: errorText(outcome) } : {}) };
}

interface FaultSweep {
  calls: string[];
  problems: string[];
  messages: string[];
}

const sweeps = new Map<string, Promise<FaultSweep>>();

/** Fails each faultable call of a save in turn, with the rotation of the given metadata order. */
function sweep(code: FaultCode, order: MetadataOrder, spare: boolean): Promise<FaultSweep> {
  let result = sweeps.get(`${code} ${order} ${spare}`);
  if (result === undefined) {
    result = (async () => {
      const { calls } = await faultySave(undefined, order, spare);
      const problems: string[] = [];
      const messages = new Set<string>();
      for (let at = 0; at < calls.length; at++) {
        const run = await faultySave({ at, code }, order, spare);
        problems.push(...run.problems);
        if (run.message !== undefined) messages.add(run.message);
      }
      tally.faultsInjected += calls.length;
      tally.violations += problems.length;
      return { calls: calls.map((c) => c.call), problems, messages: [...messages] };
    })();
    sweeps.set(`${code} ${order} ${spare}`, result);
  }
  return result;
}

export function diskFaultSuite(): void {
  describe('ENOSPC and EIO at every faultable call of a save', () => {
    it.each<[FaultCode, MetadataOrder, string]>([
      ['ENOSPC', 'unordered', 'a new temp file'],
      ['EIO', 'unordered', 'a new temp file'],
      ['ENOSPC', 'unordered', 'the spare file'],
      ['EIO', 'unordered', 'the spare file'],
      ['ENOSPC', 'ordered', 'the spare file'],
      ['EIO', 'ordered', 'the spare file'],
    ])('%s, %s rotation, writing %s: typed error, previous generations intact, no temp file, no false success', async (code, order, into) => {
      const { calls, problems, messages } = await sweep(code, order, into === 'the spare file');
      console.log(`disk faults / ${code}, ${order} rotation, writing ${into}, at each of ${calls.length} calls (${calls.join(', ')}): ${problems.length} violations; errors seen:\n  ${messages.join('\n  ')}`);
      expect(problems).toEqual([]);
    });
  });
}
