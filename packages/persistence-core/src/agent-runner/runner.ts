// The long-running demo process: a DemoAgent ticking on a timer, saved by the demo policy
// through the async queue into a StateDirectory, with the journal, the position file and
// training checkpoints. stop() is the clean shutdown (SaveAll); nothing else ever saves on exit.

import type { DemoAgent, DemoAgentOptions } from '../demo/agent.js';
import type { DemoComponent, DemoStates } from '../demo/states.js';
import { DEMO_COMPONENTS } from '../demo/states.js';
import { SaveJournal } from '../runtime/journal.js';
import { PositionFile } from '../runtime/position-file.js';
import { openKeyring } from '../signing/keyring.js';
import type { RecoveryReport } from '../store/reports.js';
import { StateDirectory } from '../store/state-directory.js';
import { STORED_COMPONENTS, codecOf } from './components.js';
import { DemoSavePolicy } from './demo-policy.js';
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
  /** A training step and checkpoint every this many ticks; 0 disables training. */
  checkpointEveryTicks: number;
  /** Batches per training step; a run is ten steps. */
  batchesPerCheckpoint: number;
  onAck: (ack: SaveAck) => void;
  /** Human notes (start-up report, reloads, save failures). */
  log: (line: string) => void;
}

export interface StartReport {
  keyringCreated: boolean;
  loaded: RecoveryReport[];
  position: string;
}

export class AgentRunner {
  readonly #options: AgentRunnerOptions;
  readonly #store: StateDirectory;
  readonly #journal: SaveJournal;
  readonly #positionFile: PositionFile;
  readonly #pipeline: SavePipeline;
  readonly #policy: DemoSavePolicy;
  #agent: DemoAgent;
  #timer: NodeJS.Timeout | undefined;
  #ticks = 0;

  private constructor(options: AgentRunnerOptions, parts: { store: StateDirectory; journal: SaveJournal; positionFile: PositionFile; agent: DemoAgent; seqs: Map<DemoComponent, number> }) {
    this.#options = options;
    this.#store = parts.store;
    this.#journal = parts.journal;
    this.#positionFile = parts.positionFile;
    this.#agent = parts.agent;
    this.#policy = new DemoSavePolicy(options, Date.now(), this.#agent.snapshot('activePosition') !== null);
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
    const store = await StateDirectory.open({ directory: options.directory, keyring });
    const journal = new SaveJournal({ directory: options.directory });
    const positionFile = new PositionFile({ directory: options.directory, keyring, journal });
    const loaded = await loadAll(store, positionFile);
    const agent = resumeAgent(options.agent, loaded.states);
    const runner = new AgentRunner(options, { store, journal, positionFile, agent, seqs: loaded.seqs });
    return { runner, report: { keyringCreated: created, loaded: loaded.reports, position: loaded.position.message } };
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

  /** Clean shutdown: stop ticking, write everything queued, then SaveAll, and close. */
  async stop(reason: string): Promise<void> {
    clearInterval(this.#timer);
    const started = performance.now();
    for (const component of STORED_COMPONENTS) this.#pipeline.request(component);
    if (this.#agent.snapshot('activePosition') !== null) this.#pipeline.request('activePosition');
    await this.#pipeline.close();
    await this.#journal.append({ kind: 'saveAll', component: '*', outcome: 'ok', durationMs: performance.now() - started, detail: { reason, ticks: this.#ticks } });
    await this.#positionFile.close();
    await this.#journal.close();
  }

  #tick(): void {
    const events = this.#agent.tick();
    this.#ticks++;
    const decision = this.#policy.afterTick(events, Date.now());
    for (const component of decision?.components ?? []) this.#pipeline.request(component);
    if (this.#policy.checkpointDue(events)) this.#trainAndCheckpoint();
  }

  #trainAndCheckpoint(): void {
    const { batchesPerCheckpoint } = this.#options;
    const progress = this.#agent.trainFromReplay(batchesPerCheckpoint);
    if (progress.batchesDone === 0) return;
    this.#pipeline.request('trainingCheckpoint', 'checkpoint');
    // A finished run is saved in full (spec 6.4), and the next one begins.
    if (progress.done) {
      this.#pipeline.request('entryAgent');
      this.#agent.beginTrainingRun(batchesPerCheckpoint * 10);
    }
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
    this.#agent = resumeAgent(this.#options.agent, states);
    this.#options.log(`${codec.name} was changed by another writer (seq ${header.seq}, ${report.used}); reloaded it into the running agent`);
    return report.used === 'current' ? header.seq : undefined;
  }
}
