import { createContext, useContext } from 'react';
import type { OperatorMe } from '../api';

/** The signed-in operator, provided by the operator layout after GET /ops/me. */
export const OperatorContext = createContext<OperatorMe | undefined>(undefined);

export function useOperator(): OperatorMe {
  const me = useContext(OperatorContext);
  if (!me) throw new Error('useOperator() used outside the operator layout');
  return me;
}
