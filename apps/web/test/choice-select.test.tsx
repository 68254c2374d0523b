// ChoiceSelect: the blank choice first with the empty value, then the names as their own values.

import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { ChoiceSelect } from '../src/components/ui/choice-select';

describe('ChoiceSelect', () => {
  it('offers the blank choice first and selects the current name', () => {
    const html = renderToStaticMarkup(<ChoiceSelect id="regime" value="RANGING" options={['TRENDING_UP', 'RANGING']} blankLabel="all" onChange={() => undefined} />);
    expect(html).toBe('<select id="regime"><option value="">all</option><option>TRENDING_UP</option><option selected="">RANGING</option></select>');
  });

  it('selects the blank choice for the empty value', () => {
    const html = renderToStaticMarkup(<ChoiceSelect id="from" value="" options={['bak']} blankLabel="choose…" onChange={() => undefined} />);
    expect(html).toBe('<select id="from"><option value="" selected="">choose…</option><option>bak</option></select>');
  });
});
