// Waiting for the console to see a file rewritten in place. Such a write leaves the state
// directory as it was, and a listing reuses the file stats of the last one for up to a second
// while the directory is unchanged (apps/server/src/state/listing-stats.ts): a page loaded at
// once may show the state of just before. The API is asked until it reports the new health;
// the page is loaded after that. A spec run on its own meets a fresh demo agent, which saves each
// component only after its first trades or experiences: expectValidGenerations waits for them.

import { expect, type APIRequestContext } from '@playwright/test';

export type Health = 'valid' | 'recovered' | 'unrecoverable' | 'empty';

/** The fields of `GET /api/components/{component}` the specs read. */
export interface ComponentDetail {
  summary: { health: string; fileName: string };
  generations: { generation: string; status: string }[];
  pins: unknown[];
}

export async function componentDetail(request: APIRequestContext, token: string, component: string): Promise<ComponentDetail> {
  const response = await request.get(`/api/components/${component}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok()) throw new Error(`GET /api/components/${component} answered ${response.status()}`);
  return (await response.json()) as ComponentDetail;
}

export async function expectHealth(request: APIRequestContext, token: string, component: string, health: Health): Promise<void> {
  const current = async (): Promise<string> => (await componentDetail(request, token, component)).summary.health;
  await expect.poll(current, { message: `the console reports ${component} as ${health}`, timeout: 10_000 }).toBe(health);
}

/** Waits until each of `generations` (e.g. current, bak, bak1) of `component` verifies. */
export async function expectValidGenerations(request: APIRequestContext, token: string, component: string, generations: string[], timeoutMs: number): Promise<void> {
  const valid = async (): Promise<string[]> => {
    const detail = await componentDetail(request, token, component);
    return generations.filter((name) => detail.generations.some((info) => info.generation === name && info.status === 'valid'));
  };
  await expect.poll(valid, { message: `${generations.join(', ')} of ${component} verify`, timeout: timeoutMs }).toEqual(generations);
}
