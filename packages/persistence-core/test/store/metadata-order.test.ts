import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { probeMetadataOrder } from '../../src/fs/metadata-order.js';
import { HOLDER_FILE_PATTERN } from '../../src/store/component-lock.js';
import { OUTBOX_DIRECTORY } from '../../src/store/outbox.js';
import type { TempStateDir } from './temp-state-dir.js';
import { entryState, tempStateDir } from './temp-state-dir.js';

let dir: TempStateDir;
afterEach(() => dir.cleanup());

describe('metadata order', () => {
  it('auto reports what the file system probe found', async () => {
    dir = await tempStateDir();
    expect(dir.store.metadataOrder).toEqual(await probeMetadataOrder(dir.directory));
  });

  it('an explicit option wins and says so', async () => {
    dir = await tempStateDir({ metadataOrder: 'unordered' });
    expect(dir.store.metadataOrder).toEqual({ order: 'unordered', reason: 'set by the metadataOrder option' });
  });

  it.each(['ordered', 'unordered'] as const)('%s rotation keeps the chain newest first, and the outbox, on real files', async (order) => {
    dir = await tempStateDir({ metadataOrder: order });
    await mkdir(join(dir.directory, OUTBOX_DIRECTORY));
    for (let i = 1; i <= 6; i++) {
      const result = await dir.store.save(entryAgentCodec, entryState(i));
      expect(result.outbox?.linked).toBe(true);
    }
    expect((await dir.store.inspect(entryAgentCodec)).map((g) => g.seq)).toEqual([6, 5, 4, 3]);
    expect(await readdir(join(dir.directory, OUTBOX_DIRECTORY))).toHaveLength(6);
    // Nothing left behind: no temp file, no generation set aside, no lock (this process's lock holder file stays).
    expect((await readdir(dir.directory)).filter((name) => name.startsWith('.') && name !== OUTBOX_DIRECTORY && !HOLDER_FILE_PATTERN.test(name))).toEqual([]);
  });
});
