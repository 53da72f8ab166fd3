import { formatJst } from '../format';
import { useLang, useT } from '../i18n';
import { INCIDENT_STATUS_KEYS, type Incident, SEVERITY_KEYS } from '../incidents';
import { inLanguage } from '../notices';
import { Facts } from './facts';
import '../i18n-notices';

/** One incident as both consoles show it: facts, the timeline in JST, and the report once there. */
export function IncidentTimeline({ incident }: { incident: Incident }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <>
      <Facts
        items={[
          [t('incidents.statusLabel'), t(INCIDENT_STATUS_KEYS[incident.status])],
          [t('incidents.severity'), t(SEVERITY_KEYS[incident.severity])],
          [t('incidents.impact'), inLanguage(incident.impact, lang)],
          incident.functions.length > 0 && [t('incidents.functions'), incident.functions.join(', ')],
          [t('incidents.openedAt'), formatJst(incident.openedAt)],
          !!incident.resolvedAt && [t('incidents.resolvedAt'), formatJst(incident.resolvedAt)],
        ]}
      />
      <h3>{t('incidents.timeline')}</h3>
      <ol className="incident-timeline">
        {incident.updates.map((u) => (
          <li key={u.at + u.status}>
            <time dateTime={u.at}>{formatJst(u.at)}</time>{' '}
            <strong>{t(INCIDENT_STATUS_KEYS[u.status])}</strong>
            <p className="notice-body">{inLanguage(u.message, lang)}</p>
          </li>
        ))}
      </ol>
      {incident.report && (
        <>
          <h3>{t('incidents.report')}</h3>
          <Facts
            items={[
              [t('incidents.report.whatHappened'), inLanguage(incident.report.whatHappened, lang)],
              [t('incidents.report.dataAffected'), inLanguage(incident.report.dataAffected, lang)],
              [t('incidents.report.actions'), inLanguage(incident.report.actions, lang)],
              [t('incidents.report.at'), formatJst(incident.report.at)],
            ]}
          />
        </>
      )}
    </>
  );
}
