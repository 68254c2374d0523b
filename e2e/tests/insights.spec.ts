// Adversary, metrics, risk and shadows render from the demo agent's state.

import { test, expect } from '../fixtures';

test('adversary, metrics, risk and shadow views', async ({ viewerPage: page, saveScreenshot }) => {
  await page.goto('/insights');
  await expect(page.getByRole('heading', { level: 1, name: 'Adversary, metrics, risk and shadows' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Observed crash rate against predicted danger' })).toBeVisible();
  await expect(page.getByText(/Brier score/)).toBeVisible();
  await expect(page.getByRole('img', { name: /^Correlation of \d+ symbols$/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Shadow agents against the entry agent' })).toBeVisible();
  await expect(page.getByRole('figure', { name: /^tdErrorHistory history of / })).toBeVisible();
  await saveScreenshot(page, 'insights');
});
