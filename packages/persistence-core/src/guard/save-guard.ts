// The guard around a save: run the semantic checks against the previous generation,
// refuse (SemanticCheckError, nothing written) or commit marked SUSPECT, and before the
// first suspect save pin the last generation that passed, so rotation cannot evict it.

import type { ComponentCodec } from '../components/codec.js';
import { ConflictError, QuantumStateError, SemanticCheckError } from '../errors.js';
import { HeaderFlag } from '../format/header.js';
import type { SaveResult } from '../store/reports.js';
import type { SaveOptions, StateDirectory } from '../store/state-directory.js';
import { checkAgainstSummary, summarizeState } from './check-state.js';
import type { StateSummary } from './checks/summary.js';
import type { CheckFinding } from './findings.js';
import { describeFinding, verdictOf } from './findings.js';
import type { GuardPolicy, GuardPolicyInput } from './policy.js';
import { guardPolicy } from './policy.js';
import type { PinnedGeneration } from './pins.js';
import { pinnedSeqs } from './pin-files.js';
import { pinGeneration } from './pins.js';

export interface SaveGuardOptions {
  policy?: GuardPolicyInput;
  /** Pin the last good generation before the first suspect save (default true). */
  autoPin?: boolean;
  now?: () => number;
}

/** What the guard says about one save; `SaveResult.guard` and the journal carry it. */
export interface GuardReport {
  verdict: 'passed' | 'suspect';
  findings: CheckFinding[];
  /** The generation the relative checks compared against; absent on a first save. */
  comparedWithSeq?: number;
  /** Why the relative checks were skipped, when they were. */
  note?: string;
  /** The last good generation, pinned automatically before this suspect save. */
  autoPinned?: PinnedGeneration;
  /** Why the automatic pin could not be made, when it could not. */
  autoPinFailed?: string;
}

export interface CommitDecision {
  /** Header flags to add to the save. */
  flags: number;
  report: GuardReport;
  summary: StateSummary;
}

export type GuardedSaveResult = SaveResult & { guard: GuardReport };

/** A conflicting writer between check and commit: check again against its generation. */
const MAX_CONFLICT_RETRIES = 3;

export class SaveGuard {
  readonly policy: GuardPolicy;
  readonly #autoPin: boolean;
  readonly #now: () => number;
  /** Summary of the last generation this guard checked and saw committed, per component file. */
  readonly #committed = new Map<string, { seq: number; summary: StateSummary }>();

  constructor(options: SaveGuardOptions = {}) {
    this.policy = guardPolicy(options.policy);
    this.#autoPin = options.autoPin ?? true;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Checks `state` against the current generation; throws SemanticCheckError when a refusing check
   * fails. Takes no lock, so the store may call it while holding the component's lock.
   */
  async beforeCommit<S>(store: StateDirectory, codec: ComponentCodec<S>, state: S): Promise<CommitDecision> {
    const header = await store.currentHeader(codec as ComponentCodec<unknown>);
    const previous = header === undefined ? undefined : await this.#previousSummary(store, codec, header.seq);
    const { findings, summary } = checkAgainstSummary(codec.name, state, previous, this.policy);
    const verdict = verdictOf(findings);
    if (verdict === 'refuse') throw new SemanticCheckError(findings, { file: store.pathOf(codec as ComponentCodec<unknown>, 'current') });
    const report: GuardReport = { verdict: verdict === 'suspect' ? 'suspect' : 'passed', findings };
    if (header !== undefined && previous !== undefined) report.comparedWithSeq = header.seq;
    if (header !== undefined && previous === undefined) report.note = `current generation unreadable: relative checks skipped`;
    if (verdict === 'suspect' && this.#autoPin && header !== undefined && (header.flags & HeaderFlag.SUSPECT) === 0) {
      await this.#pinLastGood(store, codec, header.seq, findings, report);
    }
    return { flags: verdict === 'suspect' ? HeaderFlag.SUSPECT : 0, report, summary };
  }

  /** Remembers what was committed, so the next save is compared without reading it back. */
  afterCommit(codec: ComponentCodec<unknown>, seq: number, decision: CommitDecision): void {
    this.#committed.set(codec.fileName, { seq, summary: decision.summary });
  }

  /** A guarded save through the store's ordinary save, for a store opened without this guard (its own guard is skipped). */
  async save<S>(store: StateDirectory, codec: ComponentCodec<S>, state: S, options: SaveOptions = {}): Promise<GuardedSaveResult> {
    for (let attempt = 0; ; attempt++) {
      const decision = await this.beforeCommit(store, codec, state);
      const expectedSeq = options.expectedSeq ?? decision.report.comparedWithSeq;
      try {
        const result = await store.save(codec, state, { ...options, unguarded: true, flags: (options.flags ?? 0) | decision.flags, ...(expectedSeq === undefined ? {} : { expectedSeq }) });
        this.afterCommit(codec as ComponentCodec<unknown>, result.seq, decision);
        return { ...result, guard: decision.report };
      } catch (error) {
        if (!(error instanceof ConflictError) || options.expectedSeq !== undefined || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  async #previousSummary<S>(store: StateDirectory, codec: ComponentCodec<S>, seq: number): Promise<StateSummary | undefined> {
    const cached = this.#committed.get(codec.fileName);
    if (cached?.seq === seq) return cached.summary;
    try {
      const { state, header } = await store.read(codec, 'current');
      return header.seq === seq ? summarizeState(codec.name, state) : undefined;
    } catch (error) {
      if (error instanceof QuantumStateError) return undefined;
      throw error;
    }
  }

  async #pinLastGood<S>(store: StateDirectory, codec: ComponentCodec<S>, seq: number, findings: CheckFinding[], report: GuardReport): Promise<void> {
    try {
      if ((await pinnedSeqs(store.fs, store.directory, codec.fileName)).includes(seq)) return;
      const note = `last generation that passed every check before a suspect save: ${findings.map(describeFinding).join('; ')}`;
      report.autoPinned = await pinGeneration(store, codec, 'current', { note, pinnedBy: 'agent', automatic: true, expectedSeq: seq }, this.#now());
    } catch (error) {
      // The suspect save still goes ahead: refusing it would stop the agent persisting anything.
      if (!(error instanceof QuantumStateError)) throw error;
      report.autoPinFailed = error.message;
    }
  }
}
