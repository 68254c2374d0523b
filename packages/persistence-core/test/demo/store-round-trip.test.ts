// The demo's states through the real state directory: every component saved (durably, signed),
// loaded back by a new process's worth of objects, and a restored agent continuing identically.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DemoAgent, type DemoAgentOptions } from '../../src/demo/agent.js';
import { demoComponentCodecs } from '../../src/demo/codecs.js';
import { DEMO_COMPONENTS, type DemoStates } from '../../src/demo/states.js';
import { type TempStateDir, tempStateDir } from '../store/temp-state-dir.js';
import { run } from './helpers.js';

const OPTIONS: DemoAgentOptions = { seed: 77, qEntries: 4_000, replayCapacity: 64 };

let temp: TempStateDir;
beforeEach(async () => {
  temp = await tempStateDir();
});
afterEach(async () => {
  await temp.cleanup();
});

async function save<K extends keyof DemoStates>(component: K, state: DemoStates[K]): Promise<void> {
  if (state !== null) await temp.store.save(demoComponentCodecs[component], state as NonNullable<DemoStates[K]>);
}

async function load<K extends keyof DemoStates>(component: K, into: Partial<DemoStates>): Promise<void> {
  const result = await temp.store.load(demoComponentCodecs[component]);
  expect(result.report.level, component).toBe('ok');
  into[component] = result.state;
}

describe('demo states in a state directory', () => {
  it('pass every codec, load back, and resume the same future', async () => {
    const original = new DemoAgent(OPTIONS);
    run(original, 1_500);
    while (original.snapshot('activePosition') === null) original.tick();
    const saved = original.snapshotAll();
    for (const component of DEMO_COMPONENTS) await save(component, saved[component]);

    const loaded: Partial<DemoStates> = {};
    for (const component of DEMO_COMPONENTS) await load(component, loaded);
    const restarted = new DemoAgent(OPTIONS);
    restarted.restore(loaded);
    expect(run(restarted, 800)).toEqual(run(original, 800));
    expect(restarted.snapshotAll()).toEqual(original.snapshotAll());
  });
});
