import { type FormEvent, useState } from 'react';
import { Button } from '../components/button';
import { ErrorAlert } from '../components/error-alert';
import { TextAreaField } from '../components/fields';
import { FormPanel } from '../components/form-alert';
import { ListView } from '../components/list-parts';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { TextField } from '../components/text-field';
import type { FieldIssues } from '../form';
import { formatJst } from '../format';
import { useAction, useApiErrorHandler, useFormSubmit, useLoad } from '../hooks';
import { type MessageKey, useT } from '../i18n';
import { GrantFacts } from '../pages/break-glass';
import {
  approveBreakGlass,
  BREAK_GLASS_MAX_MINUTES,
  type BreakGlassGrant,
  endBreakGlass,
  fetchBreakGlassGrants,
  isUuid,
  readUnderGrant,
  requestBreakGlass,
} from '../support';
import { GRANT_STATUS_KEYS } from '../support-labels';
import { useOperator } from './operator-session';
import '../i18n-support';

const READS: readonly { what: string; key: MessageKey }[] = [
  { what: 'spots', key: 'ops.breakGlass.what.spots' },
  { what: 'events', key: 'ops.breakGlass.what.events' },
  { what: 'media', key: 'ops.breakGlass.what.media' },
  { what: 'users', key: 'ops.breakGlass.what.users' },
];

/** 緊急アクセス (operators): request, approve another's request, read under an open one, end it. */
export function OpsBreakGlassPage() {
  const t = useT();
  const load = useLoad(fetchBreakGlassGrants, []);
  // Outside the list, so the answer of a read stays while the list reloads with the new record.
  const [result, setResult] = useState<string | undefined>();
  return (
    <>
      <PageHeading title={t('ops.breakGlass.title')} lead={t('ops.breakGlass.intro')} />
      <RequestForm onDone={load.retry} />
      <StatusMessage message={result} />
      <ListView load={load} failedMessage={t('breakGlass.loadFailed')} empty={t('breakGlass.empty')}>
        {(items) =>
          items.map((grant) => (
            <GrantPanel key={grant.id} grant={grant} onDone={load.retry} onRead={setResult} />
          ))
        }
      </ListView>
    </>
  );
}

type RequestField = 'org' | 'reason' | 'ticketId' | 'incidentId' | 'durationMinutes';
const ORDER: readonly RequestField[] = ['org', 'reason', 'ticketId', 'incidentId', 'durationMinutes'];

function RequestForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const { status, field, submit } = useFormSubmit<RequestField>(useApiErrorHandler());
  const empty = { org: '', reason: '', ticketId: '', incidentId: '', minutes: '60' };
  const [form, setForm] = useState(empty);
  const on = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const issues: FieldIssues<RequestField> = {};
    const minutes = Number(form.minutes);
    if (form.org.trim() === '') issues.org = { key: 'support.form.required' };
    if (form.reason.trim() === '') issues.reason = { key: 'support.form.required' };
    const ticket = form.ticketId.trim();
    const incident = form.incidentId.trim();
    if ((!ticket && !incident) || (ticket && !isUuid(ticket)))
      issues.ticketId = { key: 'ops.breakGlass.linkRequired' };
    if (incident && !isUuid(incident)) issues.incidentId = { key: 'ops.breakGlass.linkRequired' };
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > BREAK_GLASS_MAX_MINUTES)
      issues.durationMinutes = { key: 'ops.breakGlass.minutesRange' };
    submit(issues, async () => {
      await requestBreakGlass({
        org: form.org.trim(),
        reason: form.reason,
        ...(ticket ? { ticketId: ticket } : {}),
        ...(incident ? { incidentId: incident } : {}),
        durationMinutes: minutes,
      });
      setForm(empty);
      onDone();
    });
  }
  return (
    <FormPanel
      id="break-glass-request"
      title={t('ops.breakGlass.request')}
      status={status}
      order={ORDER}
      onSubmit={send}
      labels={['ops.breakGlass.submit', 'support.form.submitting']}
    >
      <TextField label={t('ops.breakGlass.org')} typing="verbatim" {...field('org', form.org, on('org'))} />
      <TextAreaField
        label={t('breakGlass.reason')}
        required
        maxLength={2000}
        {...field('reason', form.reason, on('reason'))}
      />
      <TextField
        label={t('ops.breakGlass.ticket')}
        hint={t('ops.breakGlass.linkHint')}
        typing="verbatim"
        optional
        {...field('ticketId', form.ticketId, on('ticketId'))}
      />
      <TextField
        label={t('ops.breakGlass.incident')}
        typing="verbatim"
        optional
        {...field('incidentId', form.incidentId, on('incidentId'))}
      />
      <TextField
        label={t('ops.breakGlass.minutes')}
        typing="number"
        {...field('durationMinutes', form.minutes, on('minutes'))}
      />
    </FormPanel>
  );
}

function GrantPanel({
  grant,
  onDone,
  onRead,
}: {
  grant: BreakGlassGrant;
  onDone: () => void;
  onRead: (message: string) => void;
}) {
  const t = useT();
  const me = useOperator();
  const { busy, error, run } = useAction();
  const mine = me.operator.id === grant.operatorId;
  return (
    <article className="panel" aria-labelledby={`grant-${grant.id}`}>
      <h2 id={`grant-${grant.id}`}>
        {grant.org}：{t(GRANT_STATUS_KEYS[grant.status])}（{formatJst(grant.requestedAt)}）
      </h2>
      <GrantFacts grant={grant} />
      <ErrorAlert error={error} />
      <div className="actions">
        {grant.status === 'requested' && grant.approval === 'operator' && !mine && (
          <Button disabled={busy} onClick={() => run(() => approveBreakGlass(grant.id), onDone)}>
            {t('breakGlass.approve')}
          </Button>
        )}
        {grant.status === 'active' &&
          mine &&
          READS.map(({ what, key }) => (
            <Button
              look="secondary"
              key={what}
              disabled={busy}
              onClick={() =>
                run(async () => {
                  const answer = await readUnderGrant(grant.id, what);
                  onRead(t('ops.breakGlass.readResult', { what: t(key), count: answer.items.length }));
                }, onDone)
              }
            >
              {t('ops.breakGlass.read', { what: t(key) })}
            </Button>
          ))}
        {grant.status === 'active' && (
          <Button look="secondary" disabled={busy} onClick={() => run(() => endBreakGlass(grant.id), onDone)}>
            {t('ops.breakGlass.end')}
          </Button>
        )}
      </div>
    </article>
  );
}
