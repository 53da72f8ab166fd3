import { Link } from 'react-router';
import { api } from '../api';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import '../i18n-ops-staff';

/** The ops home's flag (A.12.4.3): days of operators' work not reviewed in time; nothing when none. */
export function WorkLogOverdueFlag() {
  const t = useT();
  const load = useLoad(
    () => api.get<{ reviewAfterDays: number; overdueDays: unknown[] }>('/ops/work-log/reviews'),
    [],
  );
  if (load.state.kind !== 'ready' || load.state.value.overdueDays.length === 0) return null;
  const { reviewAfterDays, overdueDays } = load.state.value;
  return (
    <div className="alert alert-warning" role="status">
      <p>
        {t('ops.worklog.overdue', { days: reviewAfterDays, count: overdueDays.length })}{' '}
        <Link to="/work-log">{t('ops.worklog.title')}</Link>
      </p>
    </div>
  );
}
