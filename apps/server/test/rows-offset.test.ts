import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RowsPage } from '@quantum/api-contract';
import { createFixture, type Fixture } from './support/fixture.js';

const entry = '/api/components/EntryAgent/generations/current/rows';

describe('rows at an offset: a jump to row N of a sorted, filtered view', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await createFixture({ generations: 1, qEntries: 3000 });
  });
  afterAll(async () => fx.close());

  async function page(url: string): Promise<RowsPage> {
    const response = await fx.get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<RowsPage>();
  }

  /** Row ids of the whole view, walked page by page with keyset cursors: the reference order. */
  async function walk(base: string, query: string): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const next: RowsPage = await page(`${base}?${query}&limit=400${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...next.rows.map((row) => row['row'] as number));
      cursor = next.nextCursor;
    } while (cursor !== null);
    return ids;
  }

  const views: [string, string][] = [
    [entry, 'table=qTable'],
    [entry, 'table=qTable&order=desc'],
    [entry, 'table=qTable&sort=qValue&order=desc'],
    [entry, 'table=qTable&sort=stateHash'],
    [entry, 'table=qTable&sort=qValue&min=-0.5&max=0.25'],
    [entry, 'table=qTable&sort=qValue&order=desc&min=-0.5&max=0.25'],
    [entry, 'table=qTable&sort=stateHash&min=-0.5&max=0.25'],
    [entry, 'table=qTable&sort=qValue&order=desc&action=BUY&min=-1000&max=1000'],
    [entry, 'table=qTable&order=desc&action=SELL'],
  ];

  it.each(views)('%s?%s: every offset serves the rows cursor paging reaches there, and a cursor that continues', async (base, query) => {
    const reference = await walk(base, query);
    const total = reference.length;
    expect(total).toBeGreaterThan(100);
    for (const offset of [0, 1, 99, 100, Math.floor(total / 2), total - 7, total - 1, total, total + 5, 2_000_000_000]) {
      const jumped = await page(`${base}?${query}&limit=50&offset=${offset}`);
      expect(jumped.total).toBe(total);
      expect(jumped.rows.map((row) => row['row'])).toEqual(reference.slice(offset, offset + 50));
      if (offset + 50 >= total) {
        expect(jumped.nextCursor).toBeNull();
        continue;
      }
      const following = await page(`${base}?${query}&limit=50&cursor=${jumped.nextCursor}`);
      expect(following.rows.map((row) => row['row'])).toEqual(reference.slice(offset + 50, offset + 100));
    }
  });

  it('validates offset against its schema and refuses it together with a cursor', async () => {
    for (const bad of ['-1', '1.5', 'ten', '2147483648', '99999999999999999999']) {
      const response = await fx.get(`${entry}?table=qTable&offset=${bad}`);
      expect(response.statusCode, `offset=${bad}`).toBe(400);
    }
    const first = await page(`${entry}?table=qTable&sort=qValue&limit=10`);
    const both = await fx.get(`${entry}?table=qTable&sort=qValue&limit=10&offset=20&cursor=${first.nextCursor}`);
    expect(both.statusCode).toBe(400);
    expect(both.json<{ code: string }>().code).toBe('BAD_QUERY');
  });
});
