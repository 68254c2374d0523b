import { describe, expect, it } from 'vitest';
import type { ComponentCodec } from '../../src/components/codec.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { learningMetricsCodec } from '../../src/components/learning-metrics.js';
import { replayBufferCodec } from '../../src/components/replay-buffer.js';
import { shadowAgentsCodec } from '../../src/components/shadow-agents.js';
import type { FileSystem } from '../../src/fs/file-system.js';
import { nodeFileSystem } from '../../src/fs/node-file-system.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { readCut } from '../../src/runtime/cut.js';
import { encodedSize, saveAll } from '../../src/runtime/save-all.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
const keyring = Keyring.generate();
const codecs = [shadowAgentsCodec, learningMetricsCodec, replayBufferCodec, entryAgentCodec] as ComponentCodec<unknown>[];
const components = () => codecs.map((codec) => ({ codec, state: codec.fresh() }));
const open = (directory: string, freeBytes?: number) =>
  StateDirectory.open({ directory, keyring, reserveBytes: 0, ...(freeBytes === undefined ? {} : { fs: Object.assign(Object.create(nodeFileSystem) as FileSystem, { statfs: async () => ({ totalBytes: 1e9, freeBytes }) }) }) });

describe('SaveAll', () => {
  it('saves every component in priority order, then commits the manifest; readCut finds them all in the cut', async () => {
    const directory = await tempDir();
    const store = await open(directory);
    const order: string[] = [];
    const report = await saveAll(components(), { store, reason: 'clean shutdown', save: (codec, state) => (order.push(codec.name), store.save(codec, state)) });
    // Priority 1, 2, then 3 in the order given (ShadowAgents was listed before LearningMetrics).
    expect(order).toEqual(['EntryAgent', 'ReplayBuffer', 'ShadowAgents', 'LearningMetrics']);
    expect(report).toMatchObject({ cutId: 1, complete: true, allComponents: true, skipped: [] });
    const cut = await readCut(await open(directory), codecs);
    expect(cut.interrupted).toBe(false);
    expect(cut.lastCompleteCut?.cutId).toBe(1);
    expect(cut.components.map((c) => c.from)).toEqual(['cut', 'cut', 'cut', 'cut']);
  });

  it('skips the lowest priorities first when the disk is short, and says so', async () => {
    const directory = await tempDir();
    const items = components();
    const entrySize = encodedSize(entryAgentCodec as ComponentCodec<unknown>, items[3]!.state);
    const replaySize = encodedSize(replayBufferCodec as ComponentCodec<unknown>, items[2]!.state);
    const store = await open(directory, entrySize + replaySize + 10);
    const report = await saveAll(items, { store, reason: 'circuit breaker at level RED', reserveBytes: 0 });
    expect(report.saved.map((s) => s.component)).toEqual(['EntryAgent', 'ReplayBuffer']);
    expect(report.skipped.map((s) => s.component)).toEqual(['ShadowAgents', 'LearningMetrics']);
    expect(report.skipped[0]!.reason).toMatch(/disk space/);
    expect(report).toMatchObject({ complete: true, allComponents: false });
    const cut = await readCut(await open(directory), codecs);
    expect(cut.lastCompleteCut?.skipped.map((s) => s.component)).toEqual(['ShadowAgents', 'LearningMetrics']);
    expect(cut.components.map((c) => `${c.component}:${c.from}`)).toEqual(['ShadowAgents:missing', 'LearningMetrics:missing', 'ReplayBuffer:cut', 'EntryAgent:cut']);
  });

  it('after a crash during SaveAll, tells the interrupted cut from the last complete one', async () => {
    const directory = await tempDir();
    const store = await open(directory);
    await saveAll(components(), { store, reason: 'hourly safety net' });
    await store.save(learningMetricsCodec, learningMetricsCodec.fresh()); // a regular save between cuts
    // The second SaveAll dies while writing the replay buffer: its promise never settles.
    void saveAll(components(), { store, reason: 'circuit breaker at level BLACK', save: (codec, state) => (codec.name === 'ReplayBuffer' ? new Promise(() => undefined) : store.save(codec, state)) });
    const restarted = await open(directory);
    for (let i = 0; i < 200 && (await restarted.currentHeader(entryAgentCodec))?.seq !== 2; i++) await new Promise((r) => setTimeout(r, 5));
    const cut = await readCut(restarted, codecs);
    expect(cut.interrupted).toBe(true);
    expect(cut.lastSaveAll).toMatchObject({ cutId: 2, complete: false, reason: 'circuit breaker at level BLACK' });
    expect(cut.lastCompleteCut).toMatchObject({ cutId: 1, reason: 'hourly safety net' });
    expect(Object.fromEntries(cut.components.map((c) => [c.component, c.from]))).toEqual({
      EntryAgent: 'interrupted-cut',
      ReplayBuffer: 'cut',
      LearningMetrics: 'after-cut',
      ShadowAgents: 'cut',
    });
    expect(cut.message).toMatch(/did not complete/);
  });

  it('reports a component loaded from an older generation than its cut', async () => {
    const directory = await tempDir();
    const store = await open(directory);
    await store.save(entryAgentCodec, entryAgentCodec.fresh());
    await saveAll(components(), { store, reason: 'clean shutdown' });
    const cut = await readCut(store, [entryAgentCodec as ComponentCodec<unknown>], { EntryAgent: 1 });
    expect(cut.components[0]).toMatchObject({ seq: 1, cutSeq: 2, from: 'before-cut' });
  });
});
