// Corrupting a generation file the way a bad disk would: bytes flipped in the middle, length unchanged.

import { open } from 'node:fs/promises';

export async function flipBytes(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    if (size < 64) throw new Error(`${path} is too small (${size} bytes) to corrupt in the middle`);
    const position = Math.floor(size / 2);
    const buffer = Buffer.alloc(8);
    await handle.read(buffer, 0, buffer.length, position);
    for (let index = 0; index < buffer.length; index += 1) buffer[index] = (buffer[index] ?? 0) ^ 0xff;
    await handle.write(buffer, 0, buffer.length, position);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
