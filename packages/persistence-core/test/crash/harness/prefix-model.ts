// The prefix model of directory operations (RecordingOptions.metadataOrder 'prefix'): a
// metadata journal that commits in order (ext4 with jbd2, XFS) leaves, after a power cut, a
// PREFIX of all directories' operations in issue order; fsync of a directory makes durable every
// operation issued up to that directory's own last one (a move into or out of it counts).

import type { DirectoryNode, DirectoryOp, DiskNode } from './disk-model.js';
import { applyDirectoryOp } from './disk-model.js';

function directoriesOf(nodes: Map<number, DiskNode>): DirectoryNode[] {
  return [...nodes.values()].filter((node): node is DirectoryNode => node.kind === 'dir');
}

/** fsync of `dir` under the prefix model. */
export function commitPrefix(nodes: Map<number, DiskNode>, dir: DirectoryNode): void {
  const touches = (node: DirectoryNode, op: DirectoryOp) => node === dir || (op.kind === 'move-in' && op.fromDirectory === dir.ino);
  let through = -1;
  for (const node of directoriesOf(nodes)) for (const op of node.pending) if (touches(node, op)) through = Math.max(through, op.order ?? 0);
  for (const node of directoriesOf(nodes)) {
    for (const op of node.pending.filter((pending) => (pending.order ?? 0) <= through)) {
      applyDirectoryOp(node.durableEntries, op);
      // An atomic move made durable takes its old name with it.
      const source = op.kind === 'move-in' ? nodes.get(op.fromDirectory) : undefined;
      if (op.kind === 'move-in' && source?.kind === 'dir' && source.durableEntries.get(op.fromName) === op.ino) source.durableEntries.delete(op.fromName);
    }
    node.pending = node.pending.filter((pending) => (pending.order ?? 0) > through);
  }
}

/** The disk images a cut may leave: for each k, the first k pending operations persisted, in order. */
export function prefixCuts(directories: DirectoryNode[]): ((chosen: Map<number, DiskNode>) => void)[] {
  const inOrder = directories.flatMap((node) => node.pending.map((op) => ({ node, op }))).sort((a, b) => (a.op.order ?? 0) - (b.op.order ?? 0));
  const cuts: ((chosen: Map<number, DiskNode>) => void)[] = [];
  for (let kept = 0; kept <= inOrder.length; kept++) {
    cuts.push((chosen) => {
      for (const node of directories) {
        const entries = new Map(node.durableEntries);
        for (const { op } of inOrder.slice(0, kept).filter((item) => item.node === node)) applyDirectoryOp(entries, op);
        chosen.set(node.ino, { ...node, entries, durableEntries: new Map(entries), pending: [] });
      }
    });
  }
  return cuts;
}
