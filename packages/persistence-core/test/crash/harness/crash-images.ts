// The disk images a power cut at this moment may leave, as file systems to reboot into.
//
// Fault model (CRASH-SAFETY.md):
//  - a file's pages written since its last fsync/fdatasync each independently survive or are
//    lost (so a multi-page write can be torn at any page boundary); its size is the synced one
//    or the new one, and bytes of a size that persisted ahead of its data read as zeros;
//  - a directory's name changes since its last fsync persist as ANY SUBSET (not only an ordered
//    prefix): stricter than ext4's ordered journal, so a pass here holds for weaker orderings too;
//    under the 'prefix' model (RecordingOptions.metadataOrder) the pending changes of ALL
//    directories persist as one prefix of their issue order instead, as an in-order journal does;
//  - a rename across directories persists whole or not at all and is durable once either
//    directory is fsynced (journaling file systems); with crossDirectoryRename 'halves' each
//    directory's half persists on its own instead.
// Per file, more than 5 dirty pages give the choices none, all, every prefix and every single
// page (at most 64). When the combinations of all files and directories exceed the bound, a
// deterministic sample is taken: "everything lost", "everything survived", then seeded random ones.

import type { DirectoryNode, DiskNode, FileNode } from './disk-model.js';
import { applyDirectoryOp, contentAfterCut } from './disk-model.js';
import { prefixCuts } from './prefix-model.js';
import { RecordingFileSystem } from './recording-fs.js';

export interface CrashImages {
  images: RecordingFileSystem[];
  /** How many states the model allows at this point (may exceed images.length when bounded). */
  possible: number;
  bounded: boolean;
}

/** A reboot takes longer than this: mtimes in the rebooted image lie this far in the past. */
const REBOOT_MS = 60_000;
const PER_FILE_OPTIONS = 64;

type Choice = (node: DiskNode) => DiskNode;
/** One independent choice of the cut: its options each put the nodes they decide into `chosen`. */
interface Dimension {
  options: ((chosen: Map<number, DiskNode>) => void)[];
}

function single(node: DiskNode, choices: Choice[]): Dimension {
  return { options: choices.map((choice) => (chosen) => void chosen.set(node.ino, choice(node))) };
}

function fileOptions(node: FileNode, pageBytes: number): Choice[] {
  const pages = [...node.dirty].sort((a, b) => a - b);
  const sizes = [...new Set([node.durable.byteLength, node.data.byteLength])];
  const masks = new Set<number>();
  if (pages.length <= 5) {
    for (let mask = 0; mask < 1 << pages.length; mask++) masks.add(mask);
  } else {
    // Bit i of a mask stands for pages[i] when i < 30; beyond, a mask selects a prefix or all.
    masks.add(0);
    masks.add(-1);
    for (let i = 1; i < Math.min(pages.length, 30); i++) masks.add((1 << i) - 1); // writeback in order, cut mid-way
    for (let i = 0; i < Math.min(pages.length, 30); i++) masks.add(1 << i);
  }
  const options: Choice[] = [];
  for (const size of sizes) {
    for (const mask of masks) {
      const survived = new Set(pages.filter((_, i) => mask === -1 || (i < 30 && (mask & (1 << i)) !== 0)));
      options.push(() => ({ ...node, data: contentAfterCut(node, survived, size, pageBytes), durable: new Uint8Array(0), dirty: new Set() }));
    }
  }
  // The extremes first and last, so sampling keeps them: all lost at the synced size, all kept at the new one.
  return options.length > PER_FILE_OPTIONS ? [...options.slice(0, PER_FILE_OPTIONS - 1), options[options.length - 1] as Choice] : options;
}

function directoryOptions(node: DirectoryNode): Choice[] {
  const options: Choice[] = [];
  const count = node.pending.length;
  for (let mask = 0; mask < 1 << Math.min(count, 12); mask++) {
    options.push(() => {
      const entries = new Map(node.durableEntries);
      node.pending.forEach((op, i) => {
        if (i < 12 ? (mask & (1 << i)) !== 0 : mask === (1 << 12) - 1) applyDirectoryOp(entries, op);
      });
      return { ...node, entries, durableEntries: new Map(entries), pending: [] };
    });
  }
  return options;
}

/** An atomic move that persisted in its target directory takes its old name with it. */
function removeMovedOut(nodes: DiskNode[], fs: RecordingFileSystem): void {
  const byIno = new Map(nodes.map((node) => [node.ino, node]));
  for (const original of fs.nodes.values()) {
    if (original.kind !== 'dir') continue;
    const image = byIno.get(original.ino) as DirectoryNode;
    for (const op of original.pending) {
      if (op.kind !== 'move-in' || image.entries.get(op.name) !== op.ino) continue;
      const source = byIno.get(op.fromDirectory);
      if (source?.kind === 'dir' && source.entries.get(op.fromName) === op.ino) source.entries.delete(op.fromName);
    }
  }
}

function settled(node: DiskNode): DiskNode {
  if (node.kind === 'file') return { ...node, data: node.durable.slice(), durable: new Uint8Array(0), dirty: new Set() };
  return { ...node, entries: new Map(node.durableEntries), durableEntries: new Map(node.durableEntries), pending: [] };
}

function reboot(nodes: DiskNode[], from: RecordingFileSystem): RecordingFileSystem {
  for (const node of nodes) {
    node.mtimeMs -= REBOOT_MS;
    if (node.kind === 'file') node.durable = node.data;
    else node.durableEntries = new Map(node.entries);
  }
  return RecordingFileSystem.fromNodes(nodes, { pageBytes: from.pageBytes, capacityBytes: from.capacityBytes, crossDirectoryRename: from.crossDirectoryRename, metadataOrder: from.metadataModel });
}

/** A small deterministic PRNG (mulberry32), so a bounded run explores the same states every time. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every disk image (up to `limit`) that a power cut now could leave. */
export function crashImages(fs: RecordingFileSystem, limit: number, seed = 1): CrashImages {
  const referenced = new Set<number>();
  for (const node of fs.nodes.values()) {
    if (node.kind !== 'dir') continue;
    for (const ino of node.durableEntries.values()) referenced.add(ino);
    for (const op of node.pending) if (op.kind !== 'delete') referenced.add(op.ino);
  }
  const dimensions: Dimension[] = [];
  const pendingDirectories = [...fs.nodes.values()].filter((node): node is DirectoryNode => node.kind === 'dir' && node.pending.length > 0);
  if (fs.metadataModel === 'prefix' && pendingDirectories.length > 0) dimensions.push({ options: prefixCuts(pendingDirectories) });
  else for (const node of pendingDirectories) dimensions.push(single(node, directoryOptions(node)));
  for (const node of fs.nodes.values()) {
    if (node.kind === 'file' && referenced.has(node.ino) && (node.dirty.size > 0 || node.data.byteLength !== node.durable.byteLength)) {
      dimensions.push(single(node, fileOptions(node, fs.pageBytes)));
    }
  }
  const possible = dimensions.reduce((product, d) => product * d.options.length, 1);
  const picks: number[][] = [];
  if (possible <= limit) {
    for (let index = 0; index < possible; index++) {
      let rest = index;
      picks.push(dimensions.map((d) => {
        const pick = rest % d.options.length;
        rest = Math.floor(rest / d.options.length);
        return pick;
      }));
    }
  } else {
    const random = seededRandom(seed);
    picks.push(dimensions.map(() => 0), dimensions.map((d) => d.options.length - 1));
    const seen = new Set(picks.map((p) => p.join(',')));
    for (let tries = 0; picks.length < limit && tries < limit * 20; tries++) {
      const pick = dimensions.map((d) => Math.floor(random() * d.options.length));
      if (seen.has(pick.join(','))) continue;
      seen.add(pick.join(','));
      picks.push(pick);
    }
  }
  const images = picks.map((pick) => {
    const chosen = new Map<number, DiskNode>();
    dimensions.forEach((d, i) => d.options[pick[i] as number]?.(chosen));
    const nodes = [...fs.nodes.values()].map((node) => chosen.get(node.ino) ?? settled(node));
    removeMovedOut(nodes, fs);
    return reboot(nodes, fs);
  });
  return { images, possible, bounded: possible > limit };
}
