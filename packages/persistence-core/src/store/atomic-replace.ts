// The crash-critical sequence of a save, step by step (NOTES.md 2 and 3):
//   write temp -> fsync + verify on disk (the chain rotates meanwhile) -> rename over current -> fsync directory.
// The rotation makes every file of the chain durably reachable before it renames anything over
// another (linked-rotation.ts: one directory fsync while the new file is written), or, where
// directory operations persist in order, one fsync covers it all (rotation.ts); so a power cut at
// any point leaves the newest committed state loadable and no older generation silently lost; a
// failure before the commit puts the chain back as it was and removes the temp file.

import type { FileLayout } from '../format/container.js';
import type { FileStat, FileSystem } from '../fs/file-system.js';
import type { GenerationName } from './generations.js';
import type { Outbox, OutboxLink } from './outbox.js';
import { rotateLinked } from './linked-rotation.js';
import { noRotation, rotateInOrder } from './rotation.js';
import { saveStep as step } from './save-step.js';
import { retireDropped } from './spare-file.js';
import type { OpeningTemp } from './temp-file.js';
import { makeDurable, writeTempFile } from './temp-file.js';

export interface ReplacePhases {
  write: number;
  fsync: number;
  verify: number;
  rotate: number;
  rename: number;
  syncDirectory: number;
  outbox: number;
  /** Closing the temp file, retiring the generation that fell off the chain as the spare. */
  finish: number;
}

export interface Replaced {
  phases: ReplacePhases;
  /** Inode, size and mtime of the committed file (a rename keeps them). */
  identity?: FileStat;
  /** The committed file's link into the replication outbox, when the outbox is enabled. */
  outbox?: OutboxLink;
}

export interface ReplaceInput {
  fs: FileSystem;
  directory: string;
  /** The temp file (or spare) being opened (temp-file.ts openTempFile). */
  temp: OpeningTemp;
  /** Where the generation that falls off the chain goes (spare-file.ts). */
  sparePath: string;
  /** Path of each generation of the component. */
  paths: Record<GenerationName, string>;
  /** Which generations exist now (after any quarantine). */
  present: Record<GenerationName, boolean>;
  /** `.bak` is current's very file already (chain-preparation.ts): nothing to rotate. */
  bakIsCurrent?: boolean;
  layout: FileLayout;
  /** Links the committed file as (`fileName`, `seq`) when the replicator's outbox exists. */
  outbox?: { box: Outbox; fileName: string; seq: number };
  /**
   * Directory operations persist in order (a prefix survives a power cut; fsync of a directory
   * makes every earlier one durable): one directory fsync for the whole rotation and commit.
   */
  ordered?: boolean;
}

/** Replaces the current generation with `bytes`, keeping up to three older generations. */
export async function atomicReplace(input: ReplaceInput): Promise<Replaced> {
  const { fs, directory, paths, present, layout } = input;
  const tempPath = input.temp.path;
  const phases: ReplacePhases = { write: 0, fsync: 0, verify: 0, rotate: 0, rename: 0, syncDirectory: 0, outbox: 0, finish: 0 };
  // Each phase's own duration: rotate overlaps write, fsync and verify, which overlap each other.
  const timed = async <T>(phase: keyof ReplacePhases, action: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await action();
    } finally {
      phases[phase] += performance.now() - started;
    }
  };
  let tempExists = false;
  try {
    // The chain rotates (shifting generations down to the first gap; bak2 drops out only when
    // the chain is full) while the new file is written, fsynced and verified: rotating touches
    // none of its bytes, every state it passes through is one a power cut may leave anyway, and
    // only the commit waits for the new file to be durable. A failure of either undoes the rotation.
    const rotate = input.bakIsCurrent === true ? noRotation : input.ordered === true ? rotateInOrder : rotateLinked;
    const rotating = timed('rotate', () => rotate(fs, directory, paths, present));
    rotating.catch(() => undefined);
    let identity: FileStat | undefined;
    try {
      // 1-2. Write every byte into a new temp file in the same directory. 3. fsync and verify it.
      const written = await writeTempFile(input.temp, layout, timed, () => (tempExists = true));
      identity = await makeDurable(fs, tempPath, layout, written, timed);
    } catch (error) {
      // A rotation that failed has undone itself; one that went through is undone here.
      await (await rotating.catch(() => undefined))?.undo();
      throw error;
    }
    const rotation = await rotating;
    // 5. Atomic rename over current: the commit point. A failure before it undoes the rotation.
    try {
      await timed('rename', () => step('rename temp to current', paths.current, () => fs.rename(tempPath, paths.current)));
    } catch (error) {
      await rotation.undo();
      throw error;
    }
    tempExists = false;
    // The generation set aside becomes the spare the next save writes over (spare-file.ts), while
    // the commit is made durable: the spare's name needs no fsync of its own (a crash that loses
    // it leaves `.qdrop`, which start-up quarantines), and it is in place before the lock is let go.
    const { dropped } = rotation;
    const retiring = dropped === undefined ? undefined : timed('finish', () => retireDropped(fs, dropped, input.sparePath));
    // 6. fsync: only now is the save durable. If it fails, the error says so. 7. The replication
    //    outbox's link of it.
    try {
      const outbox = input.ordered === true ? await commitOrdered(input, paths.current, timed) : await commitUnordered(input, paths.current, timed);
      return { phases, ...(identity === undefined ? {} : { identity }), ...(outbox === undefined ? {} : { outbox }) };
    } finally {
      await retiring;
    }
  } finally {
    if (tempExists) await fs.unlink(tempPath).catch(() => undefined);
  }
}

type Timed = <T>(phase: keyof ReplacePhases, action: () => Promise<T>) => Promise<T>;

const syncStateDirectory = (input: ReplaceInput): Promise<void> =>
  step('fsync directory', input.directory, () => input.fs.syncDirectory(input.directory), true);

/** The state directory's fsync, then the outbox link and the outbox's own fsync. */
async function commitUnordered(input: ReplaceInput, current: string, timed: Timed): Promise<OutboxLink | undefined> {
  await timed('syncDirectory', () => syncStateDirectory(input));
  return timed('outbox', async () => {
    const link = await linkIntoOutbox(input, current);
    return link?.linked === true ? input.outbox!.box.syncDirectory(link) : link;
  });
}

/**
 * The outbox link is the last directory operation, so fsync of `.outbox/` makes it and the
 * whole rotation durable at once; without a link (or if that fsync fails), the state directory's.
 */
async function commitOrdered(input: ReplaceInput, current: string, timed: Timed): Promise<OutboxLink | undefined> {
  const link = await timed('outbox', () => linkIntoOutbox(input, current));
  return timed('syncDirectory', async () => {
    const outbox = link?.linked === true ? await input.outbox!.box.syncDirectory(link) : link;
    if (outbox?.linked !== true) await syncStateDirectory(input);
    return outbox;
  });
}

/** Never throws: a replication problem is reported in the SaveResult, the save stands. */
async function linkIntoOutbox(input: ReplaceInput, current: string): Promise<OutboxLink | undefined> {
  if (input.outbox === undefined) return undefined;
  const { box, fileName, seq } = input.outbox;
  if (!(await box.enabled())) return undefined;
  return box.link(current, fileName, seq);
}
