import type { ComponentType, ReactNode } from 'react';
import { type MessageKey, useT } from '../i18n';
import { useSession } from '../session';
import { PageHeading } from './page-heading';

/** Renders its children for administrators; everyone else sees a short explanation. */
export function AdminOnly({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  const { user } = useSession();
  if (user.role !== 'admin') {
    return (
      <>
        <PageHeading title={title} />
        <p className="notice">{t('common.adminOnly')}</p>
      </>
    );
  }
  return children;
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
