// Operator actions run as jobs: one at a time per component, with progress steps that
// subscribers (the SSE stream) receive as they happen. The last 200 jobs are kept.

import { randomUUID } from 'node:crypto';
import type { Job, JobKind } from '@quantum/api-contract';
import { conflict } from '../errors.js';

export interface JobContext {
  step(step: string, message: string, progress: number): void;
}

export class JobRunner {
  readonly #jobs = new Map<string, Job>();
  readonly #busy = new Set<string>();
  readonly #listeners = new Set<(job: Job) => void>();

  constructor(readonly now: () => number = Date.now) {}

  list(): Job[] {
    return [...this.#jobs.values()].reverse();
  }

  get(id: string): Job | undefined {
    return this.#jobs.get(id);
  }

  subscribe(listener: (job: Job) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts `work` in the background and returns the queued job; `done` resolves when it ends. */
  start(
    spec: { kind: JobKind; component: string; generation?: string; actor: string },
    work: (context: JobContext) => Promise<Job['result']>,
  ): { job: Job; done: Promise<Job> } {
    if (this.#busy.has(spec.component)) throw conflict('JOB_RUNNING', `another job is running on ${spec.component}`);
    this.#busy.add(spec.component);
    const job: Job = { id: randomUUID(), ...spec, state: 'queued', progress: 0, steps: [], createdAt: this.now() };
    this.#jobs.set(job.id, job);
    if (this.#jobs.size > 200) this.#jobs.delete(this.#jobs.keys().next().value as string);
    this.#emit(job);
    const context: JobContext = {
      step: (step, message, progress) => {
        job.state = 'running';
        job.progress = progress;
        job.steps.push({ time: this.now(), step, message });
        this.#emit(job);
      },
    };
    const done = (async () => {
      try {
        const result = await work(context);
        job.state = 'succeeded';
        job.progress = 1;
        if (result !== undefined) job.result = result;
      } catch (error) {
        job.state = 'failed';
        job.error = error instanceof Error ? error.message : String(error);
      } finally {
        job.finishedAt = this.now();
        this.#busy.delete(spec.component);
        this.#emit(job);
      }
      return job;
    })();
    return { job: structuredClone(job), done };
  }

  #emit(job: Job): void {
    const snapshot = structuredClone(job);
    for (const listener of this.#listeners) listener(snapshot);
  }
}
