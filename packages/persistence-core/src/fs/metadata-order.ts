// Does this file system persist directory operations in the order they were made?
// A journaling file system whose journal commits in order (ext4 with a jbd2 journal in
// data=ordered or data=journal mode; XFS, whose log is sequential) leaves, after a power cut,
// a PREFIX of the directory operations, and fsync of a directory makes every earlier one durable
// (Pillai et al., "All File Systems Are Not Created Equal", OSDI 2014). Anything else, including
// ext4 WITHOUT a journal (same statfs magic!), btrfs, tmpfs, overlay and network file systems,
// is treated as unordered. CRASH-SAFETY.md says what relies on it.

import { readFileSync, readlinkSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename } from 'node:path';

export type MetadataOrder = 'ordered' | 'unordered';

export interface MetadataOrderProbe {
  order: MetadataOrder;
  /** What was found, for reports: e.g. "xfs", "ext4 without a journal". */
  reason: string;
}

const EXT4_MAGIC = 0xef53;
const XFS_MAGIC = 0x58465342;

/** major/minor of a Linux st_dev as glibc's gnu_dev_major/minor decode it. */
function deviceNumbers(dev: number): string {
  const big = BigInt(dev);
  const major = ((big >> 8n) & 0xfffn) | ((big >> 32n) & ~0xfffn);
  const minor = (big & 0xffn) | ((big >> 12n) & ~0xffn);
  return `${major}:${minor}`;
}

/** The mount's data mode from /proc/fs/ext4/<device>/options; none listed means no journal. */
function ext4DataMode(dev: number): string | undefined {
  try {
    const device = basename(readlinkSync(`/sys/dev/block/${deviceNumbers(dev)}`));
    const options = readFileSync(`/proc/fs/ext4/${device}/options`, 'utf8').split('\n');
    return options.find((line) => line.startsWith('data='))?.slice('data='.length) ?? 'none';
  } catch {
    return undefined;
  }
}

export async function probeMetadataOrder(path: string): Promise<MetadataOrderProbe> {
  let type: number;
  let dev: number;
  try {
    type = (await fsp.statfs(path)).type;
    dev = (await fsp.stat(path)).dev;
  } catch (error) {
    return { order: 'unordered', reason: `statfs failed: ${(error as Error).message}` };
  }
  if (type === XFS_MAGIC) return { order: 'ordered', reason: 'xfs (sequential log)' };
  if (type !== EXT4_MAGIC) return { order: 'unordered', reason: `file system type 0x${type.toString(16)}` };
  const mode = ext4DataMode(dev);
  if (mode === 'ordered' || mode === 'journal') return { order: 'ordered', reason: `ext4, jbd2 journal, data=${mode}` };
  if (mode === 'none') return { order: 'unordered', reason: 'ext4 without a journal' };
  return { order: 'unordered', reason: mode === undefined ? 'ext4, journal mode unknown' : `ext4, data=${mode}` };
}
