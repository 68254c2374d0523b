// POST /api/components/{component}/pins and DELETE …/pins/{seq} (operators): keep a chain
// generation as a pinned copy with a note, or remove a pin. Both refresh the component's views.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PinBody, PinResult, UnpinResult } from '@quantum/api-contract';
import { apiFetch, apiPost } from '../../../lib/api-client';

const pinsPath = (component: string) => `/api/components/${encodeURIComponent(component)}/pins`;

export async function pinGeneration(component: string, body: PinBody): Promise<PinResult> {
  return apiPost<PinResult>(pinsPath(component), body);
}

export async function unpinGeneration(component: string, seq: number): Promise<UnpinResult> {
  const response = await apiFetch(`${pinsPath(component)}/${seq}`, { method: 'DELETE' });
  return (await response.json()) as UnpinResult;
}

/** Pins and unpins change the component's pin list and the audit log. */
function useRefreshAfter() {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: ['components'] }), queryClient.invalidateQueries({ queryKey: ['audit'] })]);
  };
}

export function usePinGeneration(component: string) {
  const refresh = useRefreshAfter();
  return useMutation({ mutationFn: (body: PinBody) => pinGeneration(component, body), onSuccess: refresh });
}

export function useUnpinGeneration(component: string) {
  const refresh = useRefreshAfter();
  return useMutation({ mutationFn: (seq: number) => unpinGeneration(component, seq), onSuccess: refresh });
}
