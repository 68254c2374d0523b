// Every page of the console and its URL. Pages load on first visit (charts are the heavy part).

import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { Layout } from './layout';
import { NotFoundPage } from './not-found-page';
import { SignInPage } from '../features/auth/components/sign-in-page';

function page<P extends object>(load: () => Promise<ComponentType<P>>) {
  const Page = lazy(async () => ({ default: await load() }));
  return (props: P): ReactNode => (
    <Suspense fallback={<div className="state state-loading" role="status">Loading page…</div>}>
      <Page {...props} />
    </Suspense>
  );
}

const OverviewPage = page(async () => (await import('../features/overview/components/overview-page')).OverviewPage);
const ComponentPage = page(async () => (await import('../features/components/components/component-page')).ComponentPage);
const RestorePage = page(async () => (await import('../features/restore/components/restore-page')).RestorePage);
const TableBrowserPage = page(async () => (await import('../features/tables/components/table-browser-page')).TableBrowserPage);
const TableIndexPage = page(async () => (await import('../features/tables/components/table-index-page')).TableIndexPage);
const InsightsPage = page(async () => (await import('../features/insights/components/insights-page')).InsightsPage);
const ReplicationPage = page(async () => (await import('../features/replication/components/replication-page')).ReplicationPage);
const InstallationsPage = page(async () => (await import('../features/installations/components/installations-page')).InstallationsPage);
const AuditPage = page(async () => (await import('../features/audit/components/audit-page')).AuditPage);

const isQTable = (table: string) => table === 'qTable' || table.startsWith('shadow-');
const isExperiences = (table: string) => table === 'experiences';

/** `basename`: `/i/<installation>` for any but the default installation (see installation.ts). */
export function createRouter(basename = '/') {
  return createBrowserRouter([
    { path: '/sign-in', element: <SignInPage /> },
    {
      element: <Layout />,
      children: [
        { index: true, element: <OverviewPage /> },
        { path: 'components/:component', element: <ComponentPage /> },
        { path: 'components/:component/restore', element: <RestorePage /> },
        { path: 'components/:component/tables/:table', element: <TableBrowserPage /> },
        { path: 'q-table', element: <TableIndexPage title="Q-tables" matches={isQTable} /> },
        { path: 'replay', element: <TableIndexPage title="Replay buffer" matches={isExperiences} /> },
        { path: 'insights', element: <InsightsPage /> },
        { path: 'replication', element: <ReplicationPage /> },
        { path: 'audit', element: <AuditPage /> },
        { path: 'installations', element: <InstallationsPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ], { basename });
}
