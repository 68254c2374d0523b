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
          // Too many requests (fast scrolling through a large table): wait and ask again.
          if (error instanceof ApiError && error.status === 429) return failureCount < 5;
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}
