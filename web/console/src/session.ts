import { createContext, useContext } from 'react';
import type { Me } from './api';

/** The signed-in user and organisation, provided by the console layout after GET /me. */
export const SessionContext = createContext<Me | undefined>(undefined);

/** Reloads GET /me quietly (after the user changed something the header shows). */
export const SessionRefreshContext = createContext<() => void>(() => {});

export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession() used outside the signed-in console layout');
  return me;
}

export function useRefreshSession(): () => void {
  return useContext(SessionRefreshContext);
}
