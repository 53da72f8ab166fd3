import { Link } from 'react-router';
import { useAppVariant } from '../app-variant';
import { PageHeading } from '../components/page-heading';
import { useT } from '../i18n';

export function NotFoundPage() {
  const t = useT();
  const variant = useAppVariant();
  return (
    <>
      <PageHeading title={t('notFound.title')} />
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t(variant === 'ops' ? 'ops.notFound.back' : 'notFound.back')}</Link>
      </p>
    </>
  );
}
