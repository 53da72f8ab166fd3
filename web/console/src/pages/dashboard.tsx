import { Link } from 'react-router';
import { columnNames, DataTable } from '../components/data-table';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { StorageMeter } from '../components/usage-figures';
import { CONTENT_LANG_KEYS, KIND_KEYS, STATUS_KEYS } from '../content/labels';
import { isLanguage, KIND_PATH } from '../content/model';
import { type Dashboard, type DashboardItem, fetchDashboard, itemName } from '../dashboard';
import { formatJst } from '../format';
import { useLoad } from '../hooks';
import { type MessageKey, useLang, useT } from '../i18n';
import { inLanguage } from '../notices';
import { useSession } from '../session';
import '../i18n-content';
import '../i18n-journeys';
import '../i18n-notices';

type ListKey =
  | 'awaitingApproval'
  | 'myDrafts'
  | 'scheduled'
  | 'missingTranslations'
  | 'missingAltText'
  | 'expiredEvents';

/** The sections that list items, in the order of what needs the user most. */
const LISTS: { key: ListKey; title: MessageKey; empty: MessageKey; hint?: MessageKey }[] = [
  { key: 'awaitingApproval', title: 'dashboard.awaitingApproval', empty: 'dashboard.awaitingApproval.empty' },
  { key: 'myDrafts', title: 'dashboard.myDrafts', empty: 'dashboard.myDrafts.empty' },
  { key: 'scheduled', title: 'dashboard.scheduled', empty: 'dashboard.scheduled.empty' },
  {
    key: 'missingTranslations',
    title: 'dashboard.missingTranslations',
    empty: 'dashboard.missingTranslations.empty',
  },
  {
    key: 'missingAltText',
    title: 'dashboard.missingAltText',
    empty: 'dashboard.missingAltText.empty',
    hint: 'dashboard.missingAltText.hint',
  },
  { key: 'expiredEvents', title: 'dashboard.expiredEvents', empty: 'dashboard.expiredEvents.empty' },
];

/** The console's start page: what needs me, my colleagues' changes, visitors and storage. */
export function DashboardPage() {
  const t = useT();
  const { user } = useSession();
  const load = useLoad(fetchDashboard, []);
  return (
    <>
      <PageHeading
        title={t('module.dashboard.title')}
        lead={t('module.dashboard.welcome', { name: user.name })}
      />
      <LoadView load={load} failedMessage={t('dashboard.loadFailed')}>
        {(dashboard) => <DashboardSections dashboard={dashboard} />}
      </LoadView>
    </>
  );
}

function DashboardSections({ dashboard }: { dashboard: Dashboard }) {
  const t = useT();
  const shown = LISTS.filter((list) => dashboard[list.key] !== undefined);
  const nothing =
    shown.length === 0 &&
    !dashboard.recentChanges &&
    !dashboard.visitors &&
    !dashboard.storage &&
    !dashboard.notices;
  if (nothing) return <p>{t('dashboard.nothing')}</p>;
  return (
    <div className="dashboard-grid">
      {shown.map((list) => {
        const section = dashboard[list.key];
        if (!section) return null;
        const languages =
          list.key === 'missingTranslations' && dashboard.missingTranslations
            ? dashboard.missingTranslations.languages
                .map((l) => (isLanguage(l) ? t(CONTENT_LANG_KEYS[l]) : l))
                .join(t('content.separator'))
            : undefined;
        return (
          <section key={list.key} className="dashboard-card" aria-labelledby={`dash-${list.key}`}>
            <h2 id={`dash-${list.key}`}>
              {t(list.title)}{' '}
              <span className="count-badge">{t('dashboard.count', { count: section.total })}</span>
            </h2>
            {languages && (
              <p className="field-hint">{t('dashboard.missingTranslations.hint', { languages })}</p>
            )}
            {list.hint && <p className="field-hint">{t(list.hint)}</p>}
            {section.items.length === 0 ? (
              <p className="secondary-text">{t(list.empty)}</p>
            ) : (
              <ItemLinks items={section.items} showSchedule={list.key === 'scheduled'} />
            )}
            {section.total > section.items.length && (
              <p className="secondary-text">
                {t('dashboard.more', { count: section.total - section.items.length })}
              </p>
            )}
          </section>
        );
      })}
      {dashboard.recentChanges && (
        <section className="dashboard-card" aria-labelledby="dash-recent">
          <h2 id="dash-recent">{t('dashboard.recentChanges')}</h2>
          {dashboard.recentChanges.length === 0 ? (
            <p className="secondary-text">{t('dashboard.recentChanges.empty')}</p>
          ) : (
            <ul className="dashboard-list">
              {dashboard.recentChanges.map((change) => (
                <li key={`${change.at}-${change.id}-${change.action}`}>
                  <Link to={`/${KIND_PATH[change.kind]}/${encodeURIComponent(change.id)}`}>
                    {t('dashboard.change', {
                      who: change.actorName ?? t('dashboard.someone'),
                      kind: t(KIND_KEYS[change.kind]),
                      action: t(actionKey(change.action)),
                    })}
                  </Link>{' '}
                  <span className="secondary-text">{formatJst(change.at)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {dashboard.visitors && (
        <section className="dashboard-card" aria-labelledby="dash-visitors">
          <h2 id="dash-visitors">{t('dashboard.visitors')}</h2>
          <p>
            {t('dashboard.visitors.totals', {
              views: dashboard.visitors.totals.views,
              visitors: dashboard.visitors.totals.visitors,
            })}
          </p>
          <DataTable
            className="compact-table"
            hiddenCaption
            caption={t('dashboard.visitors')}
            columns={columnNames(t, 'dashboard.visitors', ['day', 'views', 'visitors'])}
          >
            {dashboard.visitors.days.map((day) => (
              <tr key={day.day}>
                <th scope="row">{day.day}</th>
                <td>{day.views}</td>
                <td>{day.visitors}</td>
              </tr>
            ))}
          </DataTable>
          <p>
            <Link to="/analytics">{t('dashboard.visitors.more')}</Link>
          </p>
        </section>
      )}
      {dashboard.storage && (
        <section className="dashboard-card" aria-labelledby="dash-storage">
          <h2 id="dash-storage">{t('dashboard.storage')}</h2>
          <StorageMeter used={dashboard.storage.used} quota={dashboard.storage.quota} />
          <p>
            <Link to="/media">{t('dashboard.storage.media')}</Link>
          </p>
        </section>
      )}
      {dashboard.notices && <NoticesCard notices={dashboard.notices} />}
    </div>
  );
}

/** The provider's latest notices, and how many wait for my acknowledgement. */
function NoticesCard({ notices }: { notices: NonNullable<Dashboard['notices']> }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <section className="dashboard-card" aria-labelledby="dash-notices">
      <h2 id="dash-notices">{t('dashboard.notices')}</h2>
      {notices.unacknowledged > 0 && (
        <p>
          <strong>{t('dashboard.notices.waiting', { count: notices.unacknowledged })}</strong>
        </p>
      )}
      {notices.latest.length === 0 ? (
        <p className="secondary-text">{t('dashboard.notices.empty')}</p>
      ) : (
        <ul className="dashboard-list">
          {notices.latest.map((n) => (
            <li key={n.id}>
              <Link to="/notices">{inLanguage(n.title, lang)}</Link>{' '}
              <span className="secondary-text">{formatJst(n.publishedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const ACTIONS = [
  'created',
  'updated',
  'submitted',
  'withdrawn',
  'published',
  'unpublished',
  'scheduled',
  'deleted',
  'restored',
] as const;

/** `content.spot.published` → the verb's message; anything else is "changed". */
function actionKey(action: string): MessageKey {
  const verb = action.split('.').at(-1) ?? '';
  return (ACTIONS as readonly string[]).includes(verb)
    ? (`dashboard.action.${verb}` as MessageKey)
    : 'dashboard.action.other';
}

function ItemLinks({ items, showSchedule }: { items: DashboardItem[]; showSchedule: boolean }) {
  const t = useT();
  return (
    <ul className="dashboard-list">
      {items.map((item) => (
        <li key={item.id}>
          <Link to={`/${KIND_PATH[item.kind]}/${encodeURIComponent(item.id)}`} lang="ja">
            {itemName(item) || t('content.list.untitled')}
          </Link>{' '}
          <span className="secondary-text">
            {t(KIND_KEYS[item.kind])} · {t(STATUS_KEYS[item.status])}
            {showSchedule && item.publishAt
              ? ` · ${t('dashboard.publishAt', { at: formatJst(item.publishAt) ?? '' })}`
              : ''}
            {showSchedule && item.unpublishAt
              ? ` · ${t('dashboard.unpublishAt', { at: formatJst(item.unpublishAt) ?? '' })}`
              : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
