import { type FormEvent, useState } from 'react';
import type { ReviewStatus, WorkLogEntry } from '../../../../src/modules/work-log/work-log.schema';
import { API_BASE, api } from '../api';
import { Button, FormActions } from '../components/button';
import { columnNames, DataTable } from '../components/data-table';
import { ExportLink } from '../components/export-link';
import { TextAreaField } from '../components/fields';
import { FormPanel, Panel } from '../components/form-alert';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { TextField } from '../components/text-field';
import type { FieldIssues } from '../form';
import { formatJst } from '../format';
import { useFormSubmit, useLoad, useTextForm } from '../hooks';
import { useT } from '../i18n';
import '../i18n-ops-staff';

interface Filters {
  operatorId: string;
  action: string;
  organisation: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { operatorId: '', action: '', organisation: '', from: '', to: '' };

function queryOf(filters: Filters, before?: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value.trim() !== '') params.set(key, value.trim());
  if (before) params.set('before', String(before));
  return params.toString();
}

interface Page {
  items: WorkLogEntry[];
  nextBefore: number | null;
}

const fetchPage = (filters: Filters, before?: number) =>
  api.get<Page>(`/ops/work-log?${queryOf(filters, before)}`);

export const fetchReviewStatus = () => api.get<ReviewStatus>('/ops/work-log/reviews');

/** 作業ログの確認 (ops:review): operators' actions with filters and CSV, sign-offs, overdue days. */
export function WorkLogPage() {
  const t = useT();
  const status = useLoad(fetchReviewStatus, []);
  return (
    <>
      <PageHeading title={t('ops.worklog.title')} lead={t('ops.worklog.intro')} />
      <LoadView load={status} failedMessage={t('ops.worklog.loadFailed')}>
        {(s) => <OverdueNote status={s} />}
      </LoadView>
      <WorkLogList />
      <SignOffForm onSignedOff={() => fetchReviewStatus().then(status.update, status.retry)} />
      <LoadView load={status} failedMessage={t('ops.worklog.loadFailed')}>
        {(s) => <Reviews status={s} />}
      </LoadView>
    </>
  );
}

/** The overdue flag: days of work not reviewed within N days of their end. */
export function OverdueNote({ status }: { status: ReviewStatus }) {
  const t = useT();
  if (status.overdueDays.length === 0) return <p className="notice">{t('ops.worklog.noOverdue')}</p>;
  return (
    <section className="alert alert-warning" aria-labelledby="work-log-overdue">
      <h2 id="work-log-overdue">{t('ops.worklog.overdueTitle')}</h2>
      <p>{t('ops.worklog.overdue', { days: status.reviewAfterDays, count: status.overdueDays.length })}</p>
      <ul>
        {status.overdueDays.slice(0, 14).map((d) => (
          <li key={d.day}>{t('ops.worklog.overdueDay', { day: d.day, actions: d.actions })}</li>
        ))}
      </ul>
    </section>
  );
}

function WorkLogList() {
  const t = useT();
  const { form, bind } = useTextForm<Filters>(EMPTY);
  const [shown, setShown] = useState<Filters>(EMPTY);
  const [pages, setPages] = useState<Page[]>([]);
  const load = useLoad(async () => {
    const first = await fetchPage(shown);
    setPages([]);
    return first;
  }, [shown]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(form);
  };
  return (
    <Panel id="work-log-filters" title={t('ops.worklog.filters')}>
      <form className="filter-form" onSubmit={submit} noValidate>
        <TextField label={t('ops.worklog.operator')} {...bind('operatorId')} typing="verbatim" optional />
        <TextField label={t('ops.worklog.action')} {...bind('action')} typing="verbatim" optional />
        <TextField
          label={t('ops.worklog.organisation')}
          {...bind('organisation')}
          typing="verbatim"
          optional
        />
        <TextField label={t('ops.worklog.from')} {...bind('from')} type="date" optional />
        <TextField label={t('ops.worklog.to')} {...bind('to')} type="date" optional />
        <FormActions label={t('ops.worklog.show')} />
      </form>
      <ExportLink
        href={`${API_BASE}/ops/work-log.csv?${queryOf(shown)}`}
        label={t('ops.worklog.csv')}
        hint={t('ops.worklog.csvHint')}
      />
      <LoadView load={load} failedMessage={t('ops.worklog.loadFailed')}>
        {(first) => {
          const all = [first, ...pages];
          const items = all.flatMap((p) => p.items);
          const next = all.at(-1)?.nextBefore ?? null;
          if (items.length === 0) return <p>{t('ops.worklog.empty')}</p>;
          return (
            <>
              <WorkLogTable items={items} />
              {next !== null && (
                <p className="actions">
                  <Button
                    look="secondary"
                    onClick={async () => {
                      const more = await fetchPage(shown, next);
                      setPages((p) => [...p, more]);
                    }}
                  >
                    {t('ops.worklog.more')}
                  </Button>
                </p>
              )}
            </>
          );
        }}
      </LoadView>
    </Panel>
  );
}

function WorkLogTable({ items }: { items: WorkLogEntry[] }) {
  const t = useT();
  return (
    <DataTable
      className="wrapping-table"
      caption={t('ops.worklog.caption', { count: items.length })}
      columns={columnNames(t, 'ops.worklog.col', [
        'time',
        'operator',
        'action',
        'organisation',
        'target',
        'outcome',
      ])}
    >
      {items.map((e) => (
        <tr key={e.seq}>
          <th scope="row">{formatJst(e.at)}</th>
          <td>{e.operatorName ?? e.operatorId}</td>
          <td>
            <code>{e.action}</code>
          </td>
          <td>{e.organisation ? <code>{e.organisation}</code> : ''}</td>
          <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : ''}</td>
          <td>{e.outcome}</td>
        </tr>
      ))}
    </DataTable>
  );
}

type SignOffField = 'firstDay' | 'lastDay' | 'comment';

function SignOffForm({ onSignedOff }: { onSignedOff: () => void }) {
  const t = useT();
  const { form, setForm } = useTextForm({ firstDay: '', lastDay: '', comment: '' });
  const on = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const [done, setDone] = useState<number | undefined>();
  const { status, field, submit: send } = useFormSubmit<SignOffField>();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(undefined);
    const fields: FieldIssues<SignOffField> = {};
    if (!form.firstDay) fields.firstDay = { key: 'ops.worklog.dayRequired' };
    if (!form.lastDay) fields.lastDay = { key: 'ops.worklog.dayRequired' };
    if (form.comment.trim() === '') fields.comment = { key: 'ops.worklog.commentRequired' };
    send(fields, async () => {
      const answer = await api.post<{ actions: number }>('/ops/work-log/reviews', {
        ...form,
        comment: form.comment.trim(),
      });
      setForm({ firstDay: '', lastDay: '', comment: '' });
      setDone(answer.actions);
      onSignedOff();
    });
  }
  return (
    <FormPanel
      id="work-log-sign-off"
      title={t('ops.worklog.signOff')}
      before={
        <StatusMessage
          message={done !== undefined ? t('ops.worklog.signedOff', { actions: done }) : undefined}
        />
      }
      status={status}
      order={['firstDay', 'lastDay', 'comment']}
      onSubmit={submit}
      labels={['ops.worklog.signOffSubmit', 'ops.worklog.signingOff']}
    >
      <TextField
        label={t('ops.worklog.firstDay')}
        type="date"
        {...field('firstDay', form.firstDay, on('firstDay'))}
      />
      <TextField
        label={t('ops.worklog.lastDay')}
        type="date"
        {...field('lastDay', form.lastDay, on('lastDay'))}
      />
      <TextAreaField
        label={t('ops.worklog.comment')}
        hint={t('ops.worklog.commentHint')}
        {...field('comment', form.comment, on('comment'))}
        rows={4}
        maxLength={2000}
      />
    </FormPanel>
  );
}

function Reviews({ status }: { status: ReviewStatus }) {
  const t = useT();
  return (
    <Panel id="work-log-reviews" title={t('ops.worklog.reviews')}>
      {status.reviews.length === 0 ? (
        <p>{t('ops.worklog.reviewsEmpty')}</p>
      ) : (
        <DataTable
          className="wrapping-table"
          caption={t('ops.worklog.reviewsCaption')}
          columns={columnNames(t, 'ops.worklog.col', [
            'period',
            'reviewer',
            'actions',
            'comment',
            'reviewedAt',
          ])}
        >
          {status.reviews.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                {r.firstDay} – {r.lastDay}
              </th>
              <td>{r.reviewerName}</td>
              <td>{r.actions}</td>
              <td>{r.comment}</td>
              <td>{formatJst(r.reviewedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Panel>
  );
}
