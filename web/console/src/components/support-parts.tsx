import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { FieldIssues } from '../form';
import { formatJst } from '../format';
import { useApiErrorHandler, useFormSubmit, useLoad } from '../hooks';
import { useT } from '../i18n';
import { attachmentUrl, type SupportTicket, type SupportTicketSummary } from '../support';
import { CATEGORY_KEYS, STATUS_KEYS } from '../support-labels';
import { DataTable } from './data-table';
import { Facts } from './facts';
import { TextAreaField } from './fields';
import { FormPanel } from './form-alert';
import { LoadView } from './load-state';
import '../i18n-support';

type Timer = SupportTicketSummary['firstResponse'];

/**
 * The page of one ticket (/support/:id, for its reporter and for operators): the link back to the
 * list, then `children` with the loaded ticket and `update` for the server's answer to a change.
 */
export function TicketPage({
  fetchTicket,
  backLabel,
  children,
}: {
  fetchTicket: (id: string) => Promise<SupportTicket>;
  backLabel: string;
  children: (ticket: SupportTicket, update: (ticket: SupportTicket) => void) => ReactNode;
}) {
  const t = useT();
  const { id = '' } = useParams();
  const load = useLoad(() => fetchTicket(id), [id]);
  return (
    <>
      <p>
        <Link to="/support">{backLabel}</Link>
      </p>
      <LoadView load={load} failedMessage={t('support.list.loadFailed')}>
        {(ticket) => children(ticket, load.update)}
      </LoadView>
    </>
  );
}

/** A timer's due time in JST, its met time, and a visible (not colour-only) overdue flag. */
export function TimerCell({ timer }: { timer: Timer }) {
  const t = useT();
  return (
    <>
      {formatJst(timer.dueAt)}
      {timer.metAt && (
        <div className="field-hint">{t('support.met', { time: formatJst(timer.metAt) ?? '' })}</div>
      )}
      {timer.overdue && !timer.metAt && (
        <div>
          <strong className="badge badge-warning">{t('support.overdue')}</strong>
        </div>
      )}
    </>
  );
}

/** The tickets as a table; `link` makes each subject lead to its page; operators also see org and assignee. */
export function TicketTable({
  items,
  link,
  operator = false,
}: {
  items: SupportTicketSummary[];
  link: (ticket: SupportTicketSummary) => ReactNode;
  operator?: boolean;
}) {
  const t = useT();
  return (
    <DataTable
      caption={t('support.list.caption', { count: items.length })}
      columns={[
        t('support.col.subject'),
        ...(operator ? [t('support.col.org')] : []),
        t('support.col.category'),
        t('support.col.status'),
        t('support.col.created'),
        t('support.col.firstResponse'),
        t('support.col.resolution'),
        ...(operator ? [t('support.col.assignee')] : []),
      ]}
    >
      {items.map((ticket) => (
        <tr key={ticket.id}>
          <td>{link(ticket)}</td>
          {operator && <td>{ticket.org}</td>}
          <td>{t(CATEGORY_KEYS[ticket.category])}</td>
          <td>{t(STATUS_KEYS[ticket.status])}</td>
          <td>{formatJst(ticket.createdAt)}</td>
          <td>
            <TimerCell timer={ticket.firstResponse} />
          </td>
          <td>
            <TimerCell timer={ticket.resolution} />
          </td>
          {operator && <td>{ticket.assignee ?? '—'}</td>}
        </tr>
      ))}
    </DataTable>
  );
}

/** The report, its attachments and the conversation, as both sides see them. */
export function TicketConversation({
  ticket,
  operator = false,
}: {
  ticket: SupportTicket;
  operator?: boolean;
}) {
  const t = useT();
  return (
    <>
      <Facts
        items={[
          [t('support.col.category'), t(CATEGORY_KEYS[ticket.category])],
          [t('support.col.status'), t(STATUS_KEYS[ticket.status])],
          [t('support.ticket.reporter'), ticket.reporterName || '—'],
          [t('support.col.created'), formatJst(ticket.createdAt)],
          [t('support.col.firstResponse'), <TimerCell key="first" timer={ticket.firstResponse} />],
          [t('support.col.resolution'), <TimerCell key="resolution" timer={ticket.resolution} />],
          !!ticket.incidentId && [t('support.ticket.incident'), ticket.incidentId],
        ]}
      />
      <p className="pre-wrap">{ticket.description}</p>
      {ticket.attachments.length > 0 && (
        <section aria-labelledby="ticket-attachments">
          <h2 id="ticket-attachments">{t('support.ticket.attachments')}</h2>
          <ul>
            {ticket.attachments.map((a) => (
              <li key={a.id}>
                <a href={attachmentUrl(ticket.id, a.id, operator)} target="_blank" rel="noopener noreferrer">
                  {a.name}
                </a>{' '}
                ({Math.ceil(a.sizeBytes / 1024)} KB)
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="ticket-conversation">
        <h2 id="ticket-conversation">{t('support.ticket.conversation')}</h2>
        {ticket.messages.length === 0 ? (
          <p>{t('support.ticket.noMessages')}</p>
        ) : (
          <ol className="plain-list">
            {ticket.messages.map((m) => (
              <li key={m.id} className="panel">
                <p>
                  <strong>
                    {m.author === 'operator' ? t('support.ticket.fromOperator') : m.authorName || '—'}
                  </strong>{' '}
                  <time dateTime={m.at}>{formatJst(m.at)}</time>
                </p>
                <p className="pre-wrap">{m.body}</p>
                {m.mail && (
                  <p className="field-hint">
                    {t('support.ticket.mail', {
                      state: t(`support.mail.${m.mail.state}`),
                      attempts: m.mail.attempts,
                    })}
                    {m.mail.lastError ? ` — ${m.mail.lastError}` : ''}
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

interface ReplyProps {
  ticket: SupportTicket;
  onDone: (ticket: SupportTicket) => void;
  send: (id: string, body: string) => Promise<SupportTicket>;
  submitKey: 'support.ticket.replySubmit' | 'ops.support.answerSubmit';
  labelKey?: 'support.ticket.reply' | 'ops.support.answer';
}

/** Below a ticket (both consoles): the reply box, or that the ticket is closed. */
export function TicketReply(props: ReplyProps) {
  const t = useT();
  if (props.ticket.status === 'closed') return <p className="notice">{t('support.ticket.closed')}</p>;
  return <ReplyForm {...props} />;
}

/** A reply box: the text, sent, and the ticket as it is afterwards. */
function ReplyForm({ ticket, onDone, send, submitKey, labelKey = 'support.ticket.reply' }: ReplyProps) {
  const t = useT();
  const { status, field, submit } = useFormSubmit<'body'>(useApiErrorHandler());
  const [body, setBody] = useState('');
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const issues: FieldIssues<'body'> = body.trim() === '' ? { body: { key: 'support.form.required' } } : {};
    submit(issues, async () => {
      onDone(await send(ticket.id, body));
      setBody('');
    });
  }
  return (
    <FormPanel
      id="ticket-reply"
      title={t(labelKey)}
      wide
      status={status}
      order={['body']}
      onSubmit={onSubmit}
      labels={[submitKey, 'support.form.submitting']}
    >
      <TextAreaField
        label={t('support.ticket.replyBody')}
        required
        rows={5}
        maxLength={10_000}
        {...field('body', body, setBody)}
      />
    </FormPanel>
  );
}
