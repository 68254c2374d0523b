// POST /api/verify: re-verify every generation of every component now.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { VerifyResult } from '@quantum/api-contract';
import { apiPost } from '../../../lib/api-client';

export async function verifyAll(): Promise<VerifyResult> {
  return apiPost<VerifyResult>('/api/verify', {});
}

export function useVerify() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyAll,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['components'] }),
  });
}
