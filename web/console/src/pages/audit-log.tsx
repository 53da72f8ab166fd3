import { type FormEvent, useEffect, useId, useState } from 'react';
import {
  type AuditEvent,
  auditCsvUrl,
  fetchAuditEvents,
  fetchUsage,
  type Role,
  type UsageRow,
  type UserStatus,
} from '../api';
import {
  AUDIT_CATEGORIES,
  AUDIT_OUTCOMES,
  type AuditFilters,
  auditActionLabel,
  auditActorTypeLabel,
  auditDetailsText,
  auditFilterIssues,
  auditQueryString,
  auditTargetLabel,
  EMPTY_AUDIT_FILTERS,
  isAuditOutcome,
  OUTCOME_KEYS,
} from '../audit-log';
import { adminOnlyPage } from '../components/admin-only';
import { columnNames, DataTable } from '../components/data-table';
import { ExportLink } from '../components/export-link';
import { SelectField } from '../components/fields';
import { DateRangeFields, FilterForm, ListView } from '../components/list-parts';
import { LoadView, MorePages } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { TabList, tabId, tabPanelProps } from '../components/tabs';
import { formatJst } from '../format';
import { type Loaded, useLoad, usePagedLoad } from '../hooks';
import { type TFunction, useT } from '../i18n';
import { roleKeys, userStatusKeys } from '../user-labels';
import '../i18n-audit';

const PAGE_SIZE = 100;

/** /audit: 監査ログ — the organisation's audit log and its users' usage status (admins only). */
export const AuditLogPage = adminOnlyPage('module.auditLog.title', AuditLog);

type Tab = 'events' | 'usage';

function AuditLog() {
  const t = useT();
  const id = useId();
  const [tab, setTab] = useState<Tab>('events');
  const [applied, setApplied] = useState<AuditFilters>(EMPTY_AUDIT_FILTERS);

  // The usage table also names the people for the 操作者 filter.
  const usage = useLoad(async () => (await fetchUsage()).items ?? [], []);
  const people = usage.state.kind === 'ready' ? usage.state.value : [];

  return (
    <>
      <PageHeading title={t('module.auditLog.title')} lead={t('audit.intro')} />
      <p className="notice">{t('audit.recordedNote')}</p>
      <TabList
        idPrefix={id}
        label={t('audit.tabsLabel')}
        tabs={[
          { id: 'events', label: t('audit.tab.events') },
          { id: 'usage', label: t('audit.tab.usage') },
        ]}
        selected={tab}
        onSelect={setTab}
      />
      <div {...tabPanelProps(id, tab)}>
        {/* Both views stay mounted so that switching tabs keeps the loaded records and filters. */}
        <div hidden={tab !== 'events'}>
          <EventsView applied={applied} onApply={setApplied} people={people} />
        </div>
        <div hidden={tab !== 'usage'}>
          <UsageView
            load={usage}
            onShowLog={(userId) => {
              setApplied({ ...EMPTY_AUDIT_FILTERS, actorId: userId });
              setTab('events');
              // The button is now hidden: take focus to the tab that shows the records.
              window.setTimeout(() => document.getElementById(tabId(id, 'events'))?.focus(), 0);
            }}
          />
        </div>
      </div>
    </>
  );
}

function EventsView({
  applied,
  onApply,
  people,
}: {
  applied: AuditFilters;
  onApply: (filters: AuditFilters) => void;
  people: UsageRow[];
}) {
  const t = useT();
  const id = useId();
  const [form, setForm] = useState<AuditFilters>(applied);
  const [issues, setIssues] = useState<ReturnType<typeof auditFilterIssues>>({});
  const query = auditQueryString(applied);

  // The form follows filters applied from elsewhere (「この人の操作記録」 in 利用状況).
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the applied filters only
  useEffect(() => setForm(applied), [query]);

  const {
    load: events,
    more,
    loadMore,
  } = usePagedLoad(
    async (before: number | undefined) => {
      const page = await fetchAuditEvents(auditQueryString(applied, { before, limit: PAGE_SIZE }));
      return { items: page.items ?? [], next: page.nextBefore ?? null };
    },
    [query],
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = auditFilterIssues(form);
    setIssues(found);
    if (found.fromDate || found.toDate || found.order) {
      document.getElementById(`${id}-${found.fromDate ? 'from' : 'to'}`)?.focus();
      return;
    }
    if (auditQueryString(form) === query) events.retry();
    else onApply(form);
  }

  const set = <K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const knownPerson = people.some((p) => p.userId === form.actorId);

  return (
    <>
      <FilterForm
        title={t('audit.filter.title')}
        hint={t('audit.filter.periodHint')}
        onSubmit={submit}
        submitLabel={t('audit.filter.submit')}
        reset={{
          label: t('audit.filter.reset'),
          onClick: () => {
            setIssues({});
            setForm(EMPTY_AUDIT_FILTERS);
            onApply(EMPTY_AUDIT_FILTERS);
          },
        }}
      >
        <DateRangeFields
          id={id}
          from={{
            label: t('audit.filter.from'),
            error: issues.fromDate ? t('audit.filter.dateInvalid') : undefined,
            value: form.fromDate,
            onChange: (date) => set('fromDate', date),
          }}
          to={{
            label: t('audit.filter.to'),
            error: issues.toDate
              ? t('audit.filter.dateInvalid')
              : issues.order
                ? t('audit.filter.orderInvalid')
                : undefined,
            value: form.toDate,
            onChange: (date) => set('toDate', date),
          }}
        />
        <SelectField
          label={t('audit.filter.action')}
          value={form.action}
          onChange={(event) => set('action', event.target.value)}
          empty={t('audit.filter.actionAll')}
          options={AUDIT_CATEGORIES.map((category) => ({
            value: category.prefix,
            label: t(category.key),
          }))}
        >
          {form.action !== '' && !AUDIT_CATEGORIES.some((c) => c.prefix === form.action) && (
            <option value={form.action}>{auditActionLabel(form.action, t) ?? form.action}</option>
          )}
        </SelectField>
        <SelectField
          label={t('audit.filter.actor')}
          value={form.actorId}
          onChange={(event) => set('actorId', event.target.value)}
          empty={t('audit.filter.actorAll')}
          options={people.map((person) => ({
            value: person.userId,
            label: t('audit.filter.actorOption', { name: person.name, email: person.email }),
          }))}
        >
          {form.actorId !== '' && !knownPerson && <option value={form.actorId}>{form.actorId}</option>}
        </SelectField>
        <SelectField
          label={t('audit.filter.outcome')}
          value={form.outcome}
          onChange={(event) => set('outcome', isAuditOutcome(event.target.value) ? event.target.value : '')}
          empty={t('audit.filter.outcomeAll')}
          options={AUDIT_OUTCOMES.map((outcome) => ({ value: outcome, label: t(OUTCOME_KEYS[outcome]) }))}
        />
      </FilterForm>

      <ExportLink href={auditCsvUrl(query)} label={t('audit.exportCsv')} hint={t('audit.exportHint')} />

      <LoadView load={events} failedMessage={t('audit.loadFailed')}>
        {({ items, next }) =>
          items.length === 0 ? (
            <p role="status">{t('audit.empty')}</p>
          ) : (
            <>
              <EventsTable items={items} />
              <MorePages more={more} hasMore={next !== null} onLoadMore={loadMore} messages="audit" />
            </>
          )
        }
      </LoadView>
    </>
  );
}

function actorText(event: AuditEvent, t: TFunction): string {
  if (event.actorName) return event.actorName;
  const type = auditActorTypeLabel(event.actorType, t);
  if (event.actorType === 'user' && event.actorId) return t('audit.actorFormer', { type });
  return type;
}

function EventsTable({ items }: { items: AuditEvent[] }) {
  const t = useT();
  return (
    <DataTable
      caption={t('audit.caption', { count: items.length })}
      className="audit-table"
      columns={columnNames(t, 'audit.col', ['at', 'actor', 'action', 'target', 'ip', 'outcome', 'details'])}
    >
      {items.map((event) => {
        const label = auditActionLabel(event.action, t);
        const details = auditDetailsText(event.details);
        const outcomeKey = isAuditOutcome(event.outcome) ? OUTCOME_KEYS[event.outcome] : undefined;
        return (
          <tr key={event.seq}>
            <th scope="row" className="nowrap-cell">
              {formatJst(event.at) ?? event.at}
            </th>
            <td>
              {actorText(event, t)}
              {event.actorId && <code className="id-code">{event.actorId}</code>}
            </td>
            <td>
              {label && <span className="action-label">{label}</span>}
              <code className="id-code">{event.action}</code>
            </td>
            <td>
              {event.targetType ? auditTargetLabel(event.targetType, t) : t('common.notRecorded')}
              {event.targetId && <code className="id-code">{event.targetId}</code>}
            </td>
            <td className="nowrap-cell">{event.ip ?? t('common.notRecorded')}</td>
            <td className="nowrap-cell">
              <span className={`outcome outcome-${isAuditOutcome(event.outcome) ? event.outcome : 'other'}`}>
                {outcomeKey ? t(outcomeKey) : event.outcome}
              </span>
            </td>
            <td>
              {details ? (
                <details>
                  <summary>{t('audit.detailsShow')}</summary>
                  <pre className="details-json">{details}</pre>
                </details>
              ) : (
                t('common.notRecorded')
              )}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

function UsageView({
  load,
  onShowLog,
}: {
  load: { state: Loaded<UsageRow[]>; retry: () => void };
  onShowLog: (userId: string) => void;
}) {
  const t = useT();
  return (
    <>
      <h2 className="visually-hidden">{t('audit.tab.usage')}</h2>
      <p>{t('audit.usage.intro')}</p>
      <ListView load={load} failedMessage={t('audit.usage.loadFailed')} empty={t('audit.usage.empty')}>
        {(rows) => (
          <DataTable
            caption={t('audit.usage.caption', { count: rows.length })}
            className="usage-table"
            columns={[
              t('users.col.name'),
              t('users.col.role'),
              t('users.col.status'),
              t('audit.usage.col.lastSignIn'),
              t('audit.usage.col.signIns'),
              t('audit.usage.col.failed'),
              t('audit.usage.col.changes'),
              t('common.actions'),
            ]}
          >
            {rows.map((row) => {
              const roleKey = roleKeys[row.role as Role];
              const statusKey = userStatusKeys[row.status as UserStatus];
              return (
                <tr key={row.userId}>
                  <th scope="row">
                    {row.name}
                    <span className="status-note">{row.email}</span>
                  </th>
                  <td>{roleKey ? t(roleKey) : row.role}</td>
                  <td>{statusKey ? t(statusKey) : row.status}</td>
                  <td className="nowrap-cell">{formatJst(row.lastSignInAt) ?? t('users.neverSignedIn')}</td>
                  <td className="number-cell">{row.signIns30d}</td>
                  <td className={row.failedSignIns30d > 0 ? 'number-cell number-alert' : 'number-cell'}>
                    {row.failedSignIns30d}
                  </td>
                  <td className="number-cell">{row.changes30d}</td>
                  <td>
                    <button type="button" className="button-link" onClick={() => onShowLog(row.userId)}>
                      {t('audit.usage.showLog')}
                      <span className="visually-hidden">
                        {t('audit.usage.showLogTarget', { name: row.name })}
                      </span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </ListView>
    </>
  );
}
