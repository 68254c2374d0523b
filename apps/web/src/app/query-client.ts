// Query defaults: retry while offline (the server comes back), never on client errors.

import { QueryClient } from '@tanstack/react-query';
import { ApiError, isOfflineError } from '../lib/api-client';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        retry: (failureCount, error) => {
          if (isOfflineError(error)) return failureCount < 2;
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}
