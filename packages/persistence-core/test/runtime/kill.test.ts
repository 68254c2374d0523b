import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { SigningKey } from '../../src/signing/hmac.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { loadIncremental } from '../../src/runtime/delta-log.js';
import { PositionFile } from '../../src/runtime/position-file.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();

/** Runs the writer until it has acknowledged `acks` ticks, then SIGKILLs it; returns the last acknowledged line. */
function runAndKill(directory: string, secret: string, acks: number): Promise<{ tick: number; record: number }> {
  const writer = fileURLToPath(new URL('./fixtures/tick-writer.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', writer, directory, secret], { stdio: ['ignore', 'pipe', 'inherit'] });
  let last = { tick: 0, record: 0 };
  let buffered = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [tick, record] = line.split(' ').map(Number);
        last = { tick: tick!, record: record! };
      }
      if (last.tick >= acks) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(last) : reject(new Error(`writer exited without being killed (${signal})`))));
  });
}

describe('killed mid-tick', () => {
  it('recovers the position and every acknowledged delta record after SIGKILL', async () => {
    const directory = await tempDir();
    const secret = Buffer.alloc(32, 7).toString('base64');
    const keyring = new Keyring([new SigningKey(Buffer.from(secret, 'base64'), 'test')]);
    const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
    await store.save(entryAgentCodec, entryAgentCodec.fresh());
    for (const acks of [60, 90]) {
      const acked = await runAndKill(directory, secret, acks);
      const recovery = await new PositionFile({ directory, keyring }).recover();
      expect(recovery.status).toBe('recovered');
      // The tick after the last acknowledged one may have been written but not acknowledged.
      expect(recovery.position!.barsHeld - acked.tick).toBeGreaterThanOrEqual(0);
      expect(recovery.position!.barsHeld - acked.tick).toBeLessThanOrEqual(1);
      const loaded = await loadIncremental({ store: await StateDirectory.open({ directory, keyring, reserveBytes: 0 }), codec: entryAgentCodec });
      expect(loaded.deltas.lastGoodSeq).toBeGreaterThanOrEqual(acked.record);
      await loaded.log.close();
      // The next run appends after what survived, unless reading stopped (then it compacts first).
      if (loaded.deltas.status === 'stopped') await loaded.log.compact(loaded.state);
    }
  });
});
