import type { ReactNode } from 'react';
import { useT } from '../i18n';
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
