// DataTable renders the semantics the e2e suite and screen readers read: caption or label as the
// table's name, column headers, row headers, aria-current on the row in use, cell titles.

import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { GenerationInfo } from '@quantum/api-contract';
import { DataTable, type Column } from '../src/components/ui/data-table';
import { GenerationTable } from '../src/features/components/components/generation-table';

interface Fruit {
  name: string;
  count: number;
  note?: string;
}

const fruits: Fruit[] = [
  { name: 'apple', count: 3, note: 'from the tree' },
  { name: 'pear', count: 0 },
];

const columns: Column<Fruit>[] = [
  { header: 'Fruit', rowHeader: true, cell: (fruit) => fruit.name },
  { header: 'Count', cell: (fruit) => fruit.count, title: (fruit) => fruit.note },
];

const render = (props: Partial<Parameters<typeof DataTable<Fruit>>[0]>) =>
  renderToStaticMarkup(<DataTable columns={columns} rows={fruits} rowKey={(fruit) => fruit.name} {...props} />);

describe('DataTable', () => {
  it('names the table by its caption and heads every column and row', () => {
    expect(render({ caption: 'Fruit in stock', className: 'compact' })).toBe(
      '<table class="compact"><caption>Fruit in stock</caption>' +
        '<thead><tr><th scope="col">Fruit</th><th scope="col">Count</th></tr></thead>' +
        '<tbody><tr><th scope="row">apple</th><td title="from the tree">3</td></tr>' +
        '<tr><th scope="row">pear</th><td>0</td></tr></tbody></table>',
    );
  });

  it('marks only the current row with aria-current', () => {
    const html = render({ caption: 'Fruit', isCurrent: (fruit) => fruit.name === 'pear' });
    expect(html).toContain('<tr><th scope="row">apple</th>');
    expect(html).toContain('<tr aria-current="true"><th scope="row">pear</th>');
    expect(html.match(/aria-current/g)).toHaveLength(1);
  });

  it('takes an aria-label in place of a caption', () => {
    const html = render({ label: 'Fruit' });
    expect(html.startsWith('<table aria-label="Fruit"><thead>')).toBe(true);
    expect(html).not.toContain('<caption>');
  });

  it('shows the empty message in place of a table without rows, and keeps the headers without one', () => {
    expect(render({ rows: [], caption: 'Fruit', emptyMessage: 'No fruit.' })).toBe('<p class="state state-empty">No fruit.</p>');
    expect(render({ rows: [], caption: 'Fruit' })).toBe(
      '<table><caption>Fruit</caption><thead><tr><th scope="col">Fruit</th><th scope="col">Count</th></tr></thead><tbody></tbody></table>',
    );
  });
});

describe('GenerationTable on DataTable', () => {
  it('names the generation in use in its row header and marks its row current', () => {
    const generations: GenerationInfo[] = [
      { generation: 'current', status: 'rejected', reason: 'hmac-mismatch', seq: 5 },
      { generation: 'bak', status: 'valid', seq: 4, keyFingerprint: '0123456789abcdef', suspect: true },
    ];
    const html = renderToStaticMarkup(<GenerationTable generations={generations} now={0} inUse="bak" />);
    expect(html).toContain('<caption>Generations, newest first</caption>');
    expect(html).toContain('<tr><th scope="row">current</th><td><span class="badge badge-error">rejected</span></td><td>5</td>');
    expect(html).toContain('<tr aria-current="true"><th scope="row">bak (in use)</th><td><span class="badge badge-ok">valid</span><span class="badge badge-warning"');
    expect(html).toContain('<td>ok (key 01234567)</td>');
    expect(html).toContain('<td>FAILED</td><td>hmac-mismatch</td>');
  });
});
