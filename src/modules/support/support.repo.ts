import type { Selectable, Updateable } from 'kysely';
import { findRowById, ownRows } from '../../db/own-rows.js';
import type {
  SupportAttachmentsTable,
  SupportMailsTable,
  SupportMessagesTable,
  SupportReportsTable,
  SupportTicketsTable,
} from '../../db/schema-support.js';
import type { Tx } from '../../db/scope.js';
import * as mailQueue from '../../platform/mail/mail-queue.js';

export type TicketRow = Selectable<SupportTicketsTable>;
export type ReportRow = Selectable<SupportReportsTable>;
export type MessageRow = Selectable<SupportMessagesTable>;
export type AttachmentRow = Selectable<SupportAttachmentsTable>;
export type SupportMailRow = Selectable<SupportMailsTable>;

/** A new ticket's queue entry (tenant scope: the organisation reports it). */
export async function insertTicket(
  tx: Tx,
  row: { org: string; category: TicketRow['category'] },
): Promise<TicketRow> {
  return tx.insertInto('provider.support_tickets').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertReport(tx: Tx, row: ReportRow): Promise<void> {
  await tx.insertInto('tenant.support_reports').values(row).execute();
}

export async function insertMessage(tx: Tx, row: Omit<MessageRow, 'id' | 'created_at'>): Promise<MessageRow> {
  return tx.insertInto('tenant.support_messages').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertAttachment(
  tx: Tx,
  row: Omit<AttachmentRow, 'id' | 'created_at'>,
): Promise<AttachmentRow> {
  return tx.insertInto('tenant.support_attachments').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The ticket's queue entry, if the scope may see it; locked when it is about to change. */
export async function findTicket(tx: Tx, id: string, lock = false): Promise<TicketRow | undefined> {
  return findRowById(tx, 'provider.support_tickets', id, lock);
}

/** The operators' queue: open tickets first by age, then the rest newest first. */
export async function listQueue(
  tx: Tx,
  only: { status?: TicketRow['status'] | undefined; org?: string | undefined; limit: number },
): Promise<TicketRow[]> {
  let query = tx.selectFrom('provider.support_tickets').selectAll();
  if (only.status) query = query.where('status', '=', only.status);
  if (only.org) query = query.where('org', '=', only.org);
  return query.orderBy('created_at', 'desc').limit(only.limit).execute();
}

/** An organisation's tickets (all, or the ones the account reported), newest first. */
export async function listOrganisationTickets(
  tx: Tx,
  org: string,
  reporterId: string | null,
  limit: number,
): Promise<(TicketRow & { subject: string })[]> {
  let query = tx
    .selectFrom('provider.support_tickets as t')
    .innerJoin('tenant.support_reports as r', (join) =>
      join.onRef('r.ticket_id', '=', 't.id').onRef('r.org', '=', 't.org'),
    )
    .selectAll('t')
    .select('r.subject')
    .where('t.org', '=', org);
  if (reporterId) query = query.where('r.reporter_id', '=', reporterId);
  return query.orderBy('t.created_at', 'desc').limit(limit).execute();
}

export async function updateTicket(
  tx: Tx,
  id: string,
  patch: Omit<Updateable<SupportTicketsTable>, 'id' | 'org'>,
): Promise<TicketRow> {
  return tx
    .updateTable('provider.support_tickets')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findReport(tx: Tx, org: string, ticketId: string): Promise<ReportRow | undefined> {
  return ownRows(tx, 'tenant.support_reports', org).where('ticket_id', '=', ticketId).executeTakeFirst();
}

export async function listMessages(tx: Tx, org: string, ticketId: string): Promise<MessageRow[]> {
  return ownRows(tx, 'tenant.support_messages', org)
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function listAttachments(tx: Tx, org: string, ticketId: string): Promise<AttachmentRow[]> {
  return ownRows(tx, 'tenant.support_attachments', org)
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .execute();
}

export async function findAttachment(
  tx: Tx,
  org: string,
  ticketId: string,
  id: string,
): Promise<AttachmentRow | undefined> {
  return ownRows(tx, 'tenant.support_attachments', org)
    .where('ticket_id', '=', ticketId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Queues an operator's reply for the reporter's mailbox. */
export async function queueReplyMail(
  tx: Tx,
  row: { message_id: string; ticket_id: string; org: string; user_id: string },
  now: Date,
): Promise<void> {
  await tx
    .insertInto('provider.support_mails')
    .values({ ...row, next_attempt_at: now })
    .execute();
}

export async function listTicketMails(tx: Tx, ticketId: string): Promise<SupportMailRow[]> {
  return tx.selectFrom('provider.support_mails').selectAll().where('ticket_id', '=', ticketId).execute();
}

/**
 * Claims reply mails to send: pending ones that are due, and claimed ones whose lease ran out
 * (the sender died). The claim commits before any mail leaves, as for notices.
 */
export async function claimDueReplyMails(
  tx: Tx,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<SupportMailRow[]> {
  const due = await tx
    .selectFrom('provider.support_mails')
    .select('message_id')
    .$call(mailQueue.claimableMails(now, limit))
    .execute();
  if (due.length === 0) return [];
  return tx
    .updateTable('provider.support_mails')
    .set(mailQueue.claimedMailColumns(leaseUntil))
    .where(
      'message_id',
      'in',
      due.map((d) => d.message_id),
    )
    .returningAll()
    .execute();
}

/** Records how a claimed reply mail went: sent, skipped (the account is gone), or due again later. */
export async function finishReplyMail(
  tx: Tx,
  messageId: string,
  outcome: mailQueue.MailOutcome | { skipped: Date },
): Promise<void> {
  await tx
    .updateTable('provider.support_mails')
    .set(mailQueue.settledMailColumns(outcome))
    .where('message_id', '=', messageId)
    .where('mail_state', '=', 'sending')
    .execute();
}

/** The subjects of some of an organisation's tickets, for the operators' queue. */
export async function listReportSubjects(
  tx: Tx,
  org: string,
  ticketIds: string[],
): Promise<Map<string, string>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('tenant.support_reports')
    .select(['ticket_id', 'subject'])
    .where('org', '=', org)
    .where('ticket_id', 'in', ticketIds)
    .execute();
  return new Map(rows.map((r) => [r.ticket_id, r.subject]));
}
