// Every page of the console and its URL.

import { createBrowserRouter } from 'react-router';
import { Layout } from './layout';
import { NotFoundPage } from './not-found-page';
import { SignInPage } from '../features/auth/components/sign-in-page';
import { OverviewPage } from '../features/overview/components/overview-page';
import { ComponentPage } from '../features/components/components/component-page';
import { TableBrowserPage } from '../features/tables/components/table-browser-page';
import { TableIndexPage } from '../features/tables/components/table-index-page';
import { RestorePage } from '../features/restore/components/restore-page';
import { AuditPage } from '../features/audit/components/audit-page';
import { InsightsPage } from '../features/insights/components/insights-page';

const isQTable = (table: string) => table === 'qTable' || table.startsWith('shadow-');

export function createRouter() {
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
        { path: 'replay', element: <TableIndexPage title="Replay buffer" matches={(table) => table === 'experiences'} /> },
        { path: 'insights', element: <InsightsPage /> },
        { path: 'audit', element: <AuditPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
