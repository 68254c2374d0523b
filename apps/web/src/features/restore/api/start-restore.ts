// POST /api/components/{component}/restore: a dry run answers at once, a real restore starts a job.

import { useMutation } from '@tanstack/react-query';
import type { DryRunResult, Job, RestoreBody } from '@quantum/api-contract';
import { apiPost } from '../../../lib/api-client';

export async function startRestore(component: string, body: RestoreBody): Promise<Job | DryRunResult> {
  return apiPost<Job | DryRunResult>(`/api/components/${encodeURIComponent(component)}/restore`, body);
}

export function isDryRunResult(result: Job | DryRunResult): result is DryRunResult {
  return 'dryRun' in result && result.dryRun === true;
}

export function useStartRestore(component: string) {
  return useMutation({ mutationFn: (body: RestoreBody) => startRestore(component, body) });
}
