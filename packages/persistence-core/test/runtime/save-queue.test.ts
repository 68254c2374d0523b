import { describe, expect, it } from 'vitest';
import type { ComponentCodec } from '../../src/components/codec.js';
import { AsyncSaveQueue, SaveQueueClosedError } from '../../src/runtime/save-queue.js';

const codec = (name: string, priority: 1 | 2 | 3) => ({ name, priority }) as unknown as ComponentCodec<unknown>;
const entry = codec('EntryAgent', 1);
const replay = codec('ReplayBuffer', 2);
const metrics = codec('LearningMetrics', 3);
const position = codec('ActivePosition', 1);

/** A save function whose writes finish only when the test releases them. */
function gatedSaver() {
  const started: { component: string; state: unknown; release: (error?: Error) => void }[] = [];
  const running = new Map<string, number>();
  let maxPerComponent = 0;
  const save = (c: ComponentCodec<unknown>, state: unknown) =>
    new Promise<string>((resolve, reject) => {
      running.set(c.name, (running.get(c.name) ?? 0) + 1);
      maxPerComponent = Math.max(maxPerComponent, running.get(c.name)!);
      started.push({
        component: c.name,
        state,
        release: (error) => {
          running.set(c.name, running.get(c.name)! - 1);
          if (error) reject(error);
          else resolve(`${c.name}:${JSON.stringify(state)}`);
        },
      });
    });
  return { save, started, maxPerComponent: () => maxPerComponent };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('async save queue', () => {
  it('captures the state at enqueue, so later updates cannot tear it', async () => {
    const saved: unknown[] = [];
    const queue = new AsyncSaveQueue({ save: async (_c, state) => void saved.push(state) });
    const state = { q: new Float64Array([1, 2, 3]), epsilon: 0.5 };
    const ticket = await queue.enqueue(entry, state);
    state.q[0] = 99;
    state.epsilon = 0.1;
    await ticket.done;
    expect(saved[0]).toEqual({ q: new Float64Array([1, 2, 3]), epsilon: 0.5 });
    const owned = { q: new Float64Array([4]) };
    await queue.save(entry, owned, { owned: true });
    expect(saved[1]).toBe(owned);
  });

  it('runs one write per component at a time, by priority then arrival', async () => {
    const gate = gatedSaver();
    const queue = new AsyncSaveQueue({ save: gate.save, concurrency: 1 });
    const results = [await queue.enqueue(metrics, { n: 0 })];
    for (const [c, n] of [[metrics, 1], [replay, 2], [entry, 3], [entry, 4]] as const) results.push(await queue.enqueue(c, { n }));
    while (gate.started.length < 5) {
      await tick();
      gate.started.at(-1)!.release();
    }
    await queue.flush();
    expect(gate.started.map((s) => `${s.component}:${(s.state as { n: number }).n}`)).toEqual(['LearningMetrics:0', 'EntryAgent:3', 'EntryAgent:4', 'ReplayBuffer:2', 'LearningMetrics:1']);
    expect(gate.maxPerComponent()).toBe(1);
    await Promise.all(results.map((r) => r.done));
  });

  it('coalesces queued position saves (latest wins) and never other components', async () => {
    const gate = gatedSaver();
    const queue = new AsyncSaveQueue({ save: gate.save, concurrency: 2 });
    const p1 = await queue.enqueue(position, { tick: 1 });
    const p2 = await queue.enqueue(position, { tick: 2 });
    const p3 = await queue.enqueue(position, { tick: 3 });
    const e1 = await queue.enqueue(entry, { n: 1 });
    const e2 = await queue.enqueue(entry, { n: 2 });
    expect([p1.coalesced, p2.coalesced, p3.coalesced, e2.coalesced]).toEqual([false, false, true, false]);
    const released: unknown[] = [];
    while (queue.stats.queued + queue.stats.inFlight > 0) {
      await tick();
      for (const s of gate.started.splice(0)) (released.push(s.state), s.release());
    }
    await queue.flush();
    expect(released).toHaveLength(4);
    expect(await p1.done).toBe('ActivePosition:{"tick":1}');
    expect(await p2.done).toBe('ActivePosition:{"tick":3}');
    expect(await p3.done).toBe('ActivePosition:{"tick":3}');
    expect([await e1.done, await e2.done]).toEqual(['EntryAgent:{"n":1}', 'EntryAgent:{"n":2}']);
  });

  it('applies back-pressure: enqueue waits without capturing while the bound is full', async () => {
    const gate = gatedSaver();
    const queue = new AsyncSaveQueue({ save: gate.save, maxBytes: 1000 });
    const big = () => ({ data: new Uint8Array(600) });
    await queue.enqueue(replay, big());
    let admitted = false;
    const second = big();
    const waiting = queue.enqueue(entry, second).then((ticket) => ((admitted = true), ticket));
    await tick();
    expect(admitted).toBe(false);
    expect(queue.stats).toMatchObject({ bytes: 616, waiting: 1 });
    second.data[0] = 7; // not captured yet: the waiting caller still owns its state
    gate.started[0]!.release();
    const ticket = await waiting;
    expect(queue.stats.bytes).toBeLessThanOrEqual(1000);
    await tick();
    gate.started[1]!.release();
    expect(await ticket.done).toContain('"0":7');
  });

  it('surfaces each task\'s error on its own promise and keeps going; close refuses new saves', async () => {
    const queue = new AsyncSaveQueue({
      save: async (c) => {
        if (c.name === 'ReplayBuffer') throw new Error('disk on fire');
        return c.name;
      },
    });
    const failing = await queue.enqueue(replay, {});
    const fine = await queue.enqueue(entry, {});
    await expect(failing.done).rejects.toThrow('disk on fire');
    expect(await fine.done).toBe('EntryAgent');
    await queue.close();
    await expect(queue.enqueue(entry, {})).rejects.toBeInstanceOf(SaveQueueClosedError);
  });

  it('flush waits for everything enqueued before it', async () => {
    const order: string[] = [];
    const queue = new AsyncSaveQueue({ save: async (c) => void order.push(c.name) });
    for (const c of [metrics, entry, replay]) await queue.enqueue(c, {});
    await queue.flush();
    expect(order.sort()).toEqual(['EntryAgent', 'LearningMetrics', 'ReplayBuffer']);
    expect(queue.stats).toMatchObject({ queued: 0, inFlight: 0, bytes: 0 });
  });
});
