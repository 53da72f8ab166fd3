import { IncidentTimeline } from '../components/incident-timeline';
import { ListView } from '../components/list-parts';
import { PageHeading } from '../components/page-heading';
import { useLoad } from '../hooks';
import { useLang, useT } from '../i18n';
import { fetchOwnIncidents } from '../incidents';
import { inLanguage } from '../notices';
import '../i18n-notices';

/** 障害情報: the incidents that affect the organisation, each with its timeline (JST) and report. */
export function IncidentsPage() {
  const t = useT();
  const { lang } = useLang();
  const load = useLoad(fetchOwnIncidents, []);
  return (
    <>
      <PageHeading title={t('module.incidents.title')} lead={t('incidents.intro')} />
      <ListView load={load} failedMessage={t('incidents.loadFailed')} empty={t('incidents.empty')}>
        {(items) =>
          items.map((incident) => (
            <article key={incident.id} id={`incident-${incident.id}`} className="panel notice-item">
              <h2>{inLanguage(incident.title, lang)}</h2>
              <IncidentTimeline incident={incident} />
            </article>
          ))
        }
      </ListView>
    </>
  );
}
