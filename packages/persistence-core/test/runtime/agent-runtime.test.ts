import { describe, expect, it } from 'vitest';
import { codecByName } from '../../src/components/registry.js';
import type { ComponentCodec } from '../../src/components/codec.js';
import { DemoAgent } from '../../src/demo/agent.js';
import type { DemoComponent, DemoStates } from '../../src/demo/states.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { AgentRuntime } from '../../src/runtime/agent-runtime.js';
import { componentSaver } from '../../src/runtime/component-saver.js';
import type { ComponentSave } from '../../src/runtime/component-saver.js';
import { readCut } from '../../src/runtime/cut.js';
import { SaveJournal } from '../../src/runtime/journal.js';
import { readJournal } from '../../src/runtime/journal-reader.js';
import { PositionFile } from '../../src/runtime/position-file.js';
import type { PolicyComponent } from '../../src/runtime/save-policy.js';
import { SavePolicy } from '../../src/runtime/save-policy.js';
import { AsyncSaveQueue } from '../../src/runtime/save-queue.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
const keyring = Keyring.generate();
const OPTIONS = { seed: 7, qEntries: 2_000, replayCapacity: 96 };
const DEMO_NAME: Record<PolicyComponent, DemoComponent> = {
  EntryAgent: 'entryAgent', ExitAgent: 'exitAgent', ReplayBuffer: 'replayBuffer', RiskAdversary: 'riskAdversary',
  LearningMetrics: 'learningMetrics', PortfolioRisk: 'portfolioRisk', ShadowAgents: 'shadowAgents', PhysicsState: 'physics',
};
const COMPONENTS = Object.keys(DEMO_NAME) as PolicyComponent[];

async function startRuntime(directory: string, agent: DemoAgent) {
  const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
  const journal = new SaveJournal({ directory });
  const positions = new PositionFile({ directory, keyring, journal, journalWindowMs: 0 });
  const queue = new AsyncSaveQueue<ComponentSave>({ save: componentSaver({ store, positions, journal }) });
  const runtime = new AgentRuntime({
    store, positions, queue, journal, components: COMPONENTS,
    policy: new SavePolicy({ tradesEvery: { EntryAgent: 2, ExitAgent: 2, LearningMetrics: 3, PortfolioRisk: 2, ShadowAgents: 4 } as never }),
    snapshot: (component) => agent.snapshot(DEMO_NAME[component]),
    position: () => agent.snapshot('activePosition'),
  });
  return { store, journal, positions, queue, runtime };
}

describe('agent runtime', () => {
  it('saves what the policy asks while the agent runs, recovers an orphaned position after a crash, and cuts on clean shutdown', async () => {
    const directory = await tempDir();
    const agent = new DemoAgent(OPTIONS);
    const first = await startRuntime(directory, agent);
    expect((await first.runtime.recover()).status).toBe('none');
    // A tick loop that yields between ticks, as a live feed does, so queued writes run meanwhile.
    for (let i = 0; i < 400 || agent.snapshot('activePosition') === null; i++) {
      first.runtime.onTick(agent.tick());
      await new Promise((resolve) => setImmediate(resolve));
    }
    const open = agent.snapshot('activePosition')!;
    await first.queue.flush();
    await first.journal.close();
    expect(first.runtime.health.failures).toBe(0);
    const kinds = new Set((await readJournal(directory)).entries.map((e) => `${e.entry.kind}:${e.entry.component}`));
    for (const expected of ['save:EntryAgent', 'save:ReplayBuffer', 'save:RiskAdversary', 'save:PortfolioRisk', 'position:ActivePosition']) expect(kinds).toContain(expected);

    // Crash: nothing more is written. The next start finds the open position.
    const restartedAgent = new DemoAgent(OPTIONS);
    const second = await startRuntime(directory, restartedAgent);
    const recovery = await second.runtime.recover();
    expect(recovery.status).toBe('recovered');
    expect(recovery.position).toEqual(open);
    const loaded: Partial<DemoStates> = {};
    for (const component of COMPONENTS) {
      const result = await second.store.load(codecByName(component) as ComponentCodec<unknown>);
      if (result.header !== undefined) (loaded as Record<string, unknown>)[DEMO_NAME[component]] = result.state;
    }
    restartedAgent.restore({ ...loaded, activePosition: recovery.position! });
    for (let i = 0; i < 300; i++) second.runtime.onTick(restartedAgent.tick());
    const report = await second.runtime.shutdown('clean');
    expect(report).toMatchObject({ reason: 'clean shutdown', complete: true, allComponents: true });
    const cut = await readCut(second.store, COMPONENTS.map((c) => codecByName(c) as ComponentCodec<unknown>));
    expect(cut.interrupted).toBe(false);
    expect(cut.components.every((c) => c.from === 'cut')).toBe(true);
    expect(second.runtime.health.failures).toBe(0);
    await second.journal.close();
  });

  it('saves nothing on abnormal termination', async () => {
    const directory = await tempDir();
    const agent = new DemoAgent(OPTIONS);
    const { runtime, store } = await startRuntime(directory, agent);
    expect(await runtime.shutdown('abnormal')).toBeUndefined();
    expect(await store.currentHeader(codecByName('EntryAgent') as ComponentCodec<unknown>)).toBeUndefined();
  });

  it('defers a component the full queue cannot take now, and queues it on a later tick', async () => {
    const directory = await tempDir();
    const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
    const positions = new PositionFile({ directory, keyring });
    const release: (() => void)[] = [];
    const saved: string[] = [];
    const queue = new AsyncSaveQueue<ComponentSave>({
      maxBytes: 1000,
      save: (codec) => new Promise((resolve) => release.push(() => (saved.push(codec.name), resolve({ kind: 'position-cleared' })))),
    });
    const runtime = new AgentRuntime({ store, positions, queue, components: COMPONENTS, snapshot: () => ({ data: new Uint8Array(600) }), position: () => null });
    runtime.onTick({ selfHealTriggered: true });
    runtime.onTick({ shadowOutperformed: true });
    expect(runtime.health.deferred).toEqual(['ShadowAgents']);
    await new Promise((resolve) => setImmediate(resolve));
    release.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    runtime.onTick({});
    expect(runtime.health.deferred).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    release.shift()!();
    await queue.flush();
    expect(saved).toEqual(['LearningMetrics', 'ShadowAgents']);
  });
});
