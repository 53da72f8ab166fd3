import { type FormEvent, useState } from 'react';
import { SelectField } from '../components/fields';
import { FormPanel } from '../components/form-alert';
import { PageHeading } from '../components/page-heading';
import { TicketConversation, TicketPage, TicketReply } from '../components/support-parts';
import { TextField } from '../components/text-field';
import type { FieldIssues } from '../form';
import { useApiErrorHandler, useFormSubmit } from '../hooks';
import { useT } from '../i18n';
import {
  answerTicket,
  fetchQueuedTicket,
  isUuid,
  SUPPORT_STATUSES,
  type SupportStatus,
  type SupportTicket,
  updateQueuedTicket,
} from '../support';
import { STATUS_KEYS } from '../support-labels';
import '../i18n-support';

/** One ticket (operators): the report and its attachments only, its handling, and the answer box. */
export function OpsSupportTicketPage() {
  const t = useT();
  return (
    <TicketPage fetchTicket={fetchQueuedTicket} backLabel={t('ops.support.back')}>
      {(ticket, update) => (
        <>
          <PageHeading title={`${ticket.subject}（${ticket.org}）`} />
          <TicketConversation ticket={ticket} operator />
          <HandlingForm ticket={ticket} onDone={update} />
          <TicketReply
            ticket={ticket}
            onDone={update}
            send={answerTicket}
            submitKey="ops.support.answerSubmit"
            labelKey="ops.support.answer"
          />
        </>
      )}
    </TicketPage>
  );
}

type HandlingField = 'status' | 'assignee' | 'incidentId';

function HandlingForm({ ticket, onDone }: { ticket: SupportTicket; onDone: (t: SupportTicket) => void }) {
  const t = useT();
  const { status, field, submit } = useFormSubmit<HandlingField>(useApiErrorHandler());
  const [state, setState] = useState<SupportStatus>(ticket.status);
  const [assignee, setAssignee] = useState(ticket.assignee ?? '');
  const [incident, setIncident] = useState(ticket.incidentId ?? '');
  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const issues: FieldIssues<HandlingField> = {};
    if (incident.trim() !== '' && !isUuid(incident))
      issues.incidentId = { key: 'ops.breakGlass.linkRequired' };
    submit(issues, async () => {
      onDone(
        await updateQueuedTicket(ticket.id, {
          ...(state !== ticket.status ? { status: state } : {}),
          assignee: assignee.trim() === '' ? null : assignee.trim(),
          incidentId: incident.trim() === '' ? null : incident.trim(),
        }),
      );
    });
  }
  return (
    <FormPanel
      id="ticket-handling"
      title={t('ops.support.manage')}
      status={status}
      order={['status', 'assignee', 'incidentId']}
      onSubmit={send}
      labels={['ops.support.save', 'support.form.submitting']}
    >
      <SelectField
        label={t('support.col.status')}
        {...field('status', state, (value) => setState(value as SupportStatus))}
        options={SUPPORT_STATUSES.map((s) => ({ value: s, label: t(STATUS_KEYS[s]) }))}
      />
      <TextField label={t('ops.support.assignee')} optional {...field('assignee', assignee, setAssignee)} />
      <TextField
        label={t('ops.support.incident')}
        optional
        typing="verbatim"
        {...field('incidentId', incident, setIncident)}
      />
    </FormPanel>
  );
}
