// The agent's hot loop in the queue benchmark: a 1 ms-period loop doing a little work per tick,
// run until some background work settles. Each gap between ticks beyond 1 ms is a stall.
// Two pacings, reported apart (the target applies to both, and is not redefined by either):
// - setInterval(1): libuv timers have millisecond resolution, so even an idle loop drifts by up
//   to ~1 ms per tick plus the OS wake-up delay;
// - futex: Atomics.wait until the next deadline (wake-up precision of a futex timeout, tens of
//   µs), then setImmediate, so worker messages and I/O are still handled between ticks. This is
//   closer to an agent woken by its market-data socket, whose latency is a wake-up, not a timer;
// - spin: busy-polls the clock between ticks (a whole core, never asleep), for telling a slow
//   wake-up of a sleeping thread from a thread kept off its core. It reads the clock every few µs,
//   not back to back: performance.now() allocates (Node 20: an hrtime array per call), and 11
//   million calls a second made ~180 scavenges a second, whose helper tasks (V8's platform
//   threads, normal priority) then took the agent's core during saves (bench/runtime/queue-trace.ts).

export type Pacing = 'setInterval' | 'futex' | 'spin';

/** Runs the loop until `work` settles; returns each tick's gap beyond 1 ms (ms, floored at 0). */
export function stallsDuring(pacing: Pacing, work: Promise<unknown>, tick: () => void): Promise<number[]> {
  return pacing === 'setInterval' ? intervalLoop(work, tick) : pacedLoop(work, tick, pacing === 'spin');
}

async function intervalLoop(work: Promise<unknown>, tick: () => void): Promise<number[]> {
  const stalls: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    stalls.push(Math.max(0, now - last - 1));
    last = now;
    tick();
  }, 1);
  await work.catch(() => undefined);
  clearInterval(timer);
  return stalls;
}

const pauseCell = new Int32Array(new SharedArrayBuffer(4));
/** Atomics.load calls that take ~5 µs here (an Atomics.load is never optimised away); the fastest of 3 runs. */
const PAUSE_LOADS = ((): number => {
  let fastest = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    for (let i = 0; i < 1_000_000; i++) Atomics.load(pauseCell, 0);
    fastest = Math.min(fastest, performance.now() - started);
  }
  return Math.max(1, Math.round(5e-3 / (fastest / 1_000_000)));
})();

/** Busy for a few µs without allocating. */
export function pause(): void {
  for (let i = 0; i < PAUSE_LOADS; i++) Atomics.load(pauseCell, 0);
}

function pacedLoop(work: Promise<unknown>, tick: () => void, spin: boolean): Promise<number[]> {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const stalls: number[] = [];
  let settled = false;
  void work.catch(() => undefined).finally(() => (settled = true));
  let last = performance.now();
  return new Promise((resolve) => {
    const step = (): void => {
      const wait = last + 1 - performance.now();
      if (spin) while (performance.now() < last + 1) pause();
      else if (wait > 0) Atomics.wait(cell, 0, 0, wait);
      const now = performance.now();
      stalls.push(Math.max(0, now - last - 1));
      last = now;
      tick();
      if (settled) resolve(stalls);
      else setImmediate(step);
    };
    setImmediate(step);
  });
}

/** An idle window of the same loop, as long as `ms`: the baseline measured next to a case. */
export function idleStalls(pacing: Pacing, ms: number, tick: () => void): Promise<number[]> {
  return stallsDuring(pacing, new Promise((resolve) => setTimeout(resolve, ms)), tick);
}
