// The overview: signing in with a token, then the cards and the latency chart follow the agent's saves live.

import { test, expect } from '../fixtures';

test('signing in with a token opens the overview', async ({ page, stack }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('API token').fill('qsc_not-a-real-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/not valid|token/i);

  await page.getByLabel('API token').fill(stack.tokens.viewer);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page.getByText('viewer (viewer)')).toBeVisible();
});

test('the overview updates live as the agent saves', async ({ viewerPage: page, saveScreenshot }) => {
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'Event stream: Live' })).toBeVisible();
  const card = page.getByRole('article', { name: 'EntryAgent' });
  await expect(card).toBeVisible();
  const seq = card.getByRole('definition').nth(1);
  await expect(seq).toHaveText(/^\d+$/);
  const before = Number(await seq.textContent());
  // The demo agent keeps saving: the card follows without a reload.
  await expect.poll(async () => Number(await seq.textContent()), { timeout: 30_000 }).toBeGreaterThan(before);

  // The live position from the per-tick file: the demo agent is either in a verified trade or flat.
  const position = page.getByRole('article', { name: 'Live position' });
  await expect(position).toContainText(/^Live position(Open|Flat)/);
  await expect(position).toContainText(/Verification(verified: slot \d \(seq \d+\) verified|none: |verified: trade closed)/);

  await expect(page.getByRole('meter', { name: 'Disk used' })).toBeVisible();
  await expect(page.getByRole('figure', { name: /^Save latency of / })).toBeVisible({ timeout: 30_000 });
  await saveScreenshot(page, 'overview');
});
