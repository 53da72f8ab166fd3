import { PageHeading } from '../components/page-heading';
import { useT } from '../i18n';
import { useSession } from '../session';
import { PreparingNotice } from './module-page';

export function DashboardPage() {
  const t = useT();
  const { user } = useSession();
  return (
    <>
      <PageHeading title={t('module.dashboard.title')} />
      <p className="lead">{t('module.dashboard.welcome', { name: user.name })}</p>
      <p>{t('module.dashboard.description')}</p>
      <PreparingNotice />
    </>
  );
}
