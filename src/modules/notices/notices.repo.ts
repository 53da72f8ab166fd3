import type { ExpressionBuilder, Selectable } from 'kysely';
import { addListedOrganisations, listedOrganisations } from '../../db/organisation-lists.js';
import type { DB } from '../../db/schema.js';
import type { NoticeReceiptsTable, NoticesTable } from '../../db/schema-notices.js';
import type { Tx } from '../../db/scope.js';
import * as mailQueue from '../../platform/mail/mail-queue.js';

export type NoticeRow = Selectable<NoticesTable>;
export type ReceiptRow = Selectable<NoticeReceiptsTable>;

export interface NoticeCounts {
  organisations: number;
  recipients: number;
  mailed: number;
  mail_pending: number;
  acknowledged: number;
}

export type NewNoticeRow = Omit<NoticeRow, 'id' | 'created_at' | 'published_at'>;

export async function insertNotice(tx: Tx, row: NewNoticeRow): Promise<NoticeRow> {
  return tx.insertInto('provider.notices').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertNoticeOrganisations(tx: Tx, noticeId: string, orgs: string[]): Promise<void> {
  await addListedOrganisations(tx, 'provider.notice_organisations', 'notice_id', noticeId, orgs);
}

export async function listNoticeOrganisations(tx: Tx, noticeId: string): Promise<string[]> {
  return listedOrganisations(tx, 'provider.notice_organisations', 'notice_id', noticeId);
}

/** One receipt per admin; a second publication pass adds nothing (the key is notice + account). */
export async function insertReceipts(
  tx: Tx,
  noticeId: string,
  org: string,
  userIds: string[],
  now: Date,
): Promise<void> {
  if (userIds.length === 0) return;
  await tx
    .insertInto('provider.notice_receipts')
    .values(userIds.map((user_id) => ({ notice_id: noticeId, org, user_id, next_attempt_at: now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function markNoticePublished(tx: Tx, noticeId: string, at: Date): Promise<void> {
  await tx
    .updateTable('provider.notices')
    .set({ status: 'published', published_at: at })
    .where('id', '=', noticeId)
    .execute();
}

export async function findNotice(tx: Tx, noticeId: string): Promise<NoticeRow | undefined> {
  return tx.selectFrom('provider.notices').selectAll().where('id', '=', noticeId).executeTakeFirst();
}

/**
 * Scheduled notices whose time has come, locked so that each is published by one pass only
 * (another node's pass skips them and, once this one commits, finds them published).
 */
export async function claimDueNotices(tx: Tx, now: Date, limit: number): Promise<NoticeRow[]> {
  return tx
    .selectFrom('provider.notices')
    .selectAll()
    .where('status', '=', 'scheduled')
    .where('publish_at', '<=', now)
    .orderBy('publish_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

function counts(eb: ExpressionBuilder<DB & { n: NoticesTable }, 'n'>) {
  const receipts = () => eb.selectFrom('provider.notice_receipts as r').whereRef('r.notice_id', '=', 'n.id');
  const count = () => eb.fn.countAll<string>().as('c');
  return [
    eb
      .selectFrom('provider.notice_organisations as o')
      .whereRef('o.notice_id', '=', 'n.id')
      .select(count)
      .as('organisations'),
    receipts().select(count).as('recipients'),
    receipts().where('r.mail_state', '=', 'sent').select(count).as('mailed'),
    receipts().where('r.mail_state', 'in', ['pending', 'sending']).select(count).as('mail_pending'),
    receipts().where('r.acknowledged_at', 'is not', null).select(count).as('acknowledged'),
  ];
}

type CountedRow = NoticeRow & Record<keyof NoticeCounts, string | number | null>;

function withCounts(row: CountedRow): NoticeRow & NoticeCounts {
  return {
    ...row,
    organisations: Number(row.organisations ?? 0),
    recipients: Number(row.recipients ?? 0),
    mailed: Number(row.mailed ?? 0),
    mail_pending: Number(row.mail_pending ?? 0),
    acknowledged: Number(row.acknowledged ?? 0),
  };
}

/** Notices (newest first, or the one asked for) with their delivery and acknowledgement figures. */
export async function listNoticesWithCounts(
  tx: Tx,
  only: { limit: number } | { id: string },
): Promise<(NoticeRow & NoticeCounts)[]> {
  let query = tx
    .selectFrom('provider.notices as n')
    .selectAll('n')
    .select((eb) => counts(eb));
  query =
    'id' in only
      ? query.where('n.id', '=', only.id)
      : query.orderBy('n.publish_at', 'desc').limit(only.limit);
  const rows = await query.execute();
  return rows.map((row) => withCounts(row as CountedRow));
}

export async function listReceipts(tx: Tx, noticeId: string): Promise<ReceiptRow[]> {
  return tx
    .selectFrom('provider.notice_receipts')
    .selectAll()
    .where('notice_id', '=', noticeId)
    .orderBy('org')
    .orderBy('user_id')
    .execute();
}

/**
 * Claims mails to send: pending ones that are due, and ones a pass claimed but never finished
 * (its lease ran out: the node died mid-send). Claimed rows carry a lease and one more attempt;
 * the claim commits before any mail leaves, so a restart sees what was in flight.
 */
export async function claimDueMails(
  tx: Tx,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ReceiptRow[]> {
  const due = await tx
    .selectFrom('provider.notice_receipts')
    .select(['notice_id', 'user_id'])
    .$call(mailQueue.claimableMails(now, limit))
    .execute();
  if (due.length === 0) return [];
  return tx
    .updateTable('provider.notice_receipts')
    .set(mailQueue.claimedMailColumns(leaseUntil))
    .where((eb) =>
      eb.or(due.map((d) => eb.and([eb('notice_id', '=', d.notice_id), eb('user_id', '=', d.user_id)]))),
    )
    .returningAll()
    .execute();
}

/** Records how a claimed mail went: sent, skipped (the account is gone), or due again later. */
export async function finishMail(
  tx: Tx,
  receipt: { notice_id: string; user_id: string },
  outcome: mailQueue.MailOutcome | { skipped: Date },
): Promise<void> {
  await tx
    .updateTable('provider.notice_receipts')
    .set(mailQueue.settledMailColumns(outcome))
    .where('notice_id', '=', receipt.notice_id)
    .where('user_id', '=', receipt.user_id)
    .where('mail_state', '=', 'sending')
    .execute();
}

export interface OrganisationNoticeRow extends NoticeRow {
  receipt_user: string | null;
  acknowledged_at: Date | null;
}

/**
 * The published notices that concern the organisation (row-level security narrows them to it),
 * newest first, each with the given account's receipt if it was addressed to it.
 */
export async function listOrganisationNotices(
  tx: Tx,
  org: string,
  userId: string,
  limit: number,
): Promise<OrganisationNoticeRow[]> {
  return tx
    .selectFrom('provider.notices as n')
    .innerJoin('provider.notice_organisations as o', (join) =>
      join.onRef('o.notice_id', '=', 'n.id').on('o.org', '=', org),
    )
    .leftJoin('provider.notice_receipts as r', (join) =>
      join.onRef('r.notice_id', '=', 'n.id').on('r.org', '=', org).on('r.user_id', '=', userId),
    )
    .selectAll('n')
    .select(['r.user_id as receipt_user', 'r.acknowledged_at'])
    .where('n.status', '=', 'published')
    .orderBy('n.published_at', 'desc')
    .limit(limit)
    .execute();
}

/** Sets the account's acknowledgement once; answers whether a receipt of its exists at all. */
export async function acknowledgeReceipt(
  tx: Tx,
  org: string,
  noticeId: string,
  userId: string,
  at: Date,
): Promise<{ exists: boolean; changed: boolean }> {
  const changed = await tx
    .updateTable('provider.notice_receipts')
    .set({ acknowledged_at: at })
    .where('org', '=', org)
    .where('notice_id', '=', noticeId)
    .where('user_id', '=', userId)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) > 0) return { exists: true, changed: true };
  const row = await tx
    .selectFrom('provider.notice_receipts')
    .select('user_id')
    .where('org', '=', org)
    .where('notice_id', '=', noticeId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return { exists: row !== undefined, changed: false };
}

/**
 * Published maintenance whose window has not ended, soonest first (the public status page), or
 * only the maintenance that concerns `only.org` and starts before `only.startsBefore` (its site).
 */
export async function listUpcomingMaintenance(
  tx: Tx,
  now: Date,
  limit: number,
  only?: { org: string; startsBefore: Date },
): Promise<NoticeRow[]> {
  let query = tx
    .selectFrom('provider.notices as n')
    .selectAll('n')
    .where('n.status', '=', 'published')
    .where('n.category', '=', 'maintenance')
    .where('n.window_end', '>', now);
  if (only)
    query = query
      .where('n.window_start', '<', only.startsBefore)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('provider.notice_organisations as o')
            .select('o.org')
            .whereRef('o.notice_id', '=', 'n.id')
            .where('o.org', '=', only.org),
        ),
      );
  return query.orderBy('n.window_start').limit(limit).execute();
}
