// View state kept in the URL's query string, so a view can be shared and reloaded.
// Values equal to their default are left out of the URL to keep links short.

import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export type UrlState<K extends string> = Record<K, string>;

export function useUrlState<K extends string>(
  defaults: UrlState<K>,
): [UrlState<K>, (patch: Partial<UrlState<K>>, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => {
    const current = { ...defaults };
    for (const key of Object.keys(defaults) as K[]) {
      const value = params.get(key);
      if (value !== null) current[key] = value;
    }
    return current;
    // defaults is a literal in the caller: compare by content.
  }, [params, JSON.stringify(defaults)]);

  const update = useCallback(
    (patch: Partial<UrlState<K>>, options?: { replace?: boolean }) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(patch) as [K, string | undefined][]) {
            if (value === undefined || value === defaults[key]) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: options?.replace ?? false },
      );
    },
    [setParams, JSON.stringify(defaults)],
  );
  return [state, update];
}
