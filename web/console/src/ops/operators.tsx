import { type FormEvent, useState } from 'react';
import { api, asApiError } from '../api';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { columnNames, DataTable } from '../components/data-table';
import { ErrorAlert } from '../components/error-alert';
import { CheckboxGroup, SelectField, TextAreaField } from '../components/fields';
import { AlertedForm, type AlertedFormProps, FormPanel, Panel } from '../components/form-alert';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { TextField } from '../components/text-field';
import type { FieldIssues } from '../form';
import { formatJst } from '../format';
import { useAction, useFormSubmit, useLoad } from '../hooks';
import { type MessageKey, type TFunction, useT } from '../i18n';
import { useOperator } from './operator-session';
import '../i18n-ops-staff';

/** An operator as GET /ops/operators lists it. */
export interface OperatorAccount {
  id: string;
  email: string;
  name: string;
  status: 'invited' | 'active' | 'suspended';
  rights: string[];
  totpEnabled: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

export interface OperatorResetRequest {
  id: string;
  operatorId: string;
  operatorName: string;
  kind: 'password' | 'totp';
  reason: string;
  requestedBy: string;
  requestedByName: string;
  requestedAt: string;
  expiresAt: string;
  status: 'pending' | 'approved' | 'refused' | 'cancelled' | 'expired';
}

interface Overview {
  operators: OperatorAccount[];
  /** The rights there are (the server's one list). */
  availableRights: string[];
  resetRequests: OperatorResetRequest[];
}

const fetchOverview = () => api.get<Overview>('/ops/operators');

/** A right's label; a right this console does not know yet shows as its name. */
export function rightLabel(t: TFunction, right: string): string {
  const label: string | undefined = t(`ops.operators.right.${right}` as MessageKey);
  return label || right;
}

/** 運用担当者の管理 (ops:operators): the operators, invitations, rights, suspension and resets. */
export function OperatorsPage() {
  const t = useT();
  const load = useLoad(fetchOverview, []);
  // Refreshed in place (not reloaded), so the forms keep their confirmation messages.
  const refresh = () => {
    fetchOverview().then(load.update, load.retry);
  };
  return (
    <>
      <PageHeading title={t('ops.operators.title')} lead={t('ops.operators.intro')} />
      <LoadView load={load} failedMessage={t('ops.operators.loadFailed')}>
        {(overview) => (
          <>
            <OperatorsTable overview={overview} onChanged={refresh} />
            <ResetRequests requests={overview.resetRequests} onChanged={refresh} />
            <InviteForm rights={overview.availableRights} onInvited={refresh} />
          </>
        )}
      </LoadView>
    </>
  );
}

/** Runs one action of a row, keeping its error for the row's alert. */
function useRowAction(onChanged: () => void) {
  const action = useAction(asApiError);
  const run = (work: () => Promise<unknown>, then?: () => void) =>
    action.run(work, () => {
      then?.();
      onChanged();
    });
  return { ...action, run };
}

function OperatorsTable({ overview, onChanged }: { overview: Overview; onChanged: () => void }) {
  const t = useT();
  return (
    <DataTable
      className="wrapping-table"
      caption={t('ops.operators.caption', { count: overview.operators.length })}
      columns={columnNames(t, 'ops.operators.col', [
        'name',
        'status',
        'rights',
        'totp',
        'lastSignIn',
        'actions',
      ])}
    >
      {overview.operators.map((operator) => (
        <OperatorRow
          key={operator.id}
          operator={operator}
          available={overview.availableRights}
          onChanged={onChanged}
        />
      ))}
    </DataTable>
  );
}

/** An operator's row and the forms in it. */
interface RowProps {
  operator: OperatorAccount;
  available: string[];
  onChanged: () => void;
}

function OperatorRow({ operator, available, onChanged }: RowProps) {
  const t = useT();
  const me = useOperator();
  const self = me.operator.id === operator.id;
  const action = useRowAction(onChanged);
  const [confirming, setConfirming] = useState(false);
  const suspending = operator.status === 'active';
  return (
    <tr>
      <th scope="row">
        {operator.name} {self && t('ops.operators.you')}
        <br />
        <span className="muted">{operator.email}</span>
      </th>
      <td>{t(`ops.operators.status.${operator.status}`)}</td>
      <td>
        <ul className="plain-list">
          {operator.rights.map((right) => (
            <li key={right}>{rightLabel(t, right)}</li>
          ))}
        </ul>
      </td>
      <td>{t(operator.totpEnabled ? 'ops.operators.totpOn' : 'ops.operators.totpOff')}</td>
      <td>{formatJst(operator.lastSignInAt) ?? t('ops.operators.never')}</td>
      <td>
        <ErrorAlert error={action.error} />
        <RightsEditor operator={operator} available={available} onChanged={onChanged} />
        {!self && operator.status !== 'invited' && (
          <>
            <Button look="secondary" onClick={() => setConfirming(true)}>
              {t(suspending ? 'ops.operators.suspend' : 'ops.operators.reactivate')}
            </Button>
            <ConfirmDialog
              open={confirming}
              title={t(suspending ? 'ops.operators.suspendTitle' : 'ops.operators.reactivateTitle', {
                name: operator.name,
              })}
              confirmLabel={t(suspending ? 'ops.operators.suspend' : 'ops.operators.reactivate')}
              danger={suspending}
              busy={action.busy}
              error={action.error}
              onClose={() => setConfirming(false)}
              onConfirm={() =>
                action.run(
                  () => api.post(`/ops/operators/${operator.id}/${suspending ? 'suspend' : 'reactivate'}`),
                  () => setConfirming(false),
                )
              }
            >
              <p>{t(suspending ? 'ops.operators.suspendBody' : 'ops.operators.reactivateBody')}</p>
            </ConfirmDialog>
          </>
        )}
        {!self && operator.status === 'active' && (
          <ResetRequestForm operator={operator} onChanged={onChanged} />
        )}
      </td>
    </tr>
  );
}

/** A form folded into an operator's row: the summary opens it; `done` says what the last send did. */
function RowForm<F extends string>({
  summary,
  done,
  ...form
}: AlertedFormProps<F> & {
  summary: string;
  done: string | undefined;
}) {
  return (
    <details className="row-details">
      <summary>{summary}</summary>
      <StatusMessage message={done} />
      <AlertedForm {...form} />
    </details>
  );
}

function RightsEditor({ operator, available, onChanged }: RowProps) {
  const t = useT();
  const [rights, setRights] = useState(operator.rights);
  const [saved, setSaved] = useState(false);
  const { status, submit: send } = useFormSubmit<'rights'>();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    send({}, async () => {
      await api.put(`/ops/operators/${operator.id}/rights`, { rights });
      setSaved(true);
      onChanged();
    });
  }
  return (
    <RowForm
      summary={t('ops.operators.editRights')}
      done={saved ? t('ops.operators.rightsSaved') : undefined}
      status={status}
      order={['rights']}
      onSubmit={submit}
      labels={['ops.operators.rightsSave', 'ops.operators.rightsSave']}
    >
      <CheckboxGroup
        legend={t('ops.operators.rightsLegend', { name: operator.name })}
        options={available.map((right) => ({ value: right, label: rightLabel(t, right) }))}
        value={rights}
        onChange={setRights}
      />
    </RowForm>
  );
}

type ResetField = 'kind' | 'reason';

function ResetRequestForm({ operator, onChanged }: { operator: OperatorAccount; onChanged: () => void }) {
  const t = useT();
  const [kind, setKind] = useState<'totp' | 'password'>('totp');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  const { status, field, submit: send } = useFormSubmit<ResetField>();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    const fields: FieldIssues<ResetField> = {};
    if (reason.trim() === '') fields.reason = { key: 'ops.operators.resetReasonHint' };
    send(fields, async () => {
      await api.post(`/ops/operators/${operator.id}/reset-requests`, { kind, reason: reason.trim() });
      setReason('');
      setDone(true);
      onChanged();
    });
  }
  return (
    <RowForm
      summary={t('ops.operators.requestReset')}
      done={done ? t('ops.operators.resetRequested') : undefined}
      status={status}
      order={['kind', 'reason']}
      onSubmit={submit}
      labels={['ops.operators.resetSubmit', 'ops.operators.resetSubmit']}
    >
      <SelectField
        label={t('ops.operators.resetKind')}
        {...field('kind', kind, (value) => setKind(value as 'totp' | 'password'))}
        options={[
          { value: 'totp', label: t('ops.operators.resetKind.totp') },
          { value: 'password', label: t('ops.operators.resetKind.password') },
        ]}
      />
      <TextAreaField
        label={t('ops.operators.resetReason')}
        hint={t('ops.operators.resetReasonHint')}
        {...field('reason', reason, setReason)}
        rows={3}
        maxLength={500}
      />
    </RowForm>
  );
}

function ResetRequests({ requests, onChanged }: { requests: OperatorResetRequest[]; onChanged: () => void }) {
  const t = useT();
  return (
    <Panel id="operator-resets" title={t('ops.operators.resets')}>
      <p>{t('ops.operators.resetsIntro')}</p>
      {requests.length === 0 ? (
        <p>{t('ops.operators.resetsEmpty')}</p>
      ) : (
        <DataTable
          className="wrapping-table"
          caption={t('ops.operators.resetsCaption')}
          columns={columnNames(t, 'ops.operators.col', [
            'target',
            'kind',
            'reason',
            'requestedBy',
            'requestStatus',
            'actions',
          ])}
        >
          {requests.map((request) => (
            <ResetRequestRow key={request.id} request={request} onChanged={onChanged} />
          ))}
        </DataTable>
      )}
    </Panel>
  );
}

function ResetRequestRow({ request, onChanged }: { request: OperatorResetRequest; onChanged: () => void }) {
  const t = useT();
  const action = useRowAction(onChanged);
  const [confirming, setConfirming] = useState(false);
  const kind = t(`ops.operators.resetKind.${request.kind}`);
  return (
    <tr>
      <th scope="row">{request.operatorName}</th>
      <td>{kind}</td>
      <td>{request.reason}</td>
      <td>
        {request.requestedByName}
        <br />
        <span className="muted">{formatJst(request.requestedAt)}</span>
      </td>
      <td>{t(`ops.operators.request.${request.status}`)}</td>
      <td>
        <ErrorAlert error={confirming ? undefined : action.error} />
        {request.status === 'pending' && (
          <>
            <Button onClick={() => setConfirming(true)}>{t('ops.operators.approve')}</Button>{' '}
            <Button
              look="secondary"
              disabled={action.busy}
              onClick={() => action.run(() => api.post(`/ops/operator-resets/${request.id}/decline`))}
            >
              {t('ops.operators.decline')}
            </Button>
            <ConfirmDialog
              open={confirming}
              title={t('ops.operators.approveTitle')}
              confirmLabel={t('ops.operators.approve')}
              busy={action.busy}
              error={action.error}
              onClose={() => {
                setConfirming(false);
                action.setError(undefined);
              }}
              onConfirm={() =>
                action.run(
                  () => api.post(`/ops/operator-resets/${request.id}/approve`),
                  () => setConfirming(false),
                )
              }
            >
              <p>{t('ops.operators.approveBody', { name: request.operatorName, kind })}</p>
            </ConfirmDialog>
          </>
        )}
      </td>
    </tr>
  );
}

type InviteField = 'name' | 'email' | 'rights';

function InviteForm({ rights: available, onInvited }: { rights: string[]; onInvited: () => void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [rights, setRights] = useState<string[]>([]);
  const [done, setDone] = useState(false);
  const { status, message, field, submit: send } = useFormSubmit<InviteField>();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    const fields: FieldIssues<InviteField> = {};
    if (name.trim() === '') fields.name = { key: 'ops.operators.nameRequired' };
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()))
      fields.email = { key: 'ops.operators.emailInvalid' };
    send(fields, async () => {
      await api.post('/ops/operators', { name: name.trim(), email: email.trim(), rights });
      setName('');
      setEmail('');
      setRights([]);
      setDone(true);
      onInvited();
    });
  }
  return (
    <FormPanel
      id="operator-invite"
      title={t('ops.operators.invite')}
      before={<StatusMessage message={done ? t('ops.operators.invited') : undefined} />}
      status={status}
      order={['name', 'email', 'rights']}
      onSubmit={submit}
      labels={['ops.operators.inviteSubmit', 'ops.operators.inviting']}
    >
      <TextField label={t('ops.operators.inviteName')} {...field('name', name, setName)} maxLength={100} />
      <TextField
        label={t('ops.operators.inviteEmail')}
        {...field('email', email, setEmail)}
        type="email"
        autoComplete="off"
        typing="verbatim"
      />
      <CheckboxGroup
        legend={t('ops.operators.inviteRights')}
        hint={t('ops.operators.inviteRightsHint')}
        error={message('rights')}
        options={available.map((right) => ({ value: right, label: rightLabel(t, right) }))}
        value={rights}
        onChange={setRights}
      />
    </FormPanel>
  );
}
