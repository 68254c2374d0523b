// The diff view: any two generations of a component, the pair kept in the URL.

import { test, expect } from '../fixtures';

test('diff between two generations of the entry agent', async ({ viewerPage: page, saveScreenshot }) => {
  await page.goto('/components/EntryAgent');
  const diff = page.getByRole('region', { name: 'Diff between generations' });
  await expect(diff).toBeVisible();
  await diff.getByRole('combobox', { name: 'From', exact: true }).selectOption('bak1');
  await diff.getByRole('combobox', { name: 'To', exact: true }).selectOption('current');
  await expect(page).toHaveURL(/diffFrom=bak1/);
  const view = diff.getByRole('group', { name: 'Diff of bak1 and current' });
  await expect(view).toBeVisible();
  await expect(view.getByRole('region', { name: 'Table qTable' })).toContainText(/\d+ added · \d+ removed · \d+ changed · \d+ unchanged/);
  await saveScreenshot(page, 'component-diff');

  // The same pair from a shared link.
  await page.goto('/components/EntryAgent?diffFrom=bak&diffTo=bak1');
  await expect(page.getByRole('region', { name: 'Diff between generations' }).getByRole('group', { name: 'Diff of bak and bak1' })).toBeVisible();
});
