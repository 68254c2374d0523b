// The links an unordered rotation makes before it renames anything (linked-rotation.ts):
// `.<fileName>.<bak|bak1|bak2>.qnext`, a hard link of the generation that is to take that name.
// Only the holder of the component's lock makes them, and a save removes or renames them all
// before it lets go, so any that exist while the lock is held were left by a save that died.
// Resolving them: if every linked file still has a generation name, the rotation had not renamed
// anything that mattered, and the links go; if one is reachable only through its link, the
// renames had begun, the links were all durable, and the rotation is completed, oldest name
// first, each rename made durable before the next overwrites the file it just moved.

import { join } from 'node:path';
import type { FileStat, FileSystem } from '../fs/file-system.js';
import type { GenerationName } from './generations.js';
import { GENERATIONS } from './generations.js';

export type LinkTarget = Exclude<GenerationName, 'current'>;

/** Oldest first: the order in which an interrupted rotation is completed. */
const TARGETS_OLDEST_FIRST: readonly LinkTarget[] = ['bak2', 'bak1', 'bak'];

export const ROTATION_LINK_PATTERN = /^\.(ProjectQuantum_[A-Za-z0-9_]+\.[a-z]+)\.(bak|bak1|bak2)\.qnext$/;

export function rotationLinkPath(directory: string, fileName: string, target: LinkTarget): string {
  return join(directory, `.${fileName}.${target}.qnext`);
}

export interface ResolvedRotation {
  /** 'completed': the links were renamed into place; 'discarded': they were removed. */
  outcome: 'completed' | 'discarded';
  links: string[];
}

export type LinkStats = (FileStat | undefined)[];

/** The links of the component, oldest target first (stat each; undefined: absent). */
export function statRotationLinks(fs: FileSystem, directory: string, fileName: string): Promise<LinkStats> {
  return Promise.all(TARGETS_OLDEST_FIRST.map((target) => fs.stat(rotationLinkPath(directory, fileName, target))));
}

/**
 * Resolves the links a dead save left; the caller holds the component's lock. `seen`: the links
 * as stat'ed by the caller while the lock was free (StateDirectory.withLock); none there means
 * none now, since a save holding the lock makes links and removes them all before letting go.
 */
export async function resolveRotationLinks(
  fs: FileSystem,
  directory: string,
  fileName: string,
  paths: Record<GenerationName, string>,
  seen?: LinkStats,
): Promise<ResolvedRotation | undefined> {
  if (seen?.every((link) => link === undefined) === true) return undefined;
  const linkPaths = TARGETS_OLDEST_FIRST.map((target) => rotationLinkPath(directory, fileName, target));
  const links = await statRotationLinks(fs, directory, fileName);
  if (links.every((link) => link === undefined)) return undefined;
  const named = await Promise.all(GENERATIONS.map((generation) => fs.stat(paths[generation])));
  const namedInodes = new Set(named.flatMap((stat) => (stat === undefined ? [] : [stat.ino])));
  const stranded = links.some((link) => link !== undefined && !namedInodes.has(link.ino));
  const resolved: string[] = [];
  for (const [i, target] of TARGETS_OLDEST_FIRST.entries()) {
    const link = links[i];
    const path = linkPaths[i] as string;
    if (link === undefined) continue;
    resolved.push(path);
    // Each name is only ever renamed over by its own link, so its stat from above still holds.
    const sameFile = named[GENERATIONS.indexOf(target)]?.ino === link.ino;
    if (!stranded || sameFile) {
      await fs.unlink(path);
      continue;
    }
    await fs.rename(path, paths[target]);
    await fs.syncDirectory(directory);
  }
  await fs.syncDirectory(directory);
  return { outcome: stranded ? 'completed' : 'discarded', links: resolved };
}
