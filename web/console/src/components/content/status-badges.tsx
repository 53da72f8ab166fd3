import { STATUS_KEYS } from '../../content/labels';
import type { ContentStatus } from '../../content/model';
import { useT } from '../../i18n';
import '../../i18n-content';

/**
 * The workflow status as a badge, and two markers: 「公開中」 when a published copy is on the
 * site while the item is in another status, 「未公開の変更あり」 when the saved data differs from it.
 */
export function StatusBadges({
  status,
  live,
  hasUnpublishedChanges,
}: {
  status: ContentStatus;
  live: boolean;
  hasUnpublishedChanges: boolean;
}) {
  const t = useT();
  const key = STATUS_KEYS[status];
  return (
    <span className="status-badges">
      <span className={`status-badge status-badge-${status}`}>{key ? t(key) : status}</span>
      {live && status !== 'published' && (
        <span className="marker marker-live">{t('content.marker.live')}</span>
      )}
      {hasUnpublishedChanges && <span className="marker marker-changes">{t('content.marker.changes')}</span>}
    </span>
  );
}
