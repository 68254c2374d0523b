// The frame of every signed-in page: navigation, connection status, who is signed in.

import { NavLink, Navigate, Outlet, useLocation } from 'react-router';
import { clearToken } from '../lib/auth-token';
import { useToken } from '../features/auth/use-token';
import { useSession } from '../features/auth/api/get-session';
import { EventStreamProvider, useEventStream } from '../features/events/components/event-stream-provider';
import { InstallationSwitcher } from '../features/installations/components/installation-switcher';
import { ReadOnlyBanner } from '../features/installations/components/read-only-banner';
import { SessionContext } from './session-context';

const links = [
  { to: '/', label: 'Overview', end: true },
  { to: '/q-table', label: 'Q-tables', end: false },
  { to: '/replay', label: 'Replay buffer', end: false },
  { to: '/insights', label: 'Adversary & metrics', end: false },
  { to: '/replication', label: 'Replication', end: false },
  { to: '/audit', label: 'Audit log', end: false },
  { to: '/installations', label: 'Installations', end: false },
];

export function Layout() {
  const token = useToken();
  const location = useLocation();
  const session = useSession(token);
  if (token === null) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  return (
    <SessionContext.Provider value={session.data ?? null}>
      <EventStreamProvider>
        <div className="shell">
          <header className="topbar">
            <span className="brand">Quantum State Console</span>
            <InstallationSwitcher />
            <nav aria-label="Main">
              <ul>
                {links.map((link) => (
                  <li key={link.to}>
                    <NavLink to={link.to} end={link.end}>
                      {link.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <ConnectionStatus />
            <span className="who">{session.data ? `${session.data.actor} (${session.data.role})` : ''}</span>
            <button type="button" className="link-button" onClick={clearToken}>
              Sign out
            </button>
          </header>
          <OfflineBanner />
          <ReadOnlyBanner />
          <main className="content">
            <Outlet />
          </main>
        </div>
      </EventStreamProvider>
    </SessionContext.Provider>
  );
}

function ConnectionStatus() {
  const { status } = useEventStream();
  const label = status === 'open' ? 'Live' : status === 'connecting' ? 'Connecting' : 'Offline';
  return (
    <span className={`connection connection-${status}`} role="status" aria-label={`Event stream: ${label}`}>
      {label}
    </span>
  );
}

function OfflineBanner() {
  const { status } = useEventStream();
  if (status !== 'offline') return null;
  return (
    <div className="offline-banner" role="alert">
      The server is not reachable. Showing the last data received; reconnecting…
    </div>
  );
}
