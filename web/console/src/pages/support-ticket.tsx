import { PageHeading } from '../components/page-heading';
import { TicketConversation, TicketPage, TicketReply } from '../components/support-parts';
import { useT } from '../i18n';
import { fetchOwnTicket, replyToTicket } from '../support';
import '../i18n-support';

/** One report: what was written, the support desk's answers, and a reply box until it is closed. */
export function SupportTicketPage() {
  const t = useT();
  return (
    <TicketPage fetchTicket={fetchOwnTicket} backLabel={t('support.ticket.back')}>
      {(ticket, update) => (
        <>
          <PageHeading title={ticket.subject} />
          <TicketConversation ticket={ticket} />
          <TicketReply
            ticket={ticket}
            onDone={update}
            send={replyToTicket}
            submitKey="support.ticket.replySubmit"
          />
        </>
      )}
    </TicketPage>
  );
}
