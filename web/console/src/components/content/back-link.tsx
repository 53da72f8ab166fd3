import { Link } from 'react-router';
import { KIND_KEYS } from '../../content/labels';
import { type ContentKind, KIND_PATH } from '../../content/model';
import { useT } from '../../i18n';

/** The link back to a kind's list ("スポット一覧へ戻る"), above its edit, import and category pages. */
export function BackLink({ kind, className = 'back-link' }: { kind: ContentKind; className?: string }) {
  const t = useT();
  return (
    <p className={className}>
      <Link to={`/${KIND_PATH[kind]}`}>{t('content.edit.back', { kind: t(KIND_KEYS[kind]) })}</Link>
    </p>
  );
}
