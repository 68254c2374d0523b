// Shifting the generation chain down by one before a new current is renamed into place, where
// directory operations persist in order (metadata-order.ts): renames only, no fsync between them,
// since every prefix of the steps is a state the sequence passes through anyway and the commit's
// one fsync covers them all (elsewhere: linked-rotation.ts). Every step can be undone until the
// save commits: the generation that falls off the end is first renamed aside (`.qdrop`) and
// retired only after the commit, so a failed save leaves every previous generation as it was.

import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import type { GenerationName } from './generations.js';
import { GENERATIONS } from './generations.js';
import { saveStep } from './save-step.js';

export interface Rotation {
  /** Puts every generation back where it was (best effort, after a failure before the commit). */
  undo(): Promise<void>;
  /** The generation set aside because it falls off the chain: the next spare (spare-file.ts). */
  readonly dropped: Dropped | undefined;
}

export interface Dropped {
  /** `.<fileName>.<pid>.<random>.qdrop` */
  path: string;
  /** Another name (an outbox entry, a pin) shares its file: it must not become the spare. */
  shared: Promise<boolean>;
}

/** Step 1 of a rotation into a full chain: `.bak2` steps aside instead of being overwritten. */
export async function setAsideOldest(fs: FileSystem, directory: string, paths: Record<GenerationName, string>, undoSteps: (() => Promise<void>)[]): Promise<Dropped> {
  const path = join(directory, `.${basename(paths.current)}.${process.pid}.${randomBytes(4).toString('hex')}.qdrop`);
  await saveStep('set bak2 aside', paths.bak2, () => fs.rename(paths.bak2, path));
  undoSteps.push(() => fs.rename(path, paths.bak2));
  // Asked now, off the commit's path (names are only added under the lock this save holds).
  const shared = fs.stat(path).then((stat) => stat === undefined || stat.nlink > 1, () => true);
  return { path, shared };
}

/** When `.bak` already is current's file: the commit alone moves the chain on. */
export async function noRotation(): Promise<Rotation> {
  return { undo: async () => undefined, dropped: undefined };
}

export async function rotateInOrder(
  fs: FileSystem,
  directory: string,
  paths: Record<GenerationName, string>,
  present: Record<GenerationName, boolean>,
): Promise<Rotation> {
  const undoSteps: (() => Promise<void>)[] = [];
  const gap = GENERATIONS.findIndex((generation) => !present[generation]);
  let dropped: Dropped | undefined;
  try {
    // 1. The oldest generation steps aside instead of being overwritten.
    if (gap === -1) dropped = await setAsideOldest(fs, directory, paths, undoSteps);
    // 2. Shift bak1 -> bak2, bak -> bak1 down to the first gap.
    const shiftFrom = (gap === -1 ? GENERATIONS.length - 1 : gap) - 1;
    for (let i = shiftFrom; i >= 1; i--) {
      const from = paths[GENERATIONS[i] as GenerationName];
      const to = paths[GENERATIONS[i + 1] as GenerationName];
      await saveStep(`rotate ${GENERATIONS[i]} to ${GENERATIONS[i + 1]}`, from, () => fs.rename(from, to));
      undoSteps.push(() => fs.rename(to, from));
    }
    // 3. current stays in place (a hard link becomes bak), so there is never a moment without a current file.
    if (shiftFrom >= 0) {
      await saveStep('link current to bak', paths.current, () => fs.link(paths.current, paths.bak));
      undoSteps.push(() => fs.unlink(paths.bak));
    }
  } catch (error) {
    await undoRotation(fs, directory, undoSteps);
    throw error;
  }
  return { undo: () => undoRotation(fs, directory, undoSteps), dropped };
}

/** Runs the undo steps newest first (best effort), then makes the result durable. */
export async function undoRotation(fs: FileSystem, directory: string, steps: (() => Promise<void>)[]): Promise<void> {
  for (const step of steps.reverse()) await step().catch(() => undefined);
  steps.length = 0;
  await fs.syncDirectory(directory).catch(() => undefined);
}
