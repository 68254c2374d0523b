// Shifting the generation chain down by one before a new current is renamed into place.
// Every step is followed by a directory fsync (unless directory operations persist in order,
// see metadata-order.ts: then every prefix of the steps is a state this sequence passes
// through anyway, and the commit's one fsync covers them) and can be undone until the save commits:
// the generation that falls off the end is first renamed aside (`.qdrop`) and deleted only
// after the commit, so a failed save leaves every previous generation as it was.

import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import type { GenerationName } from './generations.js';
import { GENERATIONS } from './generations.js';
import { saveStep } from './save-step.js';

export interface Rotation {
  /** Puts every generation back where it was (best effort, after a failure before the commit). */
  undo(): Promise<void>;
  /** After the commit: deletes the generation that fell off the chain. */
  finish(): Promise<void>;
}

export function dropPathFor(directory: string, fileName: string): string {
  return join(directory, `.${fileName}.${process.pid}.${randomBytes(4).toString('hex')}.qdrop`);
}

export async function rotateChain(
  fs: FileSystem,
  directory: string,
  paths: Record<GenerationName, string>,
  present: Record<GenerationName, boolean>,
  syncEachStep = true,
): Promise<Rotation> {
  const undoSteps: (() => Promise<void>)[] = [];
  const syncDirectory = async () => {
    if (syncEachStep) await saveStep('fsync directory', directory, () => fs.syncDirectory(directory));
  };
  const gap = GENERATIONS.findIndex((generation) => !present[generation]);
  let dropped: string | undefined;
  try {
    if (gap === -1) {
      // 1. The oldest generation steps aside instead of being overwritten.
      const drop = dropPathFor(directory, basename(paths.current));
      await saveStep('set bak2 aside', paths.bak2, () => fs.rename(paths.bak2, drop));
      dropped = drop;
      undoSteps.push(() => fs.rename(drop, paths.bak2));
      // No fsync before the next step: should that one persist without this one, only the
      // oldest generation is lost, which a save in flight may push out anyway (CRASH-SAFETY.md).
    }
    // 2. Shift bak1 -> bak2, bak -> bak1 down to the first gap.
    const shiftFrom = (gap === -1 ? GENERATIONS.length - 1 : gap) - 1;
    for (let i = shiftFrom; i >= 1; i--) {
      const from = paths[GENERATIONS[i] as GenerationName];
      const to = paths[GENERATIONS[i + 1] as GenerationName];
      await saveStep(`rotate ${GENERATIONS[i]} to ${GENERATIONS[i + 1]}`, from, () => fs.rename(from, to));
      undoSteps.push(() => fs.rename(to, from));
      await syncDirectory();
    }
    // 3. current stays in place (a hard link becomes bak), so there is never a moment without a current file.
    if (shiftFrom >= 0) {
      await saveStep('link current to bak', paths.current, () => fs.link(paths.current, paths.bak));
      undoSteps.push(() => fs.unlink(paths.bak));
      await syncDirectory();
    }
  } catch (error) {
    await undo(fs, directory, undoSteps);
    throw error;
  }
  return {
    undo: () => undo(fs, directory, undoSteps),
    finish: async () => {
      // Not fsynced: should the unlink be lost, start-up finds the `.qdrop` and keeps it in quarantine.
      if (dropped !== undefined) await fs.unlink(dropped).catch(() => undefined);
    },
  };
}

async function undo(fs: FileSystem, directory: string, steps: (() => Promise<void>)[]): Promise<void> {
  for (const step of steps.reverse()) await step().catch(() => undefined);
  steps.length = 0;
  await fs.syncDirectory(directory).catch(() => undefined);
}
