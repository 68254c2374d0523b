// A console on an empty state directory, and a server that goes down and comes back.

import { test, expect } from '../fixtures';
import { OwnServer } from '../support/own-server';

test('empty state directory, then the server is down and comes back', async ({ page, saveScreenshot }) => {
  const server = new OwnServer(Number(process.env.QSC_E2E_PORT ?? 4319) + 10);
  try {
    await server.start();
    await page.addInitScript((token) => sessionStorage.setItem('qsc.token', token), server.viewerToken);
    await page.goto(`${server.url}/`);
    await expect(page.getByText('The state directory is empty: no component has been saved yet.')).toBeVisible();
    await expect(page.getByRole('article', { name: 'EntryAgent' })).toContainText('Never saved');
    await expect(page.getByRole('status', { name: 'Event stream: Live' })).toBeVisible();
    await saveScreenshot(page, 'overview-empty');

    await server.kill();
    await expect(page.getByRole('alert').filter({ hasText: 'The server is not reachable' })).toBeVisible();
    await expect(page.getByRole('status', { name: 'Event stream: Offline' })).toBeVisible();
    await expect(page.getByRole('article', { name: 'EntryAgent' })).toBeVisible();

    await server.start();
    await expect(page.getByRole('status', { name: 'Event stream: Live' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('alert').filter({ hasText: 'The server is not reachable' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByText('No operator action has been recorded.')).toBeVisible();
  } finally {
    await server.dispose();
  }
});
