// The worker thread of WorkerSaver: encodes, signs and writes saves off the agent's thread.
// It opens its own StateDirectory on the real file system with the keyring it was given.
// Unless asked for normal priority, it first lowers its own (thread-priority.ts) and does its I/O
// with blocking calls on this thread, so neither it nor the thread pool takes a core from the agent.

import { parentPort, workerData } from 'node:worker_threads';
import { codecByName } from '../components/registry.js';
import { SigningKey } from '../signing/hmac.js';
import { Keyring } from '../signing/keyring.js';
import { StateDirectory } from '../store/state-directory.js';
import { BlockingFileSystem } from './blocking-file-system.js';
import { completeCopy } from './shared-copy.js';
import { pinCurrentThread } from './thread-affinity.js';
import { lowerThreadPriority } from './thread-priority.js';
import type { SaveRequest, SaveResponse, WorkerReady, WorkerSetup } from './worker-saver.js';
import { transferablesOf } from './worker-saver.js';

const setup = workerData as WorkerSetup;
const priority = lowerThreadPriority(setup.priority ?? 'idle');
const cpus = setup.cpus === undefined ? undefined : pinCurrentThread(setup.cpus);
const background = setup.priority !== 'normal';
const keyring = new Keyring(setup.keys.map((key) => new SigningKey(Buffer.from(key.secret, 'base64'), key.createdAt)));
const store = await StateDirectory.open({ directory: setup.directory, keyring, ...(background ? { fs: new BlockingFileSystem() } : {}), ...(setup.reserveBytes === undefined ? {} : { reserveBytes: setup.reserveBytes }) });

parentPort?.on('message', (request: SaveRequest) => {
  const { id, state } = request;
  const back = request.giveBack ? { state } : {};
  void (async (): Promise<SaveResponse> => {
    const codec = codecByName(request.component);
    if (codec === undefined) return { id, ...back, ok: false, error: { name: 'QuantumStateError', message: `unknown component ${request.component}` } };
    try {
      if (request.copy !== undefined) completeCopy(request.copy);
      return { id, ...back, ok: true, result: await store.save(codec, state) };
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      return { id, ...back, ok: false, error: { name, message } };
    }
  })().then((response) => parentPort?.postMessage(response, request.giveBack ? transferablesOf(state) : []));
});
parentPort?.postMessage({ ready: true, priority, ...(cpus === undefined ? {} : { cpus }) } satisfies WorkerReady);
