// The long-running demo process: a DemoAgent ticking on a timer, saved by the runtime's save
// policy through the async queue into a StateDirectory, with SaveAll cuts, the journal, the
// position file and checkpointed training. stop() is the clean shutdown (a final SaveAll);
// nothing else saves on exit, so an abnormal end leaves the last good state untouched.

import { activePositionCodec } from '../components/active-position.js';
import type { DemoAgent, DemoAgentOptions } from '../demo/agent.js';
import type { DemoComponent, DemoStates } from '../demo/states.js';
import { DEMO_COMPONENTS } from '../demo/states.js';
import type { CheckpointedTraining } from '../runtime/checkpoint.js';
import { trainWithCheckpoints } from '../runtime/checkpoint.js';
import { SaveJournal } from '../runtime/journal.js';
import { PositionFile } from '../runtime/position-file.js';
import type { SaveAllComponent, SaveAllReport } from '../runtime/save-all.js';
import { saveAll } from '../runtime/save-all.js';
import { SaveGuard } from '../guard/save-guard.js';
import { SavePolicy } from '../runtime/save-policy.js';
import { openKeyring } from '../signing/keyring.js';
import type { RecoveryReport } from '../store/reports.js';
import { StateDirectory } from '../store/state-directory.js';
import { STORED_COMPONENTS, codecOf, componentOf } from './components.js';
import type { SaveAck } from './save-pipeline.js';
import { SavePipeline } from './save-pipeline.js';
import { loadAll, resumeAgent } from './startup.js';

export interface AgentRunnerOptions {
  directory: string;
  keyringPath: string;
  agent: DemoAgentOptions;
  tickMs: number;
  /** Safety-net SaveAll interval (spec: 60 minutes). */
  forceSaveMs: number;
  /** Start a training run every this many ticks when none is running; 0 disables training. */
  trainEveryTicks: number;
  /** Batches between checkpoints (spec 6.4: 100); a run is ten checkpoints long. */
  batchesPerCheckpoint: number;
  onAck: (ack: SaveAck) => void;
  /** Human notes (start-up report, reloads, save failures). */
  log: (line: string) => void;
}

export interface StartReport {
  keyringCreated: boolean;
  loaded: RecoveryReport[];
  position: string;
  /** Stored components that did not fit the demo's configuration and were started fresh. */
  dropped: string[];
}

export class AgentRunner {
  readonly #options: AgentRunnerOptions;
  readonly #store: StateDirectory;
  readonly #journal: SaveJournal;
  readonly #positionFile: PositionFile;
  readonly #pipeline: SavePipeline;
  readonly #policy: SavePolicy;
  #agent: DemoAgent;
  #timer: NodeJS.Timeout | undefined;
  #ticks = 0;
  #stopping = false;
  #saveAlls: Promise<unknown> = Promise.resolve();
  #training: Promise<unknown> | undefined;
  /** A run interrupted by the last stop continues from its checkpoint. */
  #resumeTraining: boolean;

  private constructor(options: AgentRunnerOptions, parts: { store: StateDirectory; journal: SaveJournal; positionFile: PositionFile; agent: DemoAgent; seqs: Map<DemoComponent, number> }) {
    this.#options = options;
    this.#store = parts.store;
    this.#journal = parts.journal;
    this.#positionFile = parts.positionFile;
    this.#agent = parts.agent;
    this.#policy = new SavePolicy({ safetyNetMs: options.forceSaveMs });
    const checkpoint = this.#agent.snapshot('trainingCheckpoint');
    this.#resumeTraining = checkpoint.batchesDone < checkpoint.batchesTotal;
    this.#pipeline = new SavePipeline({
      store: parts.store,
      positionFile: parts.positionFile,
      journal: parts.journal,
      seqs: parts.seqs,
      snapshot: (component) => this.#agent.snapshot(component),
      reload: (component) => this.#reload(component),
      onAck: options.onAck,
      onError: (component, error) => options.log(`save of ${component} failed: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  /** Opens (creating the keyring on first use), loads every component and resumes the agent. */
  static async open(options: AgentRunnerOptions): Promise<{ runner: AgentRunner; report: StartReport }> {
    const { keyring, created } = await openKeyring(options.keyringPath);
    // The guard refuses a diverged state before it can rotate the last good generation away.
    const store = await StateDirectory.open({ directory: options.directory, keyring, guard: new SaveGuard() });
    const journal = new SaveJournal({ directory: options.directory });
    const positionFile = new PositionFile({ directory: options.directory, keyring, journal });
    const loaded = await loadAll(store, positionFile);
    const { agent, dropped } = resumeAgent(options.agent, loaded.states);
    const runner = new AgentRunner(options, { store, journal, positionFile, agent, seqs: loaded.seqs });
    return {
      runner,
      report: {
        keyringCreated: created,
        loaded: loaded.reports,
        position: loaded.position.message,
        dropped: dropped.map(({ component, reason }) => `${component} started fresh: ${reason}`),
      },
    };
  }

  get ticks(): number {
    return this.#ticks;
  }

  get conflicts(): number {
    return this.#pipeline.conflicts;
  }

  start(): void {
    this.#timer = setInterval(() => this.#tick(), this.#options.tickMs);
  }

  /** Clean shutdown: stop ticking and training, write what is queued, then a last SaveAll. */
  async stop(reason: string): Promise<SaveAllReport> {
    clearInterval(this.#timer);
    this.#stopping = true;
    await this.#training;
    await this.#pipeline.flush();
    const report = await this.#saveAll(`clean shutdown (${reason})`);
    await this.#pipeline.close();
    await this.#positionFile.close();
    await this.#journal.close();
    return report;
  }

  #tick(): void {
    const events = this.#agent.tick();
    this.#ticks++;
    const decision = this.#policy.observe(events);
    if (decision.position !== 'none') this.#pipeline.request('activePosition');
    for (const name of decision.components.keys()) {
      const component = componentOf(name);
      if (component !== undefined) this.#pipeline.request(component);
    }
    if (decision.saveAll !== undefined) {
      const reason = decision.saveAll;
      this.#saveAll(reason).catch((error: unknown) => this.#options.log(`SaveAll (${reason}) failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    if (this.#options.trainEveryTicks > 0 && this.#training === undefined && events.tick % this.#options.trainEveryTicks === 0) this.#train();
  }

  /** One consistent cut (runtime saveAll: manifest, priorities, disk pre-flight), one at a time. */
  #saveAll(reason: string): Promise<SaveAllReport> {
    const run = this.#saveAlls.then(async () => {
      const parts: DemoComponent[] = [...STORED_COMPONENTS];
      const components: SaveAllComponent[] = parts.map((component) => ({ codec: codecOf(component), state: this.#agent.snapshot(component) }));
      const position = this.#agent.snapshot('activePosition');
      if (position !== null) components.push({ codec: activePositionCodec, state: position });
      // The cut is written one component after another: a component reloaded meanwhile (a console
      // restore met by a background save) must not be overwritten by its state from before the reload.
      const marks = new Map(DEMO_COMPONENTS.map((component) => [component, this.#pipeline.mark(component)]));
      const report = await saveAll(components, {
        store: this.#store,
        journal: this.#journal,
        reason,
        save: (codec, state) => {
          const component = componentOf(codec.name) ?? 'activePosition';
          return this.#pipeline.saveNow(component, state, { owned: true, capturedAt: marks.get(component)! });
        },
      });
      for (const skipped of report.skipped) this.#options.log(`SaveAll (${reason}) skipped ${skipped.component}: ${skipped.reason}`);
      return report;
    });
    this.#saveAlls = run.catch(() => undefined);
    return run;
  }

  /** A training run with a durable checkpoint every `batchesPerCheckpoint` batches (spec 6.4). */
  #train(): void {
    const agent = (): DemoAgent => this.#agent;
    const stopping = (): boolean => this.#stopping;
    const training: CheckpointedTraining<DemoStates['trainingCheckpoint']> = {
      beginTrainingRun: (batches) => agent().beginTrainingRun(batches),
      // Once stopping, no more batches: the loop ends after the last durable checkpoint.
      trainFromReplay: (batches) => (stopping() ? { ...agent().snapshot('trainingCheckpoint'), done: false } : agent().trainFromReplay(batches)),
      checkpoint: () => agent().snapshot('trainingCheckpoint'),
    };
    const every = this.#options.batchesPerCheckpoint;
    const resume = this.#resumeTraining;
    this.#resumeTraining = false;
    this.#training = trainWithCheckpoints(training, { batches: every * 10, every, resume, save: (checkpoint) => this.#pipeline.saveNow('trainingCheckpoint', checkpoint, { kind: 'checkpoint' }) })
      .then((outcome) => {
        // A finished run is saved in full (spec 6.4 SaveFull).
        if (outcome.done) this.#pipeline.request('entryAgent');
      })
      .catch((error: unknown) => this.#options.log(`training stopped: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.#training = undefined;
      });
  }

  /** A save met someone else's write: rebuild the agent with that component as it now is on disk. */
  async #reload(component: DemoComponent): Promise<number | undefined> {
    const codec = codecOf(component);
    const { state, header, report } = await this.#store.load(codec);
    if (header === undefined) {
      this.#options.log(`${codec.name} changed on disk but nothing is loadable (${report.message}); keeping the running state`);
      return undefined;
    }
    const states: Partial<DemoStates> = {};
    for (const part of DEMO_COMPONENTS) {
      const live = this.#agent.snapshot(part);
      if (live !== null) (states as Record<DemoComponent, unknown>)[part] = live;
    }
    (states as Record<DemoComponent, unknown>)[component] = state;
    // The checkpoint carries an entry agent too; the newer of the two wins on resume, so it must not undo a restore.
    if (component === 'entryAgent' && states.trainingCheckpoint !== undefined) states.trainingCheckpoint = { ...states.trainingCheckpoint, entry: state };
    const { agent, dropped } = resumeAgent(this.#options.agent, states);
    this.#agent = agent;
    this.#options.log(`${codec.name} was changed by another writer (seq ${header.seq}, ${report.used}); reloaded it into the running agent`);
    for (const { component: part, reason } of dropped) this.#options.log(`warning: ${part} did not fit after the reload and started fresh: ${reason}`);
    return report.used === 'current' ? header.seq : undefined;
  }
}
