// Reading the console's virtualized tables by column name, as a user reads them.

import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

export const rowsTable = (page: Page, table: string) => page.getByRole('table', { name: `Rows of ${table}` });

/** 1-based position of a column by its header text (sort arrows ignored); 0 when absent. */
export async function columnIndex(page: Page, table: string, name: string): Promise<number> {
  const names = await rowsTable(page, table).getByRole('columnheader').allTextContents();
  return names.findIndex((text) => text.replace(/[▲▼]/g, '').trim() === name) + 1;
}

/** The rendered cells of one column, in row order. */
export async function columnCells(page: Page, table: string, name: string) {
  // The table re-renders while a new filter loads: wait for its header row before reading it.
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await expect(rowsTable(page, table).getByRole('columnheader', { name: new RegExp(`^${escaped}(\\s|[▲▼]|$)`) })).toBeVisible();
  const index = await columnIndex(page, table, name);
  if (index === 0) throw new Error(`table ${table} has no column ${name}`);
  return rowsTable(page, table).getByRole('row').filter({ has: page.getByRole('cell') }).locator(`[role=cell]:nth-child(${index})`);
}
