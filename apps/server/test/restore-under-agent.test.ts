// A restore while the real demo agent (a separate process) keeps saving: the restore goes
// through the lock, and the agent reloads the restored state instead of overwriting it.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentDetail, GenerationInfo, GenerationSummary, Job } from '@quantum/api-contract';
import { entryAgentCodec, openKeyring } from '@quantum/persistence-core';
import { createFixture, type Fixture } from './support/fixture.js';
import { waitForJob } from './support/jobs.js';

const CLI = fileURLToPath(new URL('../../../packages/persistence-core/dist/cli/main.js', import.meta.url));

async function until(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('restore while the demo agent is saving', () => {
  let fx: Fixture;
  let agent: ChildProcess;
  let agentLog = '';
  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), 'qs-agent-'));
    const directory = join(root, 'state');
    const keyringPath = join(root, 'config', 'keyring.json');
    const { keyring } = await openKeyring(keyringPath);
    agent = spawn(process.execPath, [CLI, 'demo', '--dir', directory, '--keyring', keyringPath, '--tick-ms', '20', '--q-entries', '2000'], { stdio: ['ignore', 'ignore', 'pipe'] });
    agent.stderr?.setEncoding('utf8').on('data', (text: string) => (agentLog += text));
    fx = await createFixture({ existing: { root, directory, keyringPath, keyring } });
    await until(async () => (await fx.get('/api/components/EntryAgent')).json<ComponentDetail>().generations.every((g) => g.status === 'valid'));
  });
  afterAll(async () => {
    if (agent.exitCode === null) {
      const exited = new Promise((resolve) => agent.once('exit', resolve));
      agent.kill('SIGTERM');
      await exited;
    }
    await fx.close();
  });

  it('makes an older generation current under the lock, and the agent reloads it before saving again', async () => {
    let job: Job | undefined;
    let restoredFrom = 0;
    // The agent keeps rotating: a generation may leave the chain before the check (refused, 400)
    // or between the check and the lock (the expected seq fails the job). Either way nothing
    // wrong is restored; try again with a fresh look. Each look waits for a verified bak1: while
    // a save rotates the chain (a directory fsync per step), bak1 is briefly missing, and a look
    // then would spend every attempt within one rotation.
    for (let attempt = 0; attempt < 8 && job?.state !== 'succeeded'; attempt++) {
      let bak1: GenerationInfo | undefined;
      await until(async () => {
        bak1 = (await fx.get('/api/components/EntryAgent')).json<ComponentDetail>().generations.find((g) => g.generation === 'bak1' && g.status === 'valid');
        return bak1 !== undefined;
      });
      restoredFrom = bak1!.seq!;
      const started = await fx.post('/api/components/EntryAgent/restore', { generation: `seq-${restoredFrom}` });
      if (started.statusCode === 400) continue;
      expect(started.statusCode, started.body).toBe(202);
      job = await waitForJob(fx, started.json<Job>().id);
    }
    expect(job?.state, job?.error).toBe('succeeded');
    const restoredSeq = job!.result!.seq;
    // The job verified the restored generation itself, even if the agent has saved on top of it since.
    expect(job!.steps.at(-1)!.message).toContain(`seq ${restoredSeq}`);
    const restored = await fx.get(`/api/components/EntryAgent/generations/seq-${restoredSeq}`);
    const restoredUpdates = restored.json<GenerationSummary>().scalars['totalUpdates'] as number;
    const source = (await fx.get(`/api/components/EntryAgent/generations/seq-${restoredFrom}`)).json<GenerationSummary>();
    expect(restoredUpdates).toBe(source.scalars['totalUpdates']);

    // The agent's next EntryAgent save must come after a reload of the restored state.
    await until(async () => (await fx.get('/api/components/EntryAgent')).json<ComponentDetail>().generations[0]!.seq! > restoredSeq);
    expect(agentLog).toMatch(/EntryAgent was changed by another writer/);
    const next = await fx.store.read(entryAgentCodec, 'current');
    expect(next.state.totalUpdates).toBeGreaterThanOrEqual(restoredUpdates);
    expect(agent.exitCode).toBeNull();
  });
});
