import type { ComponentType, ReactNode } from 'react';
import { type MessageKey, useT } from '../i18n';
import { useSession } from '../session';
import { PageHeading } from './page-heading';

/** Renders its children for administrators; everyone else sees a short explanation. */
export function AdminOnly({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  const { user } = useSession();
  if (user.role !== 'admin') return <NoAccess title={title} message={t('common.adminOnly')} />;
  return children;
}

/** What a page shows an account that may not open it: its title, why (no access by default), `children` after. */
export function NoAccess({
  title,
  message,
  children,
}: {
  title: string;
  message?: string;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <>
      <PageHeading title={title} />
      <p className="notice">{message ?? t('common.noAccess')}</p>
      {children}
    </>
  );
}

/** A page only administrators may open: `export const UsersPage = adminOnlyPage('module.users.title', UsersList)`. */
export function adminOnlyPage(titleKey: MessageKey, Page: ComponentType) {
  return function AdminOnlyPage() {
    const t = useT();
    return (
      <AdminOnly title={t(titleKey)}>
        <Page />
      </AdminOnly>
    );
  };
}
