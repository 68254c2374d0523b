// The rotation where directory operations may persist in any order (CRASH-SAFETY.md, "unordered"):
// 1. every generation that moves one name down is first hard-linked under the name it will take
//    (`.<file>.<name>.qnext`, rotation-links.ts) and the directory fsynced once: from then on every
//    file of the chain has a durable name whatever else persists;
// 2. the oldest generation is set aside (`.qdrop`, the spare after the commit) and each link is
//    renamed over its generation name. Any subset of these renames may persist: start-up (or the
//    next holder of the lock) completes the rotation from the links still there.
// The commit's directory fsync makes step 2 durable, so a save costs two directory fsyncs, one of
// them while the new file is written, where a rotation by renames alone needs one after each step.

import { basename } from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import type { GenerationName } from './generations.js';
import { GENERATIONS } from './generations.js';
import type { Dropped, Rotation } from './rotation.js';
import { setAsideOldest, undoRotation } from './rotation.js';
import type { LinkTarget } from './rotation-links.js';
import { rotationLinkPath } from './rotation-links.js';
import { saveStep } from './save-step.js';

interface Move {
  from: GenerationName;
  to: LinkTarget;
  link: string;
}

export async function rotateLinked(
  fs: FileSystem,
  directory: string,
  paths: Record<GenerationName, string>,
  present: Record<GenerationName, boolean>,
): Promise<Rotation> {
  const fileName = basename(paths.current);
  const gap = GENERATIONS.findIndex((generation) => !present[generation]);
  const full = gap === -1;
  // The generations that move one name down, oldest first: from the first gap (or bak1) to current.
  const moves: Move[] = [];
  for (let i = (full ? GENERATIONS.length - 1 : gap) - 1; i >= 0; i--) {
    const to = GENERATIONS[i + 1] as LinkTarget;
    moves.push({ from: GENERATIONS[i] as GenerationName, to, link: rotationLinkPath(directory, fileName, to) });
  }
  const undoSteps: (() => Promise<void>)[] = [];
  let dropped: Dropped | undefined;
  try {
    // 1. Durable links first (all at once: none overwrites anything). Only links this save made
    //    are removed on failure: one that existed (EEXIST) belongs to the resolution of a dead save.
    const linked = await Promise.allSettled(moves.map(({ from, to, link }) => saveStep(`link ${from} as the next ${to}`, paths[from], () => fs.link(paths[from], link))));
    for (const [i, outcome] of linked.entries()) if (outcome.status === 'fulfilled') undoSteps.push(() => fs.unlink((moves[i] as Move).link));
    const failed = linked.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    if (moves.length > 0) await saveStep('fsync directory', directory, () => fs.syncDirectory(directory));
    // 2. `.bak2` aside, then every link over its name at once: in any order each file keeps a name,
    //    since the file a rename overwrites is still linked under its next name, or already there.
    if (full) dropped = await setAsideOldest(fs, directory, paths, undoSteps);
    const renamed = await Promise.allSettled(moves.map(({ to, link }) => saveStep(`rotate to ${to}`, link, () => fs.rename(link, paths[to]))));
    const done = new Set(moves.filter((_, i) => renamed[i]?.status === 'fulfilled').map(({ to }) => to));
    undoSteps.push(() => putBack(fs, paths, moves, present, done));
    const failedRename = renamed.find((outcome) => outcome.status === 'rejected');
    if (failedRename !== undefined) throw failedRename.reason;
  } catch (error) {
    await undoRotation(fs, directory, undoSteps);
    throw error;
  }
  return { undo: () => undoRotation(fs, directory, undoSteps), dropped };
}

/**
 * Undoes the renames in `done`, newest name first: each name gets back the file it had, which is
 * now at the next older name (if that rename was done) or still under its link. `.bak2`'s own file
 * comes back from `.qdrop` after this (setAsideOldest's undo); a name that was free is unlinked.
 */
async function putBack(fs: FileSystem, paths: Record<GenerationName, string>, moves: Move[], present: Record<GenerationName, boolean>, done: Set<LinkTarget>): Promise<void> {
  for (const { to } of [...moves].reverse()) {
    if (!done.has(to)) continue;
    const older = moves.find((move) => move.from === to);
    if (!present[to]) await fs.unlink(paths[to]).catch(() => undefined);
    else if (older !== undefined) await fs.rename(done.has(older.to) ? paths[older.to] : older.link, paths[to]).catch(() => undefined);
  }
}
