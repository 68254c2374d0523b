// Prints the paired verdict of bench:agent (paired-estimate.ts) for one run or several pooled
// runs: per load variant the pooled p99 ratio, its cluster-bootstrap interval and the verdict,
// then every pair with what the probes saw in its two windows, so a slow window can be laid
// beside the CPU the rest of the machine used, the agent's run-queue wait, steal and page faults.

import { percentiles } from '../src/state/latency.js';
import type { Pair, PairedEstimate } from './paired-estimate.js';
import { MIN_PAIRS, MIN_SAVES, TARGET, pairedEstimate, pairsOf } from './paired-estimate.js';
import type { RunRecord } from './run-record.js';
import type { BenchWindow } from './save-report.js';

const fixed = (value: number, width = 7, digits = 1): string => value.toFixed(digits).padStart(width);

function pairsOfRuns(records: RunRecord[], variant: string, component?: string, quietMs?: number): Pair[] {
  const quiet = (window: BenchWindow): boolean => quietMs === undefined || (window.othersMsPerS ?? 0) < quietMs;
  return records.flatMap((record, run) => pairsOf(record.windows, record.saves, variant, run, component)).filter((pair) => quiet(pair.idleWindow) && quiet(pair.loadWindow));
}

const line = (estimate: PairedEstimate): string =>
  `${String(estimate.pairs).padStart(5)} ${String(estimate.idleSaves).padStart(5)} ${String(estimate.loadSaves).padStart(5)} | ${fixed(estimate.idleP99)} ${fixed(estimate.loadP99)} ${fixed(estimate.ratio, 6, 2)} (${estimate.low.toFixed(2)}-${estimate.high.toFixed(2)}) ${fixed(estimate.rankRatio, 5, 2)}`;

/**
 * One line per variant: pairs, saves per side, p99 idle / browsed, ratio (90 % interval over
 * pairs), verdict; the EntryAgent alone beside it. With `quietMs` only pairs whose two windows
 * both had other processes under that CPU use (a secondary view: it leaves windows out).
 */
export function printPairedSummary(records: RunRecord[], variants: string[], quietMs?: number): void {
  const scope = quietMs === undefined ? 'every pair' : `SECONDARY VIEW, quiet pairs only: both windows with other processes under ${quietMs} ms/s`;
  console.log(`paired verdict (${scope}; ${records.length} run(s)): each browsed window against the idle window before it; Harrell-Davis p99 of the pooled saves`);
  console.log(`(rank: the nearest-rank p99 ratio, as in earlier tables); 90% interval from resampling whole pairs, t-widened; met if its upper bound < ${TARGET.toFixed(2)},`);
  console.log(`not met if its lower bound > ${TARGET.toFixed(2)}, else inconclusive; no verdict under ${MIN_PAIRS} pairs or ${MIN_SAVES} saves a side.`);
  console.log('load variant         pairs  idle  load | all saves p99 idle    load  ratio (90%)   rank | verdict       | EntryAgent pairs idle load | p99 idle  load  ratio (90%)   rank');
  let controlled: boolean | undefined;
  for (const variant of variants) {
    const all = pairedEstimate(pairsOfRuns(records, variant, undefined, quietMs));
    if (all.pairs === 0) continue;
    const entry = pairedEstimate(pairsOfRuns(records, variant, 'EntryAgent', quietMs));
    console.log(`${variant.padEnd(20)} ${line(all)} | ${all.verdict.padEnd(13)} | ${line(entry)} ${entry.verdict}`);
    // The A/A control differs from idle in nothing: its true ratio is 1.
    if (variant === 'none') controlled = all.low <= 1 && all.high >= 1;
  }
  if (controlled !== undefined) console.log(`A/A control (none): its interval ${controlled ? 'contains' : 'DOES NOT contain'} 1.00${controlled ? '' : ' — the intervals of these pairs are too narrow: treat every verdict above as unreliable'}`);
}

/** Every pair: its two windows' saves (n, p50, p99 — about the maximum at these counts) and probes. */
export function printPairs(records: RunRecord[], variants: string[]): void {
  console.log('run pair variant        | idle n  p50   p99 | load n  p50   p99 | ratio | others ms/s idle load | agent wait idle load | steal idle load | faults k/s idle load | loadavg');
  for (const variant of variants) {
    pairsOfRuns(records, variant).forEach((pair, index) => {
      const [a, b] = [percentiles([...pair.idle]), percentiles([...pair.load])];
      const [i, l] = [pair.idleWindow, pair.loadWindow];
      console.log(
        `${String(pair.run + 1).padStart(3)} ${String(index + 1).padStart(4)} ${variant.padEnd(14)} | ${String(a.count).padStart(6)} ${fixed(a.p50, 4)} ${fixed(a.p99, 5)} | ${String(b.count).padStart(6)} ${fixed(b.p50, 4)} ${fixed(b.p99, 5)} | ${fixed(b.p99 / a.p99, 5, 2)} | ${fixed(i.othersMsPerS ?? NaN, 15, 0)} ${fixed(l.othersMsPerS ?? NaN, 4, 0)} | ${fixed(i.agent?.runDelayMsPerS ?? NaN, 15, 0)} ${fixed(l.agent?.runDelayMsPerS ?? NaN, 4, 0)} | ${fixed(i.system?.stealMsPerS ?? NaN, 10, 0)} ${fixed(l.system?.stealMsPerS ?? NaN, 4, 0)} | ${fixed(i.system?.faultsKPerS ?? NaN, 15)} ${fixed(l.system?.faultsKPerS ?? NaN, 4)} | ${l.loadAverage.toFixed(2)}`,
      );
    });
  }
}
