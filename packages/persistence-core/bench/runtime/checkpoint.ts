// Training checkpoints (spec 10: "checkpoint during training: <100 ms per 100 batches"): the
// durable save of each TrainingCheckpoint while a DemoAgent trains from replay, against the
// training time of the 100 batches it follows.
//   npm run bench:checkpoint -- [qEntries=100000] [batches=2000]

import { rm } from 'node:fs/promises';
import { DemoAgent } from '../../src/demo/agent.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { checkpointSaver, trainWithCheckpoints } from '../../src/runtime/checkpoint.js';
import { benchDir, percentile } from './stats.js';

const qEntries = Number(process.argv[2] ?? 100_000);
const batches = Number(process.argv[3] ?? 2_000);
const dir = await benchDir('checkpoint');
const store = await StateDirectory.open({ directory: dir, keyring: Keyring.generate() });
const agent = new DemoAgent({ seed: 3, qEntries, replayCapacity: 4096 });
for (let i = 0; i < 2_000; i++) agent.tick();

const save = checkpointSaver(store);
const saveMs: number[] = [];
const trainMs: number[] = [];
let bytes = 0;
const outcome = await trainWithCheckpoints(
  {
    beginTrainingRun: (n) => agent.beginTrainingRun(n),
    checkpoint: () => agent.snapshot('trainingCheckpoint'),
    trainFromReplay: (n) => {
      const started = performance.now();
      const progress = agent.trainFromReplay(n);
      trainMs.push(performance.now() - started);
      return progress;
    },
  },
  {
    batches,
    save: async (checkpoint) => {
      const started = performance.now();
      const result = (await save(checkpoint)) as { bytes: number };
      saveMs.push(performance.now() - started);
      bytes = result.bytes;
    },
  },
);
console.log(`training checkpoints: ${outcome.checkpoints} checkpoints over ${outcome.batchesDone} batches, entry Q-table of ~${qEntries} entries, checkpoint file ${(bytes / 1e6).toFixed(2)} MB, dir ${dir}`);
console.log(`checkpoint save ms  p50 ${percentile(saveMs, 50).toFixed(2)}  p99 ${percentile(saveMs, 99).toFixed(2)}  max ${Math.max(...saveMs).toFixed(2)}  (spec target < 100 ms)`);
console.log(`100 batches train ms  p50 ${percentile(trainMs, 50).toFixed(2)}  p99 ${percentile(trainMs, 99).toFixed(2)}`);
await rm(dir, { recursive: true, force: true });
