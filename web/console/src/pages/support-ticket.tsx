import { Link, useParams } from 'react-router';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { TicketConversation, TicketReply } from '../components/support-parts';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { fetchOwnTicket, replyToTicket } from '../support';
import '../i18n-support';

/** One report: what was written, the support desk's answers, and a reply box until it is closed. */
export function SupportTicketPage() {
  const t = useT();
  const { id = '' } = useParams();
  const load = useLoad(() => fetchOwnTicket(id), [id]);
  return (
    <>
      <p>
        <Link to="/support">{t('support.ticket.back')}</Link>
      </p>
      <LoadView load={load} failedMessage={t('support.list.loadFailed')}>
        {(ticket) => (
          <>
            <PageHeading title={ticket.subject} />
            <TicketConversation ticket={ticket} />
            <TicketReply
              ticket={ticket}
              onDone={load.update}
              send={replyToTicket}
              submitKey="support.ticket.replySubmit"
            />
          </>
        )}
      </LoadView>
    </>
  );
}
