// Everything the pages share: the query cache and the router, one pair per installation, so
// cached data and the event stream of one installation never show under another. Switching
// keeps each installation's cache for when the user comes back.

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { setApiInstallation } from '../lib/api-client';
import { InstallationContext, basenameOf, installationFromPath, installationHome, type InstallationId } from './installation';
import { createQueryClient } from './query-client';
import { carryServerWide } from './server-wide-queries';
import { createRouter } from './router';

interface Scope {
  installation: InstallationId;
  client: QueryClient;
  router: ReturnType<typeof createRouter>;
}

export function App() {
  const [clients] = useState(() => new Map<string, QueryClient>());
  const open = useCallback(
    (installation: InstallationId, previous?: QueryClient): Scope => {
      const key = installation ?? '';
      let client = clients.get(key);
      if (client === undefined) clients.set(key, (client = createQueryClient()));
      if (previous !== undefined) carryServerWide(previous, client);
      // Before the new pages render: their first requests already go to this installation.
      setApiInstallation(installation);
      return { installation, client, router: createRouter(basenameOf(installation)) };
    },
    [clients],
  );
  const [scope, setScope] = useState(() => open(installationFromPath(window.location.pathname)));

  const show = useCallback(
    (installation: InstallationId) => {
      if (installation === scope.installation) return;
      // Nothing of the installation left behind may still land in its cache under the new URLs.
      void scope.client.cancelQueries();
      scope.router.dispose();
      setScope(open(installation, scope.client));
    },
    [scope, open],
  );

  // Back and forward across installations.
  useEffect(() => {
    const onPop = () => show(installationFromPath(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [show]);

  const context = useMemo(
    () => ({
      current: scope.installation,
      switchTo: (id: string, isDefault: boolean) => {
        window.history.pushState(null, '', installationHome(id, isDefault));
        show(isDefault ? null : id);
      },
    }),
    [scope.installation, show],
  );

  return (
    <InstallationContext.Provider value={context}>
      <QueryClientProvider key={scope.installation ?? ''} client={scope.client}>
        <RouterProvider router={scope.router} />
      </QueryClientProvider>
    </InstallationContext.Provider>
  );
}
