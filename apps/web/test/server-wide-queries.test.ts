import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { carryServerWide } from '../src/app/server-wide-queries';

describe('carryServerWide', () => {
  it("gives a new installation's cache the session and installation list, and nothing about the installation left", () => {
    const from = new QueryClient();
    const to = new QueryClient();
    from.setQueryData(['session', 'token-1'], { role: 'operator' }, { updatedAt: 1000 });
    from.setQueryData(['installations'], { installations: ['a', 'b'] }, { updatedAt: 2000 });
    from.setQueryData(['components'], { components: ['EntryAgent'] });
    carryServerWide(from, to);
    expect(to.getQueryData(['session', 'token-1'])).toEqual({ role: 'operator' });
    expect(to.getQueryState(['installations'])?.dataUpdatedAt).toBe(2000);
    expect(to.getQueryData(['components'])).toBeUndefined();
  });

  it('keeps a newer answer the cache already holds', () => {
    const from = new QueryClient();
    const to = new QueryClient();
    from.setQueryData(['installations'], { installations: ['old'] }, { updatedAt: 1000 });
    to.setQueryData(['installations'], { installations: ['new'] }, { updatedAt: 3000 });
    carryServerWide(from, to);
    expect(to.getQueryData(['installations'])).toEqual({ installations: ['new'] });
  });
});
