// Durable small writes through persistence-core's FileSystem (its own helpers are internal).

import type { FileHandle, FileSystem } from '@quantum/persistence-core';
import { nodeFileSystem } from '@quantum/persistence-core';

export { nodeFileSystem };

export async function writeAllBytes(handle: FileHandle, data: Uint8Array): Promise<void> {
  let written = 0;
  while (written < data.byteLength) {
    const n = await handle.write(data.subarray(written), written);
    if (n <= 0) throw new Error(`write returned ${n} after ${written} of ${data.byteLength} bytes`);
    written += n;
  }
}

/** temp (exclusive) + write + fsync + rename; the caller fsyncs the directory once for a batch. */
export async function writeFileDurably(fs: FileSystem, path: string, data: Uint8Array, mode = 0o600): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await fs.unlink(temp).catch(() => undefined);
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await writeAllBytes(handle, data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, path);
}
