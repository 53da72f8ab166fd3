import {
  SUPPORT_TARGET_HOURS,
  type SupportAttachment,
  type SupportCategory,
  type SupportMessage,
  type SupportStatus,
  type SupportTicket,
  type SupportTicketSummary,
  type SupportTimer,
} from '../../contract/support.js';
import type { Database } from '../../db/database.js';
import { asOrganisation } from '../../db/scope.js';
import type { LazyContext, ProviderContext, TenantContext } from '../../platform/access/context.js';
import { type AuditEntry, type AuditSource, audit, recordSecurityEvent } from '../../platform/audit/audit.js';
import { AppError, Errors } from '../../platform/errors.js';
import { findIncident } from '../incidents/index.js';
import type { MediaFile, ScannedFile } from '../media/index.js';
import { findUserRow } from '../users/index.js';
import {
  type AttachmentRow,
  findAttachment,
  findReport,
  findTicket,
  insertAttachment,
  insertMessage,
  insertReport,
  insertTicket,
  listAttachments,
  listMessages,
  listOrganisationTickets,
  listQueue,
  listReportSubjects,
  listTicketMails,
  type MessageRow,
  queueReplyMail,
  type TicketRow,
  updateTicket,
} from './support.repo.js';

const LIST_LIMIT = 200;
const HOUR_MS = 3_600_000;
/** How operators' replies are signed towards the customer. */
const DESK_NAME = 'mitte-C サポート窓口';

export interface NewReport {
  category: SupportCategory;
  subject: string;
  description: string;
}

function timer(from: Date, hours: number, metAt: Date | null, now: Date): SupportTimer {
  const due = new Date(from.getTime() + hours * HOUR_MS);
  return {
    dueAt: due.toISOString(),
    metAt: metAt?.toISOString() ?? null,
    overdue: (metAt ?? now) > due,
  };
}

/** A ticket's bookkeeping with its two timers (first response, resolution). */
function toSummary(row: TicketRow, subject: string, now = new Date()): SupportTicketSummary {
  const target = SUPPORT_TARGET_HOURS[row.category];
  return {
    id: row.id,
    org: row.org,
    subject,
    category: row.category,
    status: row.status,
    assignee: row.assignee,
    incidentId: row.incident_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    firstResponse: timer(row.created_at, target.firstResponse, row.first_response_at, now),
    resolution: timer(row.created_at, target.resolution, row.resolved_at ?? row.closed_at, now),
  };
}

function toMessage(row: MessageRow): SupportMessage {
  return {
    id: row.id,
    author: row.author_type,
    authorName: row.author_name,
    body: row.body,
    at: row.created_at.toISOString(),
  };
}

function toAttachment(row: AttachmentRow): SupportAttachment {
  return { id: row.id, name: row.original_name, mime: row.mime, sizeBytes: Number(row.size_bytes) };
}

function requireText(field: string, value: string, ja: string, en: string): string {
  const text = value.trim();
  if (text === '') throw Errors.invalidField(field, { ja, en });
  return text;
}

const closedTicket = () =>
  new AppError(409, 'ticket_closed', {
    ja: 'この問い合わせは終了しています。返信できません（新しく報告してください）。',
    en: 'This ticket is closed; it cannot be replied to (report a new one).',
  });

/** The ticket's text, conversation and attachments, read inside its organisation's scope. */
async function ticketContent(ctx: { tx: TenantContext['tx'] }, row: TicketRow) {
  const report = await findReport(ctx.tx, row.org, row.id);
  if (!report) throw Errors.notFound();
  return {
    report,
    messages: await listMessages(ctx.tx, row.org, row.id),
    attachments: await listAttachments(ctx.tx, row.org, row.id),
  };
}

function toTicket(row: TicketRow, content: Awaited<ReturnType<typeof ticketContent>>): SupportTicket {
  return {
    ...toSummary(row, content.report.subject),
    description: content.report.description,
    reporterName: content.report.reporter_name,
    messages: content.messages.map(toMessage),
    attachments: content.attachments.map(toAttachment),
  };
}

// ---- The organisation's side ------------------------------------------------------------------

function signedInUser(ctx: { actor: TenantContext['actor'] }): string {
  if (ctx.actor.type !== 'user') throw Errors.forbidden();
  return ctx.actor.id;
}

/** Checks a report before any file is read: category by schema, texts here. */
export function checkReport(ctx: LazyContext<TenantContext>, input: NewReport): NewReport {
  ctx.require('support:edit');
  signedInUser(ctx);
  return {
    category: input.category,
    subject: requireText('subject', input.subject, '件名を入力してください。', 'Enter a subject.'),
    description: requireText(
      'description',
      input.description,
      '内容を入力してください。',
      'Enter a description.',
    ),
  };
}

/**
 * Records in the provider's chain what an organisation did on its ticket (the organisation's own
 * chain has it from its transaction). Its own short transaction: the tenant's has committed.
 */
async function auditOnProviderSide(db: Database, source: AuditSource, entry: AuditEntry): Promise<void> {
  await recordSecurityEvent(db, null, source, entry);
}

const sourceOf = (ctx: AuditSource): AuditSource => ({
  actor: ctx.actor,
  ip: ctx.ip,
  requestId: ctx.requestId,
});

/**
 * An admin or a user with the support right reports: the ticket, its text and its attachments
 * (already scanned and staged) in one transaction; the blobs are kept once it has committed.
 * Any failure discards every staged attachment: nothing of the report is kept.
 */
export async function reportTicket(
  db: Database,
  ctx: LazyContext<TenantContext>,
  input: NewReport,
  files: ScannedFile[],
): Promise<SupportTicket> {
  ctx.require('support:edit');
  const me = signedInUser(ctx);
  const report = checkReport(ctx, input);
  let ticket: SupportTicket;
  try {
    ticket = await ctx.transaction(async (tctx) => {
      const org = tctx.scope.org;
      const reporter = await findUserRow(tctx.tx, org, me);
      const row = await insertTicket(tctx.tx, { org, category: report.category });
      await insertReport(tctx.tx, {
        org,
        ticket_id: row.id,
        reporter_id: me,
        reporter_name: reporter?.name ?? '',
        subject: report.subject,
        description: report.description,
      });
      for (const file of files)
        await insertAttachment(tctx.tx, {
          org,
          ticket_id: row.id,
          original_name: file.originalName,
          mime: file.mime,
          size_bytes: file.sizeBytes,
          sha256: file.sha256,
          blob_key: file.blobKey,
          key_version: file.keyVersion,
          created_by: me,
        });
      await audit(tctx, {
        action: 'support.reported',
        target: { type: 'support_ticket', id: row.id },
        details: { category: row.category, attachments: files.length },
      });
      return toTicket(row, await ticketContent(tctx, row));
    });
  } catch (error) {
    await Promise.all(files.map((f) => f.discard()));
    throw error;
  }
  for (const file of files) await file.keep();
  await auditOnProviderSide(db, sourceOf(ctx), {
    action: 'support.reported',
    target: { type: 'support_ticket', id: ticket.id },
    details: { org: ticket.org, category: ticket.category, attachments: files.length },
  });
  return ticket;
}

/** Admins see every ticket of the organisation; others the ones they reported. */
function reporterFilter(ctx: TenantContext): string | null {
  const me = signedInUser(ctx);
  return ctx.actor.type === 'user' && ctx.actor.role === 'admin' ? null : me;
}

export async function listOwnTickets(ctx: TenantContext): Promise<SupportTicketSummary[]> {
  ctx.require('support:view');
  const rows = await listOrganisationTickets(ctx.tx, ctx.scope.org, reporterFilter(ctx), LIST_LIMIT);
  return rows.map((row) => toSummary(row, row.subject));
}

/** A ticket the signed-in person may follow (theirs, or any for an admin); else "not found". */
async function ownTicketRow(ctx: TenantContext, id: string, lock = false): Promise<TicketRow> {
  const row = await findTicket(ctx.tx, id, lock);
  if (!row) throw Errors.notFound();
  const reporter = reporterFilter(ctx);
  if (reporter) {
    const report = await findReport(ctx.tx, ctx.scope.org, id);
    if (report?.reporter_id !== reporter) throw Errors.notFound();
  }
  return row;
}

export async function getOwnTicket(ctx: TenantContext, id: string): Promise<SupportTicket> {
  ctx.require('support:view');
  const row = await ownTicketRow(ctx, id);
  return toTicket(row, await ticketContent(ctx, row));
}

/** The reporter (or an admin) answers; a ticket waiting for the customer opens again. */
export async function replyAsOrganisation(
  db: Database,
  ctx: LazyContext<TenantContext>,
  id: string,
  body: string,
): Promise<SupportTicket> {
  ctx.require('support:edit');
  const me = signedInUser(ctx);
  const text = requireText('body', body, '返信の内容を入力してください。', 'Enter the reply.');
  const ticket = await ctx.transaction(async (tctx) => {
    let row = await ownTicketRow(tctx, id, true);
    if (row.status === 'closed') throw closedTicket();
    const author = await findUserRow(tctx.tx, tctx.scope.org, me);
    await insertMessage(tctx.tx, {
      org: row.org,
      ticket_id: id,
      author_type: 'user',
      author_id: me,
      author_name: author?.name ?? '',
      body: text,
    });
    if (row.status === 'waiting') row = await updateTicket(tctx.tx, id, { status: 'open' });
    await audit(tctx, { action: 'support.replied', target: { type: 'support_ticket', id } });
    return toTicket(row, await ticketContent(tctx, row));
  });
  await auditOnProviderSide(db, sourceOf(ctx), {
    action: 'support.replied',
    target: { type: 'support_ticket', id },
    details: { org: ticket.org, by: 'organisation' },
  });
  return ticket;
}

/** An attachment of a ticket the person may follow, as a file to stream. */
export async function ownAttachmentFile(
  ctx: TenantContext,
  ticketId: string,
  id: string,
): Promise<MediaFile> {
  ctx.require('support:view');
  await ownTicketRow(ctx, ticketId);
  const row = await findAttachment(ctx.tx, ctx.scope.org, ticketId, id);
  if (!row) throw Errors.notFound();
  return attachmentFile(row);
}

function attachmentFile(row: AttachmentRow): MediaFile {
  return {
    blobKey: row.blob_key,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    mime: row.mime,
    kind: row.mime === 'application/pdf' ? 'pdf' : row.mime.split('/')[0]!,
    filename: `${row.id}${row.original_name.includes('.') ? row.original_name.slice(row.original_name.lastIndexOf('.')) : ''}`,
  };
}

// ---- The provider's side (operators) ------------------------------------------------------------

/** The queue: bookkeeping and subject only (the subject read in each ticket's organisation). */
export async function listSupportQueue(
  ctx: ProviderContext,
  only: { status?: SupportStatus | undefined; org?: string | undefined },
): Promise<SupportTicketSummary[]> {
  ctx.require('ops:support');
  const rows = await listQueue(ctx.tx, { ...only, limit: LIST_LIMIT });
  const byOrg = new Map<string, string[]>();
  for (const r of rows) byOrg.set(r.org, [...(byOrg.get(r.org) ?? []), r.id]);
  const subjects = new Map<string, string>();
  for (const [org, ids] of byOrg)
    for (const [id, subject] of await asOrganisation(ctx.tx, org, () => listReportSubjects(ctx.tx, org, ids)))
      subjects.set(id, subject);
  const now = new Date();
  return rows.map((row) => toSummary(row, subjects.get(row.id) ?? '', now));
}

async function queuedTicket(ctx: ProviderContext, id: string, lock = false): Promise<TicketRow> {
  const row = await findTicket(ctx.tx, id, lock);
  if (!row) throw Errors.notFound();
  return row;
}

/** One ticket with its conversation: only this ticket's rows are read in its organisation. */
export async function getSupportTicket(ctx: ProviderContext, id: string): Promise<SupportTicket> {
  ctx.require('ops:support');
  const row = await queuedTicket(ctx, id);
  const content = await asOrganisation(ctx.tx, row.org, () => ticketContent(ctx, row));
  const ticket = toTicket(row, content);
  const mails = new Map((await listTicketMails(ctx.tx, id)).map((m) => [m.message_id, m]));
  ticket.messages = ticket.messages.map((m) => {
    const mail = mails.get(m.id);
    return mail
      ? { ...m, mail: { state: mail.mail_state, attempts: mail.attempts, lastError: mail.last_error } }
      : m;
  });
  return ticket;
}

const STATUS_MOMENTS = (status: SupportStatus, row: TicketRow, now: Date) => ({
  resolved_at:
    status === 'resolved' ? (row.resolved_at ?? now) : status === 'closed' ? row.resolved_at : null,
  closed_at: status === 'closed' ? now : null,
});

/** Status, assignee, incident link: each change in both chains. */
export async function updateSupportTicket(
  ctx: ProviderContext,
  id: string,
  input: { status?: SupportStatus; assignee?: string | null; incidentId?: string | null },
  now = new Date(),
): Promise<SupportTicket> {
  ctx.require('ops:support');
  const row = await queuedTicket(ctx, id, true);
  if (row.status === 'closed' && input.status !== undefined && input.status !== 'closed') {
    throw new AppError(409, 'ticket_closed', {
      ja: '終了した問い合わせは再開できません。',
      en: 'A closed ticket cannot be reopened.',
    });
  }
  if (input.incidentId) {
    const incident = await findIncident(ctx.tx, input.incidentId);
    if (!incident)
      throw Errors.invalidField('incidentId', {
        ja: '指定された障害は見つかりません。',
        en: 'No such incident.',
      });
  }
  const patch = {
    ...(input.status !== undefined
      ? { status: input.status, ...STATUS_MOMENTS(input.status, row, now) }
      : {}),
    ...(input.assignee !== undefined ? { assignee: input.assignee } : {}),
    ...(input.incidentId !== undefined ? { incident_id: input.incidentId } : {}),
  };
  await updateTicket(ctx.tx, id, patch);
  await audit(
    ctx,
    {
      action: 'support.updated',
      target: { type: 'support_ticket', id },
      details: {
        ...(input.status !== undefined ? { from: row.status, to: input.status } : {}),
        ...(input.assignee !== undefined ? { assignee: input.assignee } : {}),
        ...(input.incidentId !== undefined ? { incident: input.incidentId } : {}),
      },
    },
    { onOrganisation: row.org },
  );
  return getSupportTicket(ctx, id);
}

/**
 * An operator answers: the reply is the organisation's data (written in its scope), its mail to
 * the reporter queued; the first answer stops the first-response timer. A closed ticket: 409.
 */
export async function replyAsOperator(
  ctx: ProviderContext,
  id: string,
  body: string,
  now = new Date(),
): Promise<SupportTicket> {
  ctx.require('ops:support');
  const text = requireText('body', body, '返信の内容を入力してください。', 'Enter the reply.');
  const row = await queuedTicket(ctx, id, true);
  if (row.status === 'closed') throw closedTicket();
  const operatorId = ctx.actor.type === 'operator' ? ctx.actor.id : 'system';
  const { message, reporter } = await asOrganisation(ctx.tx, row.org, async () => {
    const report = await findReport(ctx.tx, row.org, id);
    if (!report) throw Errors.notFound();
    const inserted = await insertMessage(ctx.tx, {
      org: row.org,
      ticket_id: id,
      author_type: 'operator',
      author_id: operatorId,
      author_name: DESK_NAME,
      body: text,
    });
    return { message: inserted, reporter: report.reporter_id };
  });
  await queueReplyMail(
    ctx.tx,
    { message_id: message.id, ticket_id: id, org: row.org, user_id: reporter },
    now,
  );
  await updateTicket(ctx.tx, id, {
    first_response_at: row.first_response_at ?? now,
    ...(row.status === 'new' || row.status === 'open' ? { status: 'waiting' as const } : {}),
  });
  await audit(
    ctx,
    { action: 'support.answered', target: { type: 'support_ticket', id }, details: { message: message.id } },
    { onOrganisation: row.org },
  );
  return getSupportTicket(ctx, id);
}

/** An attachment for an operator: only a file of this ticket, read in its organisation. */
export async function supportAttachmentFile(
  ctx: ProviderContext,
  ticketId: string,
  id: string,
): Promise<{ org: string; file: MediaFile }> {
  ctx.require('ops:support');
  const row = await queuedTicket(ctx, ticketId);
  const attachment = await asOrganisation(ctx.tx, row.org, () =>
    findAttachment(ctx.tx, row.org, ticketId, id),
  );
  if (!attachment) throw Errors.notFound();
  await audit(
    ctx,
    {
      action: 'support.attachment_read',
      target: { type: 'support_ticket', id: ticketId },
      details: { attachment: id },
    },
    { onOrganisation: row.org },
  );
  return { org: row.org, file: attachmentFile(attachment) };
}

/** Whether a support ticket exists (break-glass requests link one). */
export async function supportTicketOrganisation(ctx: ProviderContext, id: string): Promise<string | null> {
  ctx.require('ops:support');
  return (await findTicket(ctx.tx, id))?.org ?? null;
}
