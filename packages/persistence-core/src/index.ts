// The public surface of persistence-core. Each section is owned by one module group.

// errors
export * from './errors.js';

// file system
export type { FileSystem, FileHandle, FileStat, OpenFlags, SpaceInfo } from './fs/file-system.js';
export { NodeFileSystem, nodeFileSystem } from './fs/node-file-system.js';
export type { MetadataOrder, MetadataOrderProbe } from './fs/metadata-order.js';

// format
export type { FileHeader } from './format/header.js';
export { FORMAT_VERSION, HEADER_BYTES, HMAC_BYTES, HeaderFlag, readHeader } from './format/header.js';
export { sealFile, openFile } from './format/container.js';
export type { OpenedFile } from './format/container.js';
export { SectionReader, SectionWriter } from './format/sections.js';

// signing
export { SigningKey } from './signing/hmac.js';
export { Keyring, defaultKeyringPath, openKeyring, readKeyring, writeKeyring } from './signing/keyring.js';

// components
export * from './components/enums.js';
export type * from './components/types.js';
export type { ComponentCodec, SavePriority, SchemaMigration } from './components/codec.js';
export { entryAgentCodec } from './components/entry-agent.js';
export { exitAgentCodec } from './components/exit-agent.js';
export { replayBufferCodec } from './components/replay-buffer.js';
export { cumulativeSum, CDF_RELATIVE_TOLERANCE } from './components/replay-cdf.js';
export { riskAdversaryCodec } from './components/risk-adversary.js';
export { learningMetricsCodec } from './components/learning-metrics.js';
export { portfolioRiskCodec } from './components/portfolio-risk.js';
export { shadowAgentsCodec } from './components/shadow-agents.js';
export { physicsStateCodec } from './components/physics-state.js';
export { activePositionCodec } from './components/active-position.js';
export { trainingCheckpointCodec } from './components/training-checkpoint.js';
export { componentCodecs, componentNames, codecByName, codecByKind } from './components/registry.js';
export type { AnyComponentCodec, ComponentName } from './components/registry.js';

// store
export { StateDirectory, DEFAULT_RESERVE_BYTES } from './store/state-directory.js';
export type { StateDirectoryOptions, SaveOptions } from './store/state-directory.js';
export type { GenerationReport, LoadResult, RecoveryReport, SaveResult } from './store/reports.js';
export { GENERATIONS, generationFile, isGenerationName } from './store/generations.js';
export type { GenerationName } from './store/generations.js';
export { listQuarantine, QUARANTINE_DIRECTORY } from './store/quarantine.js';
export { DEFAULT_OUTBOX_LIMIT, OUTBOX_DIRECTORY, outboxEntryName, parseOutboxEntry } from './store/outbox.js';
export type { OutboxLink } from './store/outbox.js';
export type { QuarantinedFile } from './store/quarantine.js';
export { decodeGeneration, readHeaderOnly } from './store/generation-reader.js';
export { migrationStatus, migrateAll } from './store/migration-status.js';
export type { MigrationStatus } from './store/migration-status.js';

// guard
export { CHECK_IDS, DEFAULT_GUARD_BOUNDS, DEFAULT_GUARD_POLICY, guardPolicy, policyFor } from './guard/policy.js';
export type { CheckId, CheckPolicy, GuardAction, GuardBounds, GuardPolicy, GuardPolicyInput } from './guard/policy.js';
export { describeFinding, verdictOf } from './guard/findings.js';
export type { CheckFinding } from './guard/findings.js';
export { checkAgainstSummary, checkState, checksFor, summarizeState } from './guard/check-state.js';
export type { CheckOutcome } from './guard/check-state.js';
export type { StateSummary } from './guard/checks/summary.js';
export { SaveGuard } from './guard/save-guard.js';
export type { CommitDecision, GuardedSaveResult, GuardReport, SaveGuardOptions } from './guard/save-guard.js';
export { PINNED_DIRECTORY, pinFileName } from './guard/pin-files.js';
export type { NoteStatus, PinNote } from './guard/pin-note.js';
export { listPins, pinGeneration, readPinned, restorePinned, unpinGeneration, verifyPin } from './guard/pins.js';
export type { PinnedGeneration, PinRequest, PinVerification } from './guard/pins.js';
export { formatAge, lastResortPin } from './guard/last-resort.js';
export type { LastResortPin } from './guard/last-resort.js';
export { guardJournalDetail, refusalJournalDetail } from './guard/journal-detail.js';
export { checkGenerations } from './guard/verify-generations.js';
export type { GenerationCheck } from './guard/verify-generations.js';
export { guardVerify, withGuardVerification } from './guard/verify-report.js';
export type { GuardVerification } from './guard/verify-report.js';

// runtime: save journal (read by the console server), position file, delta log, save queue, policy, SaveAll, checkpoints
export { SaveJournal, JOURNAL_FILE, journalPath } from './runtime/journal.js';
export type { JournalEntry, JournalKind, JournalOutcome } from './runtime/journal.js';
export { readJournal, followJournal, formatPosition, parsePosition } from './runtime/journal-reader.js';
export type { JournalPage, JournalPosition, PositionedEntry } from './runtime/journal-reader.js';
export { DeltaLog, DeltaLogError, deltaPath, loadIncremental } from './runtime/delta-log.js';
export type { DeltaAppend, IncrementalLoad, IncrementalSave, QTableState } from './runtime/delta-log.js';
export type { DeltaReport } from './runtime/delta-scan.js';
export { DEFAULT_DELTA_THRESHOLDS } from './runtime/delta-log.js';
export type { DeltaThresholds } from './runtime/delta-log.js';
export { POSITION_FILE, PositionFile } from './runtime/position-file.js';
export type { PositionFileOptions, PositionRecovery, PositionWrite } from './runtime/position-file.js';
export type { SlotReport, SlotStatus } from './runtime/position-slot.js';
export { readPositionFile } from './cli/position-report.js';
export type { PositionReport } from './cli/position-report.js';
export { AsyncSaveQueue, SaveQueueClosedError } from './runtime/save-queue.js';
export type { AsyncSaveQueueOptions, EnqueueOptions, SaveTicket } from './runtime/save-queue.js';
export { captureState, estimateBytes } from './runtime/capture.js';
export { CapturePool } from './runtime/capture-pool.js';
export { WorkerSaver } from './runtime/worker-saver.js';
export type { WorkerPriority, WorkerSaverOptions } from './runtime/worker-saver.js';
export { isolateAgentThread } from './runtime/thread-affinity.js';
export { SharedCapture, SharedState, sharedColumn } from './runtime/shared-state.js';
export { journaledSaver, saveAndJournal } from './runtime/journaled-save.js';
export { DEFAULT_SAVE_POLICY, SavePolicy } from './runtime/save-policy.js';
export type { PolicyComponent, PolicyEvents, SaveDecision, SavePolicyConfig } from './runtime/save-policy.js';
export { encodedSize, saveAll } from './runtime/save-all.js';
export type { SaveAllComponent, SaveAllOptions, SaveAllReport } from './runtime/save-all.js';
export { manifestCodec } from './runtime/manifest.js';
export type { ManifestEntry, ManifestState } from './runtime/manifest.js';
export { readCut, readManifests } from './runtime/cut.js';
export type { CutMembership, CutReport } from './runtime/cut.js';
export { checkpointSaver, interruptedRun, trainWithCheckpoints } from './runtime/checkpoint.js';
export { componentSaver } from './runtime/component-saver.js';
export type { ComponentSave, ComponentSaverOptions } from './runtime/component-saver.js';
export { AgentRuntime } from './runtime/agent-runtime.js';
export type { AgentRuntimeOptions } from './runtime/agent-runtime.js';
export type { CheckpointedTraining, TrainOptions, TrainingOutcome } from './runtime/checkpoint.js';

// demo: the simulated agent that feeds the store until a real terminal does
export { DemoAgent } from './demo/agent.js';
export type { DemoAgentOptions } from './demo/agent.js';
export { demoComponentCodecs } from './demo/codecs.js';
export { DemoStateMismatchError, isDemoStateMismatchError } from './demo/mismatch-error.js';
export { resumeDemoAgent } from './demo/resume.js';
export type { DroppedComponent, ResumedDemo } from './demo/resume.js';
export { DEMO_COMPONENTS, resumeTickOf } from './demo/states.js';
export type { DemoComponent, DemoStates, TickEvents } from './demo/states.js';
export type { TrainingProgress } from './demo/training.js';
export { DEMO_SYMBOLS, timeOfTick, tickOfTime } from './demo/market.js';
