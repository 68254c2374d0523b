// Many installations in one console: the stack serves the demo (default), desk-2, a directory
// seeded by the CLI with its own key and a smaller Q-table, and desk-2-bucket, desk-2 as the
// replication bucket holds it (scripts/start-stack.mjs). The viewer lists them, opens desk-2 (its
// URLs under /i/desk-2/), browses its data, switches back to the demo in the top bar, and the
// browser's Back button returns to desk-2; the bucket copy is browsed read-only.

import { test, expect, type Page } from '../fixtures';

/** Rows of EntryAgent's current Q-table as the API reports them for an installation. */
async function qTableRows(page: Page, token: string, prefix: string): Promise<number> {
  const response = await page.request.get(`${prefix}/components/EntryAgent/generations/current/rows?table=qTable&limit=1`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { total: number }).total;
}

/** The "N rows match · generation current (seq S)" line of the table browser, as a number of rows. */
async function shownRows(page: Page): Promise<number> {
  const line = page.getByText(/rows? match · generation current/);
  await expect(line).toBeVisible();
  return Number(((await line.textContent()) ?? '').replace(/,/g, '').match(/^(\d+)/)?.[1]);
}

test('lists the installations and switches between them, each with its own data', async ({ viewerPage: page, stack, saveScreenshot }) => {
  const desk2Rows = await qTableRows(page, stack.tokens.viewer, '/api/installations/desk-2');

  await page.goto('/installations');
  const table = page.getByRole('table', { name: 'Installations' });
  const desk2 = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'desk-2', exact: true }) });
  await expect(table.getByRole('row', { name: /^demo \(default\)/ })).toBeVisible();
  await expect(desk2).toContainText('Healthy');
  await expect(desk2).toContainText('Local state directory');
  await expect(desk2).toContainText('caught up');
  await saveScreenshot(page, 'installations');

  // Open desk-2: its own URLs, its own event stream, its own data.
  await desk2.getByRole('button', { name: 'Open desk-2' }).click();
  await expect(page).toHaveURL(/\/i\/desk-2\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Installation' })).toHaveValue('desk-2');
  await expect(page.getByRole('status', { name: 'Event stream: Live' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Q-tables' }).click();
  await expect(page).toHaveURL(/\/i\/desk-2\/q-table$/);
  await page.getByRole('link', { name: 'EntryAgent · qTable' }).click();
  await expect(page).toHaveURL(/\/i\/desk-2\/components\/EntryAgent\/tables\/qTable/);
  expect(await shownRows(page)).toBe(desk2Rows);

  // Back to the demo through the switcher: today's URLs, the demo's larger Q-table.
  await page.getByRole('combobox', { name: 'Installation' }).selectOption('demo');
  await expect(page).toHaveURL(/:\d+\/$/);
  await expect(page.getByRole('combobox', { name: 'Installation' })).toHaveValue('demo');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Q-tables' }).click();
  await page.getByRole('link', { name: 'EntryAgent · qTable' }).click();
  await expect(page).toHaveURL(/:\d+\/components\/EntryAgent\/tables\/qTable/);
  expect(await shownRows(page)).toBeGreaterThan(desk2Rows);

  // Back, across the installations: desk-2's table again, from its own cache and API.
  await page.goBack();
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/\/i\/desk-2\/components\/EntryAgent\/tables\/qTable/);
  await expect(page.getByRole('combobox', { name: 'Installation' })).toHaveValue('desk-2');
  expect(await shownRows(page)).toBe(desk2Rows);
});

test('a bucket installation is browsed read-only, and changes are refused', async ({ operatorPage: page, stack }) => {
  const desk2Rows = await qTableRows(page, stack.tokens.operator, '/api/installations/desk-2');

  await page.goto('/installations');
  const copy = page.getByRole('table', { name: 'Installations' }).getByRole('row', { name: /^desk-2-bucket/ });
  await expect(copy).toContainText('Bucket copy of desk-2');
  await expect(copy).toContainText('Read-only');
  await copy.getByRole('button', { name: 'Open desk-2-bucket' }).click();
  await expect(page).toHaveURL(/\/i\/desk-2-bucket\/$/);
  await expect(page.getByRole('note', { name: 'Read-only installation' })).toContainText(/desk-2-bucket is read-only: .*Showing SaveAll cut #\d+/);

  // The newest cut of desk-2 in the bucket is its last SaveAll: the same Q-table.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Q-tables' }).click();
  await page.getByRole('link', { name: 'EntryAgent · qTable' }).click();
  await expect(page).toHaveURL(/\/i\/desk-2-bucket\/components\/EntryAgent\/tables\/qTable/);
  expect(await shownRows(page)).toBe(desk2Rows);

  // The console does not offer what the server would refuse: restore and pin are disabled, and say why.
  await page.goto('/i/desk-2-bucket/components/EntryAgent/restore');
  await expect(page.getByRole('alert').filter({ hasText: 'Restore is unavailable' })).toContainText('desk-2-bucket is read-only');
  await expect(page.getByRole('button', { name: 'Dry run' })).toBeDisabled();
  await page.goto('/i/desk-2-bucket/components/EntryAgent');
  await expect(page.getByRole('form', { name: 'Pin a generation' })).toContainText('Pinning is unavailable: desk-2-bucket is read-only');

  // The server refuses it anyway.
  const refused = await page.request.post('/api/installations/desk-2-bucket/components/EntryAgent/restore', {
    headers: { authorization: `Bearer ${stack.tokens.operator}` },
    data: { generation: 'current', dryRun: true },
  });
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { message: string }).message).toContain('installation desk-2-bucket is read-only');
});
