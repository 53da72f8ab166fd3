import { createContext, useContext } from 'react';
import type { Me } from './api';

/** The signed-in user and organisation, provided by the console layout after GET /me. */
export const SessionContext = createContext<Me | undefined>(undefined);

export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession() used outside the signed-in console layout');
  return me;
}
