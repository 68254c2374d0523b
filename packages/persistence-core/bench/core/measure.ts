// Repeats measurements and keeps the median, in milliseconds. Series measured interleaved see
// the same moments of a noisy machine, so their ratios stay meaningful.

export async function medianMs(runs: number, action: () => Promise<unknown> | unknown): Promise<number> {
  return (await interleavedMediansMs(runs, { only: action })).only as number;
}

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Runs every series once per round, `runs` rounds; the median of each series. */
export async function interleavedMediansMs<K extends string>(runs: number, series: Record<K, () => Promise<unknown> | unknown>): Promise<Record<K, number>> {
  const samples = Object.fromEntries(Object.keys(series).map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < runs; i++) {
    for (const name of Object.keys(series) as K[]) {
      const started = performance.now();
      await series[name]();
      samples[name].push(performance.now() - started);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values as number[])])) as Record<K, number>;
}

/** Sums phases over the saves of one measured round and keeps each phase's median over rounds. */
export class PhaseTally {
  readonly #rounds: Record<string, number>[] = [];
  #current: Record<string, number> = {};

  add(phases: Record<string, number>): void {
    for (const [phase, ms] of Object.entries(phases)) this.#current[phase] = (this.#current[phase] ?? 0) + ms;
  }

  endRound(): void {
    this.#rounds.push(this.#current);
    this.#current = {};
  }

  medians(): Record<string, number> {
    const names = Object.keys(this.#rounds[0] ?? {});
    return Object.fromEntries(names.map((name) => [name, median(this.#rounds.map((round) => round[name] ?? 0))]));
  }
}
