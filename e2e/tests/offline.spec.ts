// The server going away and coming back: the console says it is offline, keeps what it showed,
// and refreshes by itself when the connection returns.

import { test, expect } from '../fixtures';

test('offline banner while the server is unreachable, live again when it returns', async ({ viewerPage: page, context, saveScreenshot }) => {
  await page.goto('/components/EntryAgent');
  await expect(page.getByRole('status', { name: 'Event stream: Live' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Generations, newest first' });
  await expect(table).toBeVisible();

  await context.setOffline(true);
  await expect(page.getByRole('alert').filter({ hasText: 'The server is not reachable' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Event stream: Offline' })).toBeVisible();
  // What was on screen stays on screen.
  await expect(table).toBeVisible();
  await saveScreenshot(page, 'offline');

  await context.setOffline(false);
  await expect(page.getByRole('status', { name: 'Event stream: Live' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('alert').filter({ hasText: 'The server is not reachable' })).toHaveCount(0);
});
