import { Link } from 'react-router';
import { asApiError } from '../api';
import { formatJst } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { fetchOwnBreakGlass } from '../support';

/**
 * Above every page for administrators while an operator's break-glass access to the organisation
 * is open: who may read until when, and a link to what was read. Nothing otherwise.
 */
export function BreakGlassBanner() {
  const t = useT();
  const { state } = useLoad(fetchOwnBreakGlass, [], asApiError);
  if (state.kind !== 'ready') return null;
  const now = Date.now();
  const open = state.value.items.filter(
    (g) => g.status === 'active' && g.expiresAt !== null && Date.parse(g.expiresAt) > now,
  );
  if (open.length === 0) return null;
  return (
    <section className="notice notice-banner" aria-labelledby="break-glass-banner-title">
      {open.map((g, i) => (
        <p key={g.id} id={i === 0 ? 'break-glass-banner-title' : undefined}>
          <strong>{t('breakGlass.active', { until: formatJst(g.expiresAt) ?? '' })}</strong>（{g.operatorId}：
          {g.reason}）
        </p>
      ))}
      <p>
        <Link to="/break-glass">{t('module.breakGlass.title')}</Link>
      </p>
    </section>
  );
}
