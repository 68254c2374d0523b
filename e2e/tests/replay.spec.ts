// The replay-buffer browser: experiences with their charts, sort and filters, and a view kept in the URL.

import { test, expect, type Page } from '../fixtures';
import { columnCells, rowsTable } from '../support/table';

const table = (page: Page) => rowsTable(page, 'experiences');

test('browse, sort, filter and deep-link the replay buffer', async ({ viewerPage: page, saveScreenshot }) => {
  await page.goto('/replay');
  await page.getByRole('link', { name: /· experiences$/ }).click();
  await expect(table(page)).toBeVisible();
  await expect(page.getByRole('meter', { name: 'Replay buffer fill' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Priority CDF' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Experiences per regime' })).toBeVisible();

  await table(page).getByRole('button', { name: 'priority' }).click();
  await table(page).getByRole('button', { name: /priority/ }).click();
  await expect(table(page).getByRole('columnheader', { name: /priority/ })).toHaveAttribute('aria-sort', 'descending');
  const priorities = await columnCells(page, 'experiences', 'priority');
  await expect(priorities.first()).not.toBeEmpty();
  const values = (await priorities.allTextContents()).slice(0, 10).map(Number);
  expect([...values].sort((a, b) => b - a)).toEqual(values);

  // Filter on the regime of the top row, so the filtered view cannot be empty.
  const regimes = await columnCells(page, 'experiences', 'regime');
  const chosen = (await regimes.first().textContent()) ?? '';
  await page.getByRole('combobox', { name: 'Regime', exact: true }).selectOption(chosen);
  await expect(page).toHaveURL(new RegExp(`regime=${chosen}`));
  await expect(regimes.first()).toHaveText(chosen);
  expect(new Set(await regimes.allTextContents())).toEqual(new Set([chosen]));
  await saveScreenshot(page, 'replay-buffer');

  const link = page.url();
  await page.goto('/');
  await page.goto(link);
  await expect(page.getByRole('combobox', { name: 'Regime', exact: true })).toHaveValue(chosen);
  await expect(table(page).getByRole('columnheader', { name: /priority/ })).toHaveAttribute('aria-sort', 'descending');
});
