// The child of the SIGKILL test: loads every component and checks it against the last
// acknowledged seqs it was given, then saves all components round after round, printing one
// JSON line per acknowledged save, until it is killed.
//
//   node saver.mjs <directory> <keyring.json> <expected-json> <save|verify-only> <first component index>
// Lines: {"ready":true} | {"ack":"<component>","seq":n} | {"violation":"..."}

import { componentCodecs } from '../../../src/components/registry.js';
import { readKeyring } from '../../../src/signing/keyring.js';
import { StateDirectory } from '../../../src/store/state-directory.js';
import { sameState } from '../harness/states.js';
import { stateForSeq } from './kill-states.js';

function say(line: object): void {
  // stdout to a pipe is synchronous on Linux: once written, the parent has the line even if killed next.
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const [directory, keyringPath, expectedJson, mode, first] = process.argv.slice(2);
  if (directory === undefined || keyringPath === undefined || expectedJson === undefined) throw new Error('usage: saver <directory> <keyring> <expected-json> <save|verify-only> <first>');
  const expected = JSON.parse(expectedJson) as Record<string, number>;
  const store = await StateDirectory.open({ directory, keyring: await readKeyring(keyringPath), reserveBytes: 0 });
  const next = new Map<string, number>();
  for (const codec of componentCodecs) {
    const { state, header, report } = await store.load(codec);
    const acked = expected[codec.name] ?? 0;
    const seq = header?.seq ?? 0;
    if (seq < acked) say({ violation: `${codec.name}: loaded seq ${seq} (${report.message}) is older than the acknowledged seq ${acked}` });
    else if (seq > 0 && !sameState(codec, stateForSeq(codec, seq), state)) say({ violation: `${codec.name}: seq ${seq} does not hold the state saved as seq ${seq}` });
    next.set(codec.name, seq + 1);
  }
  say({ ready: true });
  if (mode === 'verify-only') return;
  // Each child starts its rounds at another component, so every component is killed mid-save.
  for (let i = Number(first ?? 0); ; i++) {
    const codec = componentCodecs[i % componentCodecs.length] as (typeof componentCodecs)[number];
    const seq = next.get(codec.name) as number;
    const result = await store.save(codec, stateForSeq(codec, seq));
    if (result.seq !== seq) say({ violation: `${codec.name}: saved as seq ${result.seq}, expected ${seq}` });
    next.set(codec.name, result.seq + 1);
    say({ ack: codec.name, seq: result.seq });
  }
}

main().catch((error: unknown) => {
  say({ violation: `saver failed: ${error instanceof Error ? error.stack : String(error)}` });
  process.exitCode = 1;
});
