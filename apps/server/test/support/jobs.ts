// Waiting for a job started through the API to end, by polling GET /api/jobs/{id}.

import type { Job } from '@quantum/api-contract';
import type { Fixture } from './fixture.js';

export async function waitForJob(fx: Fixture, id: string, timeoutMs = 20_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await fx.get(`/api/jobs/${id}`)).json<Job>();
    if (job.state === 'succeeded' || job.state === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
