import { describe, expect, it } from 'vitest';
import { DemoAgent, type DemoAgentOptions } from '../../src/demo/agent.js';
import { DemoStateMismatchError } from '../../src/demo/mismatch-error.js';
import { resumeDemoAgent } from '../../src/demo/resume.js';
import { detached, run } from './helpers.js';

const OPTIONS: DemoAgentOptions = { seed: 31, qEntries: 2_000, replayCapacity: 96 };

/** Runs `before` ticks, restarts from a detached snapshot, and compares `after` more ticks. */
function compareRestart(before: (agent: DemoAgent) => void, after: (agent: DemoAgent) => unknown): void {
  const original = new DemoAgent(OPTIONS);
  before(original);
  const restarted = new DemoAgent(OPTIONS);
  restarted.restore(detached(original.snapshotAll()));
  expect(restarted.currentTick).toBe(original.currentTick);
  expect(restarted.snapshotAll()).toEqual(original.snapshotAll());
  expect(after(restarted)).toEqual(after(original));
  expect(restarted.snapshotAll()).toEqual(original.snapshotAll());
}

describe('DemoAgent restore', () => {
  it('continues exactly as if it had not stopped (flat at the restart)', () => {
    compareRestart(
      (agent) => {
        run(agent, 1_200);
        while (agent.snapshot('activePosition') !== null) agent.tick();
      },
      (agent) => run(agent, 1_500),
    );
  });

  it('continues exactly with a position open at the restart', () => {
    compareRestart(
      (agent) => {
        run(agent, 900);
        while (agent.snapshot('activePosition') === null || agent.snapshot('activePosition')!.barsHeld < 3) agent.tick();
      },
      (agent) => run(agent, 1_000),
    );
  });

  it('resumes an interrupted training run from its checkpoint', () => {
    compareRestart(
      (agent) => {
        run(agent, 1_500);
        agent.beginTrainingRun(300);
        agent.trainFromReplay(100);
      },
      (agent) => [agent.trainFromReplay(500), run(agent, 200)],
    );
  });

  it('takes the training checkpoint when it is newer than the saved entry agent', () => {
    const original = new DemoAgent(OPTIONS);
    run(original, 1_500);
    const entrySaved = detached(original.snapshot('entryAgent'));
    original.beginTrainingRun(200);
    original.trainFromReplay(100);
    const restarted = new DemoAgent(OPTIONS);
    restarted.restore({ ...detached(original.snapshotAll()), entryAgent: entrySaved });
    expect(restarted.snapshot('entryAgent')).toEqual(original.snapshot('entryAgent'));
    expect(restarted.trainFromReplay(100)).toEqual(original.trainFromReplay(100));
  });

  it('resumes from a partial set of states and keeps learning', () => {
    const original = new DemoAgent(OPTIONS);
    run(original, 800);
    const { entryAgent, replayBuffer, physics } = detached(original.snapshotAll());
    const restarted = new DemoAgent(OPTIONS);
    restarted.restore({ entryAgent, replayBuffer, physics });
    expect(restarted.currentTick).toBe(original.currentTick);
    const updates = restarted.snapshot('entryAgent').totalUpdates;
    run(restarted, 500);
    expect(restarted.snapshot('entryAgent').totalUpdates).toBeGreaterThan(updates);
  });

  it('names the component that does not fit the configuration', () => {
    const original = new DemoAgent(OPTIONS);
    run(original, 300);
    const other = new DemoAgent({ ...OPTIONS, replayCapacity: 64 });
    const attempt = () => other.restore(detached(original.snapshotAll()));
    expect(attempt).toThrow(DemoStateMismatchError);
    expect(attempt).toThrow(/replayBuffer.*capacity 96/);
  });

  it('refuses to restore an agent that has already ticked', () => {
    const agent = new DemoAgent(OPTIONS);
    agent.tick();
    expect(() => agent.restore({})).toThrow(/already ticked/);
  });
});

describe('resumeDemoAgent', () => {
  it('leaves out the components that do not fit and restores the rest', () => {
    const original = new DemoAgent(OPTIONS);
    run(original, 600);
    const states = detached(original.snapshotAll());
    const { agent, dropped } = resumeDemoAgent({ ...OPTIONS, replayCapacity: 32 }, states);
    expect(dropped.map((entry) => entry.component)).toEqual(['replayBuffer']);
    expect(dropped[0]?.reason).toMatch(/capacity 96/);
    expect(agent.currentTick).toBe(original.currentTick);
    expect(agent.snapshot('entryAgent')).toEqual(original.snapshot('entryAgent'));
    expect(agent.snapshot('replayBuffer').currentSize).toBe(0);
  });

  it('restores everything when everything fits', () => {
    const original = new DemoAgent(OPTIONS);
    run(original, 300);
    const { agent, dropped } = resumeDemoAgent(OPTIONS, detached(original.snapshotAll()));
    expect(dropped).toEqual([]);
    expect(agent.snapshotAll()).toEqual(original.snapshotAll());
  });
});

describe('orphaned position on restore', () => {
  it('is dropped when the learning metrics already count its trade as closed', () => {
    const original = new DemoAgent(OPTIONS);
    run(original, 500);
    while (original.snapshot('activePosition') === null) original.tick();
    const orphan = detached(original.snapshot('activePosition'))!;
    while (original.snapshot('activePosition')?.ticket === orphan.ticket) original.tick();
    const restarted = new DemoAgent(OPTIONS);
    restarted.restore({ ...detached(original.snapshotAll()), activePosition: orphan });
    expect(restarted.snapshot('activePosition')?.ticket).not.toBe(orphan.ticket);
  });

  it('is kept, with the bars that passed since its save, while its trade is still open', () => {
    const original = new DemoAgent(OPTIONS);
    run(original, 500);
    // a position saved one tick ago that is still open now
    let saved = detached(original.snapshot('activePosition'));
    original.tick();
    while (saved === null || original.snapshot('activePosition')?.ticket !== saved.ticket) {
      saved = detached(original.snapshot('activePosition'));
      original.tick();
    }
    const states = detached(original.snapshotAll());
    const restarted = new DemoAgent(OPTIONS);
    restarted.restore({ ...states, activePosition: saved });
    expect(restarted.snapshot('activePosition')).toMatchObject({ ticket: saved.ticket, barsHeld: saved.barsHeld + 1 });
  });
});
