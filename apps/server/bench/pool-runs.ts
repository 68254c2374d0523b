// Judges several bench:agent runs together: reads the JSON records the runs wrote (RECORD=<path>,
// or the path each run prints) and prints the paired verdict per load variant over all their pairs,
// every pair with its probes, and whether slow windows coincide with a probe. Runs of a few minutes
// each can so add up to enough browsed windows per variant for an interval narrow enough to judge.
// Run: npx tsx bench/pool-runs.ts <record.json> [<record.json> ...]   (QUIET_MS=100: the secondary view)

import { printPairedSummary, printPairs } from './paired-report.js';
import { readRecord } from './run-record.js';
import { printCorrelations } from './window-diagnostics.js';

const QUIET_MS = Number(process.env['QUIET_MS'] ?? 100);

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('usage: npx tsx bench/pool-runs.ts <record.json> [<record.json> ...]');
  process.exit(2);
}
const records = await Promise.all(paths.map((path) => readRecord(path)));
records.forEach((record, index) => {
  const loads = record.windows.map((window) => window.loadAverage);
  console.log(`run ${index + 1}: ${paths[index]} started ${record.meta.startedAt}, env ${JSON.stringify(record.meta.env)}, code ${JSON.stringify(record.meta.code ?? 'not kept')}, load average before ${record.meta.loadAverageBefore.map((value) => value.toFixed(2)).join(' ')}, during ${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)}`);
});
// Variants in the order they first appear.
const variants = [...new Set(records.flatMap((record) => record.windows.flatMap((window) => (window.variant === undefined ? [] : [window.variant]))))];
console.log('');
printPairs(records, variants);
console.log('');
printCorrelations(records);
console.log('');
printPairedSummary(records, variants);
console.log('');
printPairedSummary(records, variants, QUIET_MS);
