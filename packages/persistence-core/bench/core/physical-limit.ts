// The physical limit of a durable replace: write + fsync + rename + directory fsync of the same
// bytes, and the cost of reading them back with HMAC-SHA256, with nothing else.

import { createHmac, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';

const key = randomBytes(32);

async function syncDirectory(directory: string): Promise<void> {
  const handle = await fsp.open(directory, constants.O_RDONLY | constants.O_DIRECTORY);
  await handle.sync();
  await handle.close();
}

export async function rawDurableReplace(directory: string, name: string, bytes: Uint8Array): Promise<void> {
  const temp = join(directory, `${name}.raw-tmp`);
  const handle = await fsp.open(temp, 'w');
  await handle.write(bytes);
  await handle.sync();
  await handle.close();
  await fsp.rename(temp, join(directory, name));
  await syncDirectory(directory);
}

export function hmac(bytes: Uint8Array): Buffer {
  return createHmac('sha256', key).update(bytes).digest();
}

export async function readAndHmac(path: string): Promise<void> {
  hmac(await fsp.readFile(path));
}
