// `demo`: runs the demo agent on a state directory until SIGINT/SIGTERM or --duration-s.
// Those are the clean shutdown (queue flushed, SaveAll, exit 0); an uncaught error exits 70
// without saving, so the last good state on disk is not replaced by a possibly corrupt one.

import { AgentRunner } from '../../agent-runner/runner.js';
import type { Command } from '../command.js';
import { integerOption } from '../command.js';
import { ExitCode } from '../exit-codes.js';

const SPEC_SAFETY_NET_S = 3600;

export const demoCommand: Command = {
  name: 'demo',
  usage: 'demo [--seed N] [--q-entries N] [--tick-ms N] [--log-saves] [--duration-s N] [--save-interval-s N]',
  summary: 'run the demo agent on the state directory (resumes saved state; Ctrl-C saves everything and exits)',
  options: {
    seed: { type: 'string' },
    'q-entries': { type: 'string' },
    'replay-capacity': { type: 'string' },
    'tick-ms': { type: 'string' },
    'duration-s': { type: 'string' },
    'save-interval-s': { type: 'string' },
    'train-every-ticks': { type: 'string' },
    'log-saves': { type: 'boolean', default: false },
  },
  async run({ shared, values, output }) {
    const logSaves = values['log-saves'] === true;
    const durationS = integerOption(values, 'duration-s', 0);
    const log = (line: string): void => output.warn(`demo: ${line}`);
    failWithoutSavingOnCrash();
    const { runner, report } = await AgentRunner.open({
      directory: shared.directory,
      keyringPath: shared.keyringPath,
      agent: {
        seed: integerOption(values, 'seed', 1),
        qEntries: integerOption(values, 'q-entries', 5_000),
        replayCapacity: integerOption(values, 'replay-capacity', 4096),
      },
      tickMs: Math.max(1, integerOption(values, 'tick-ms', 50)),
      forceSaveMs: 1000 * Math.max(1, integerOption(values, 'save-interval-s', SPEC_SAFETY_NET_S)),
      trainEveryTicks: integerOption(values, 'train-every-ticks', 100),
      batchesPerCheckpoint: 100,
      onAck: (ack) => {
        if (logSaves) process.stdout.write(`${JSON.stringify(ack)}\n`);
      },
      log,
    });
    if (report.keyringCreated) log(`created keyring ${shared.keyringPath}`);
    for (const loaded of report.loaded) if (loaded.level !== 'ok' || loaded.used !== null) log(`${loaded.level}: ${loaded.message}`);
    log(report.position);
    for (const dropped of report.dropped) log(`warning: ${dropped}`);
    log(`running on ${shared.directory}; Ctrl-C (SIGINT) or SIGTERM saves everything and exits (a second one a second later exits without saving)`);
    runner.start();
    const reason = await shutdownRequested(durationS, log);
    log(`${reason}: saving everything`);
    const saved = await runner.stop(reason);
    log(`SaveAll cut ${saved.cutId}: ${saved.saved.length} saved, ${saved.skipped.length} skipped${saved.complete ? '' : ' (manifest not committed)'}`);
    log(`stopped cleanly after ${runner.ticks} ticks${runner.conflicts > 0 ? `, ${runner.conflicts} save(s) yielded to another writer` : ''}`);
    return ExitCode.OK;
  },
};

/**
 * A repeat of the stop signal sooner than this is the same request arriving twice (Ctrl-C reaches
 * the whole process group, then the console stops its child), not an operator insisting.
 */
const REPEAT_IS_DUPLICATE_MS = 1000;

/** SIGINT, SIGTERM or the end of --duration-s; a second signal a second later exits at once, without saving. */
function shutdownRequested(durationS: number, log: (line: string) => void): Promise<string> {
  return new Promise((resolve) => {
    const timer = durationS > 0 ? setTimeout(() => resolve('duration reached'), durationS * 1000) : undefined;
    let first: number | undefined;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (first === undefined) {
        first = performance.now();
        clearTimeout(timer);
        resolve(signal);
      } else if (performance.now() - first < REPEAT_IS_DUPLICATE_MS) {
        log(`${signal} again while saving: the same stop request, still saving`);
      } else {
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Abnormal termination (spec 6.5): report and exit; no save may follow a state of unknown health. */
function failWithoutSavingOnCrash(): void {
  const fail = (error: unknown): void => {
    process.stderr.write(`demo: abnormal termination, nothing saved: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(ExitCode.INTERNAL);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}
