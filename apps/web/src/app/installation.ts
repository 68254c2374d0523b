// Which installation the console shows, from the URL: `/i/<id>/...` for any installation the
// server watches, the bare paths (`/`, `/components/...`) for the default one, as always.
// Every page's own links are written from the root; the router's basename keeps them inside.

import { createContext, useContext } from 'react';

const IN_URL = /^\/i\/([A-Za-z0-9][A-Za-z0-9._-]{0,63})(?=\/|$)/;

/** null: the default installation. */
export type InstallationId = string | null;

export function installationFromPath(pathname: string): InstallationId {
  return IN_URL.exec(pathname)?.[1] ?? null;
}

export function basenameOf(installation: InstallationId): string {
  return installation === null ? '/' : `/i/${installation}`;
}

/** Where an installation's overview lives; the default one keeps today's URLs. */
export function installationHome(id: string, isDefault: boolean): string {
  return isDefault ? '/' : `/i/${id}/`;
}

export interface InstallationScope {
  /** null: the default installation (served under /api). */
  current: InstallationId;
  /** Shows another installation: its own router, query cache and event stream. */
  switchTo(id: string, isDefault: boolean): void;
}

export const InstallationContext = createContext<InstallationScope>({ current: null, switchTo: () => undefined });

export function useInstallation(): InstallationScope {
  return useContext(InstallationContext);
}
