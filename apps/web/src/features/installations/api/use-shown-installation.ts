// The installation this console page shows, as the server lists it: a bucket copy carries
// `readOnly` (why it cannot change), which every form that would change state respects.

import type { InstallationSummary } from '@quantum/api-contract';
import { useInstallation } from '../../../app/installation';
import { useInstallations } from './get-installations';

export function useShownInstallation(): InstallationSummary | undefined {
  const { current } = useInstallation();
  const { data } = useInstallations();
  return data?.installations.find((installation) => (current === null ? installation.default : installation.id === current));
}

/** Why changes are refused here (a read-only bucket copy), or undefined when they are allowed. */
export function useReadOnlyReason(): string | undefined {
  const shown = useShownInstallation();
  return shown?.readOnly === undefined ? undefined : `${shown.id} is read-only: ${shown.readOnly}`;
}
