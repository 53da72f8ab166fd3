import { createContext, useContext } from 'react';
import { type MessageKey, useT } from './i18n';

/** Which app this bundle is running as: the organisation console or the operator console. */
export type AppVariant = 'console' | 'ops';

export const AppVariantContext = createContext<AppVariant>('console');

export function useAppVariant(): AppVariant {
  return useContext(AppVariantContext);
}

export function appNameKey(variant: AppVariant): MessageKey {
  return variant === 'ops' ? 'ops.app.name' : 'app.name';
}

/** The product name shown in the header and in document titles. */
export function useAppName(): string {
  const t = useT();
  return t(appNameKey(useAppVariant()));
}
