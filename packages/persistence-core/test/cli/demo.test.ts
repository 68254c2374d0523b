import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { componentCodecs } from '../../src/components/registry.js';
import { journalPath } from '../../src/runtime/journal.js';
import { readKeyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { CliSandbox } from './cli-harness.js';
import { cliSandbox } from './cli-harness.js';
import { DemoProcess } from './demo-process.js';

const storedCodecs = componentCodecs.filter((codec) => codec.name !== 'ActivePosition');

describe('quantum-state demo', () => {
  let sandbox: CliSandbox;
  beforeEach(async () => {
    sandbox = await cliSandbox();
  });
  afterEach(async () => {
    // A failed test may leave its demo running: stop only the children this file started.
    for (const demo of started.splice(0)) if (demo.child.exitCode === null && demo.child.signalCode === null) demo.child.kill('SIGKILL');
    await sandbox.cleanup();
  });
  const started: DemoProcess[] = [];
  const startDemo = (args: string[]): DemoProcess => {
    const demo = new DemoProcess(sandbox, args);
    started.push(demo);
    return demo;
  };

  const openStore = async () => StateDirectory.open({ directory: sandbox.directory, keyring: await readKeyring(sandbox.keyringPath), reserveBytes: 0 });

  it('--log-saves prints a line per acknowledged save; SIGINT saves everything and exits 0', async () => {
    const demo = startDemo(['--log-saves', '--tick-ms', '10', '--q-entries', '2000']);
    await demo.until(() => demo.saves.length >= 3, 'three saves');
    demo.child.kill('SIGINT');
    const run = await demo.exited;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('created keyring');
    expect(run.stderr).toContain('stopped cleanly');
    for (const line of demo.saves) {
      expect(line).toEqual({ component: expect.any(String), seq: expect.any(Number), bytes: expect.any(Number), ms: expect.any(Number) });
    }
    // SaveAll on shutdown: every stored component was acknowledged and is loadable from current.
    const acknowledged = new Set(demo.saves.map((line) => line.component));
    const store = await openStore();
    for (const codec of storedCodecs) {
      expect(acknowledged).toContain(codec.name);
      const { report, header } = await store.load(codec);
      expect(report.used, report.message).toBe('current');
      const lastSeq = Math.max(...demo.saves.filter((line) => line.component === codec.name).map((line) => line.seq));
      expect(header?.seq).toBe(lastSeq);
    }
    const journal = await readFile(journalPath(sandbox.directory), 'utf8');
    expect(journal).toMatch(/"kind":"saveAll".*"reason":"clean shutdown \(SIGINT\)"/);
    const verify = await sandbox.run(['verify', '--json']);
    expect(verify.code, verify.stdout).toBe(0);
    const cut = (JSON.parse(verify.stdout) as { cut: { interrupted: boolean; components: { component: string; from: string }[] } }).cut;
    expect(cut.interrupted).toBe(false);
    expect(cut.components.filter((entry) => entry.component !== 'ActivePosition').every((entry) => entry.from === 'cut')).toBe(true);
    // Resumes: a second run loads what the first saved.
    const again = startDemo(['--duration-s', '1', '--q-entries', '2000']);
    const second = await again.exited;
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain('created keyring');
    expect(second.stderr).toMatch(/ok: loaded EntryAgent seq \d+/);
  });

  it('the same stop signal twice in a row (process group, then the parent) still saves everything and exits 0', async () => {
    const demo = startDemo(['--log-saves', '--tick-ms', '10', '--q-entries', '200000']);
    await demo.until(() => demo.saves.length >= 3, 'three saves');
    demo.child.kill('SIGTERM');
    await demo.until(() => demo.stderr.includes('saving everything'), 'the stop to begin');
    demo.child.kill('SIGTERM');
    const run = await demo.exited;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('the same stop request, still saving');
    expect(run.stderr).toContain('stopped cleanly');
  });

  it('a restore while the demo runs is not overwritten: the demo reloads it and saves on top of it', async () => {
    const first = startDemo(['--duration-s', '1', '--tick-ms', '10', '--q-entries', '2000']);
    expect((await first.exited).code).toBe(0);
    // Three older generations carry a marker no demo run produces; current (what the demo loads) does not.
    const marker = 1_234_567_890_123;
    const store = await openStore();
    const { state } = await store.read(entryAgentCodec, 'current');
    for (let i = 0; i < 3; i++) await store.save(entryAgentCodec, { ...state, trainingStart: marker });
    await store.save(entryAgentCodec, state);

    // EntryAgent is saved every 10 trades (a few seconds at 100 ms ticks): not three times before the restore lands.
    const demo = startDemo(['--log-saves', '--tick-ms', '100', '--q-entries', '2000']);
    await demo.until(() => demo.stderr.includes('running on'), 'start-up');
    const restore = await sandbox.run(['restore', 'EntryAgent', '--generation', 'bak2', '--json']);
    expect(restore.code, restore.stderr).toBe(0);
    const restored = JSON.parse(restore.stdout) as { after: { seq: number }; summary: { trainingStart: number } };
    expect(restored.summary.trainingStart, 'the demo saved EntryAgent three times before the restore; no marker left in bak2').toBe(marker);

    // The demo's next EntryAgent save meets the restore (ConflictError), reloads, and the one after builds on it.
    await demo.until(() => demo.stderr.includes('EntryAgent was changed by another writer'), 'the reload');
    demo.child.kill('SIGINT');
    expect((await demo.exited).code).toBe(0);
    const after = await (await openStore()).read(entryAgentCodec, 'current');
    expect(after.header.seq).toBeGreaterThan(restored.after.seq);
    expect(after.state.trainingStart).toBe(marker);
    const afterRestore = demo.saves.filter((line) => line.component === 'EntryAgent' && line.seq > restored.after.seq);
    expect(afterRestore.every((line) => line.seq <= after.header.seq)).toBe(true);
  });

  it('after SIGKILL (nothing saved on the way out) the next run recovers the orphaned open position', async () => {
    // Slow ticks: the kill lands between a position write and the next tick, with the position open.
    const demo = startDemo(['--log-saves', '--tick-ms', '300', '--q-entries', '2000']);
    await demo.until(() => demo.saves.some((line) => line.component === 'ActivePosition'), 'an open position', 60_000);
    demo.child.kill('SIGKILL');
    expect((await demo.exited).signal).toBe('SIGKILL');
    const again = startDemo(['--duration-s', '1', '--q-entries', '2000']);
    const run = await again.exited;
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/recovered orphaned position #\d+/);
  });
});
