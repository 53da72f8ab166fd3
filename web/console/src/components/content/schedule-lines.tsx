import { formatJst } from '../../format';
import { useT } from '../../i18n';
import '../../i18n-content';

/** When an item is set to be published and withdrawn (one line each), or `none` when neither. */
export function ScheduleLines({
  publishAt,
  unpublishAt,
  none,
}: {
  publishAt: string | null;
  unpublishAt: string | null;
  none: string;
}) {
  const t = useT();
  if (!publishAt && !unpublishAt) return none;
  return (
    <>
      {publishAt && (
        <span className="schedule-line">
          {t('content.list.publishAt', { date: formatJst(publishAt) ?? '' })}
        </span>
      )}
      {unpublishAt && (
        <span className="schedule-line">
          {t('content.list.unpublishAt', { date: formatJst(unpublishAt) ?? '' })}
        </span>
      )}
    </>
  );
}
