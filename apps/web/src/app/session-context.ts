// The signed-in session, for pages that adapt to the role (restore is operator-only).

import { createContext, useContext } from 'react';
import type { Session } from '@quantum/api-contract';

export const SessionContext = createContext<Session | null>(null);

export function useCurrentSession(): Session | null {
  return useContext(SessionContext);
}
