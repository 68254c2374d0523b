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
    log(`running on ${shared.directory}; Ctrl-C (SIGINT) or SIGTERM saves everything and exits`);
    runner.start();
    const reason = await shutdownRequested(durationS);
    log(`${reason}: saving everything`);
    const saved = await runner.stop(reason);
    log(`SaveAll cut ${saved.cutId}: ${saved.saved.length} saved, ${saved.skipped.length} skipped${saved.complete ? '' : ' (manifest not committed)'}`);
    log(`stopped cleanly after ${runner.ticks} ticks${runner.conflicts > 0 ? `, ${runner.conflicts} save(s) yielded to another writer` : ''}`);
    return ExitCode.OK;
  },
};

/** SIGINT, SIGTERM or the end of --duration-s; a second signal exits at once, without saving. */
function shutdownRequested(durationS: number): Promise<string> {
  return new Promise((resolve) => {
    const timer = durationS > 0 ? setTimeout(() => resolve('duration reached'), durationS * 1000) : undefined;
    const onSignal = (signal: NodeJS.Signals): void => {
      clearTimeout(timer);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
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
