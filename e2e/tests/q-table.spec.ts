// The Q-table browser: rows, sort, filters, state-hash search, and a view that survives a reload and a shared link.

import { readFileSync } from 'node:fs';
import { test, expect } from '../fixtures';
import { columnCells, rowsTable } from '../support/table';

const table = 'qTable';

test('browse, sort, filter and search the entry agent Q-table', async ({ viewerPage: page, saveScreenshot }) => {
  await page.goto('/q-table');
  await page.getByRole('link', { name: 'EntryAgent · qTable' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'EntryAgent · qTable' })).toBeVisible();
  await expect(rowsTable(page, table).getByRole('cell').first()).not.toBeEmpty();

  // Sort by Q-value, descending.
  await rowsTable(page, table).getByRole('button', { name: 'qValue' }).click();
  await rowsTable(page, table).getByRole('button', { name: /qValue/ }).click();
  await expect(rowsTable(page, table).getByRole('columnheader', { name: /qValue/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(/sort=qValue/);
  await expect(page).toHaveURL(/order=desc/);
  const values = (await (await columnCells(page, table, 'qValue')).allTextContents()).slice(0, 10).map(Number);
  expect(values.length).toBeGreaterThan(1);
  expect([...values].sort((a, b) => b - a)).toEqual(values);

  // Only BUY rows.
  await page.getByRole('combobox', { name: 'Action', exact: true }).selectOption('BUY');
  await expect(page).toHaveURL(/action=BUY/);
  const actions = await columnCells(page, table, 'action');
  await expect(actions.first()).toHaveText('BUY');
  expect(new Set(await actions.allTextContents())).toEqual(new Set(['BUY']));
  await expect(page.getByRole('region', { name: 'qValue histogram per action' }).getByRole('figure')).toBeVisible();
  await saveScreenshot(page, 'q-table');

  // Export the filtered view: every matching row, and only those.
  const total = Number(((await page.getByText(/rows? match/).textContent()) ?? '').replace(/,/g, '').match(/^(\d+)/)?.[1]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
  const header = (csv[0] ?? '').split(',');
  expect(header).toEqual(expect.arrayContaining(['stateHash', 'action', 'qValue']));
  expect(csv.length - 1).toBe(total);
  const actionAt = header.indexOf('action');
  expect(new Set(csv.slice(1).map((line) => line.split(',')[actionAt]))).toEqual(new Set(['BUY']));

  // The view survives a reload.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Action', exact: true })).toHaveValue('BUY');
  await expect(rowsTable(page, table).getByRole('columnheader', { name: /qValue/ })).toHaveAttribute('aria-sort', 'descending');

  // Search by the state hash of the first row.
  const hashes = await columnCells(page, table, 'stateHash');
  const hash = (await hashes.first().textContent()) ?? '';
  expect(hash).toMatch(/^[0-9a-f]{1,16}$/);
  await page.getByRole('searchbox', { name: 'State hash' }).fill(hash);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`stateHash=${hash}`));
  await expect(page.getByText(/^1 row matches/)).toBeVisible();
  await expect(hashes.first()).toHaveText(hash);
  expect(new Set(await hashes.allTextContents())).toEqual(new Set([hash]));
});

test('a deep link opens the same Q-table view, and switching generation keeps the filters', async ({ viewerPage: page }) => {
  await page.goto('/components/EntryAgent/tables/qTable?generation=bak&action=SELL&sort=qValue&order=asc');
  await expect(page.getByRole('combobox', { name: 'Generation', exact: true })).toHaveValue('bak');
  await expect(page.getByRole('combobox', { name: 'Action', exact: true })).toHaveValue('SELL');
  await expect(rowsTable(page, table).getByRole('columnheader', { name: /qValue/ })).toHaveAttribute('aria-sort', 'ascending');
  const actions = await columnCells(page, table, 'action');
  await expect(actions.first()).toHaveText('SELL');
  const values = (await (await columnCells(page, table, 'qValue')).allTextContents()).slice(0, 10).map(Number);
  expect([...values].sort((a, b) => a - b)).toEqual(values);

  await page.getByRole('combobox', { name: 'Generation', exact: true }).selectOption('current');
  await expect(page).toHaveURL(/action=SELL/);
  await expect(page).not.toHaveURL(/generation=/);
  await expect(page.getByRole('combobox', { name: 'Action', exact: true })).toHaveValue('SELL');
  await expect(page.getByText(/rows match · generation current/)).toBeVisible();
  await expect(actions.first()).toHaveText('SELL');
});
