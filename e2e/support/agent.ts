// Holding the demo agent still while a test corrupts a file: SIGSTOP between two saves, SIGCONT after.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';

export interface SessionInfo {
  agent: { pid: number; running: boolean } | null;
}

export async function agentPid(request: APIRequestContext, token: string): Promise<number | null> {
  const response = await request.get('/api/session', { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok()) throw new Error(`GET /api/session answered ${response.status()}`);
  const session = (await response.json()) as SessionInfo;
  return session.agent?.running ? session.agent.pid : null;
}

/**
 * Stops the agent outside any save of `fileName` (its lock file absent), so the test's corruption
 * is not rotated away and the console's restore does not wait for a stopped lock holder.
 */
export async function pauseAgent(pid: number, stateDirectory: string, fileName: string): Promise<void> {
  const lock = join(stateDirectory, `.${fileName}.lock`);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    process.kill(pid, 'SIGSTOP');
    if (!existsSync(lock)) return;
    process.kill(pid, 'SIGCONT');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the agent (pid ${pid}) kept holding ${lock}`);
}

export function resumeAgent(pid: number): void {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    // The agent is gone: nothing to resume.
  }
}
