import type {
  NoticeCategory,
  NoticeDetail,
  NoticeReceipt,
  NoticeSummary,
  OrganisationNotice,
} from '../../contract/notices.js';
import { asOrganisation } from '../../db/scope.js';
import type { ProviderContext, TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { Errors } from '../../platform/errors.js';
import { findOrganisation, listServiceCodes } from '../../platform/tenancy/organisations.repo.js';
import { listNoticeRecipients } from '../users/index.js';
import {
  acknowledgeReceipt,
  insertNotice,
  insertNoticeOrganisations,
  insertReceipts,
  listNoticeOrganisations,
  listNoticesWithCounts,
  listOrganisationNotices,
  listReceipts,
  listUpcomingMaintenance,
  markNoticePublished,
  type NoticeCounts,
  type NoticeRow,
  type OrganisationNoticeRow,
} from './notices.repo.js';
import type { NewNoticeInput } from './notices.schema.js';

const LIST_LIMIT = 200;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function windowOf(row: NoticeRow): { start: string; end: string } | null {
  return row.window_start && row.window_end
    ? { start: row.window_start.toISOString(), end: row.window_end.toISOString() }
    : null;
}

/** What every view of a notice shows: its category, texts and planned window. */
function noticeContent(row: NoticeRow) {
  return {
    id: row.id,
    category: row.category,
    title: { ja: row.title_ja, en: row.title_en },
    body: { ja: row.body_ja, en: row.body_en },
    window: windowOf(row),
  };
}

function toSummary(row: NoticeRow & NoticeCounts): NoticeSummary {
  return {
    ...noticeContent(row),
    audience: row.audience,
    status: row.status,
    publishAt: row.publish_at.toISOString(),
    publishedAt: iso(row.published_at),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    organisations: row.organisations,
    recipients: row.recipients,
    mailed: row.mailed,
    mailPending: row.mail_pending,
    acknowledged: row.acknowledged,
  };
}

function invalid(field: string, ja: string, en: string) {
  return Errors.invalidField(field, { ja, en });
}

/** Checks the parts of a new notice that the schema cannot, before anything is written. */
async function checkNewNotice(ctx: ProviderContext, input: NewNoticeInput, now: Date) {
  if (input.title.ja.trim() === '')
    throw invalid('title.ja', '日本語のタイトルを入力してください。', 'Enter the title in Japanese.');
  if (input.body.ja.trim() === '')
    throw invalid('body.ja', '日本語の本文を入力してください。', 'Enter the text in Japanese.');
  let window: { start: Date; end: Date } | null = null;
  if (input.window) {
    window = { start: new Date(input.window.start), end: new Date(input.window.end) };
    if (!(window.end > window.start))
      throw invalid(
        'window.end',
        '予定の終了は開始より後にしてください。',
        'The planned window must end after it starts.',
      );
  }
  const publishAt = input.publishAt ? new Date(input.publishAt) : now;
  const orgs = input.audience === 'all' ? [] : input.audience.organisations;
  await checkOrganisations(ctx, orgs, 'audience.organisations');
  return { window, publishAt, orgs };
}

/** What a notice says and to whom: the operator's form, or an incident's update. */
export interface NoticeContent {
  category: NoticeCategory;
  title: { ja: string; en: string };
  body: { ja: string; en: string };
  window: { start: Date; end: Date } | null;
  /** Service codes, or 'all' (every active organisation when it is published). */
  organisations: string[] | 'all';
  incidentId?: string;
}

/** Stores a notice and publishes it now when `publishAt` has come, else leaves it to the job. */
async function writeNotice(
  ctx: ProviderContext,
  content: NoticeContent,
  publishAt: Date,
  now: Date,
): Promise<NoticeRow> {
  ctx.require('ops:notices');
  const scheduled = publishAt > now;
  const orgs = content.organisations === 'all' ? [] : content.organisations;
  const row = await insertNotice(ctx.tx, {
    category: content.category,
    title_ja: content.title.ja.trim(),
    title_en: content.title.en.trim(),
    body_ja: content.body.ja,
    body_en: content.body.en,
    window_start: content.window?.start ?? null,
    window_end: content.window?.end ?? null,
    audience: content.organisations === 'all' ? 'all' : 'list',
    status: 'scheduled',
    publish_at: scheduled ? publishAt : now,
    created_by: ctx.actor.type === 'anonymous' ? 'anonymous' : ctx.actor.id,
    incident_id: content.incidentId ?? null,
  });
  await insertNoticeOrganisations(ctx.tx, row.id, orgs);
  await audit(ctx, {
    action: 'notice.created',
    target: { type: 'notice', id: row.id },
    details: {
      category: row.category,
      audience: row.audience,
      organisations: orgs,
      publishAt: row.publish_at.toISOString(),
      ...(content.incidentId ? { incident: content.incidentId } : {}),
    },
  });
  if (!scheduled) await publishNotice(ctx, row, now);
  return row;
}

/**
 * An operator writes a notice: published at once (its mails queued in the same transaction) or
 * scheduled for `publishAt`, when the notices job publishes it.
 */
export async function createNotice(
  ctx: ProviderContext,
  input: NewNoticeInput,
  now = new Date(),
): Promise<NoticeDetail> {
  ctx.require('ops:notices');
  const { window, publishAt, orgs } = await checkNewNotice(ctx, input, now);
  const content: NoticeContent = {
    category: input.category,
    title: { ja: input.title.ja, en: input.title.en ?? '' },
    body: { ja: input.body.ja, en: input.body.en ?? '' },
    window,
    organisations: input.audience === 'all' ? 'all' : orgs,
  };
  const row = await writeNotice(ctx, content, publishAt, now);
  return getNotice(ctx, row.id);
}

/** Publishes a notice now (an incident's update): mails, banner and receipts as for any notice. */
export function issueNotice(
  ctx: ProviderContext,
  content: NoticeContent,
  now = new Date(),
): Promise<NoticeRow> {
  return writeNotice(ctx, content, now, now);
}

/** The organisations under contract among `codes` (refused ones are named in the 400). */
export async function checkOrganisations(
  ctx: ProviderContext,
  codes: string[],
  field: string,
): Promise<void> {
  const unknown: string[] = [];
  for (const code of codes) {
    const org = await findOrganisation(ctx.tx, code);
    if (!org || org.status === 'terminated' || org.status === 'purged') unknown.push(code);
  }
  if (unknown.length)
    throw invalid(
      field,
      `契約中の組織ではありません：${unknown.join(', ')}`,
      `Not organisations under contract: ${unknown.join(', ')}`,
    );
}

/**
 * Publishes a notice: fixes its organisations ('all': every active one now), queues one receipt
 * per active admin of each (and per active user who opted in), and records the publication in the provider's chain and in each
 * organisation's. Runs once per notice: the caller holds the notice's row (created or claimed).
 * Answers the organisations it concerns.
 */
export async function publishNotice(ctx: ProviderContext, notice: NoticeRow, now: Date): Promise<string[]> {
  ctx.require('ops:notices');
  if (notice.status === 'published') return [];
  if (notice.audience === 'all')
    await insertNoticeOrganisations(ctx.tx, notice.id, await listServiceCodes(ctx.tx, { status: 'active' }));
  const orgs = await listNoticeOrganisations(ctx.tx, notice.id);
  const entry = {
    action: 'notice.published',
    target: { type: 'notice', id: notice.id },
    details: { category: notice.category, title: notice.title_ja },
  };
  let recipients = 0;
  for (const org of orgs) {
    // The admins, and the users who chose to receive notices (account page).
    const accounts = (await asOrganisation(ctx.tx, org, () => listNoticeRecipients(ctx.tx, org))).map(
      (a) => a.id,
    );
    await insertReceipts(ctx.tx, notice.id, org, accounts, now);
    recipients += accounts.length;
    // The organisation's own chain says what the provider told it.
    await asOrganisation(ctx.tx, org, () => audit({ ...ctx, scope: { kind: 'tenant', org } }, entry));
  }
  await markNoticePublished(ctx.tx, notice.id, now);
  await audit(ctx, { ...entry, details: { ...entry.details, organisations: orgs.length, recipients } });
  return orgs;
}

export async function listNotices(ctx: ProviderContext): Promise<NoticeSummary[]> {
  ctx.require('ops:notices');
  return (await listNoticesWithCounts(ctx.tx, { limit: LIST_LIMIT })).map(toSummary);
}

/** A notice with the organisations it concerns and every admin's receipt (operators). */
export async function getNotice(ctx: ProviderContext, id: string): Promise<NoticeDetail> {
  ctx.require('ops:notices');
  const [row] = await listNoticesWithCounts(ctx.tx, { id });
  if (!row) throw Errors.notFound();
  const receipts: NoticeReceipt[] = (await listReceipts(ctx.tx, id)).map((r) => ({
    org: r.org,
    userId: r.user_id,
    mailState: r.mail_state,
    attempts: r.attempts,
    lastError: r.last_error,
    sentAt: iso(r.sent_at),
    acknowledgedAt: iso(r.acknowledged_at),
  }));
  return { ...toSummary(row), organisationCodes: await listNoticeOrganisations(ctx.tx, id), receipts };
}

function signedInUser(ctx: TenantContext): string {
  if (ctx.actor.type !== 'user') throw Errors.forbidden();
  return ctx.actor.id;
}

function toOrganisationNotice(row: OrganisationNoticeRow): OrganisationNotice {
  return {
    ...noticeContent(row),
    publishedAt: (row.published_at ?? row.publish_at).toISOString(),
    acknowledgedAt: iso(row.acknowledged_at),
    needsAcknowledgement: row.receipt_user !== null && row.acknowledged_at === null,
    incidentId: row.incident_id,
  };
}

/** The notices that concern the signed-in person's organisation, newest first (every account). */
export async function listOwnNotices(ctx: TenantContext, limit = LIST_LIMIT): Promise<OrganisationNotice[]> {
  const me = signedInUser(ctx);
  return (await listOrganisationNotices(ctx.tx, ctx.scope.org, me, limit)).map(toOrganisationNotice);
}

/** The dashboard's card: how many notices wait for my acknowledgement, and the latest few. */
export async function noticesCard(
  ctx: TenantContext,
): Promise<{ unacknowledged: number; latest: OrganisationNotice[] }> {
  const all = await listOwnNotices(ctx);
  return { unacknowledged: all.filter((n) => n.needsAcknowledgement).length, latest: all.slice(0, 3) };
}

/**
 * An admin acknowledges a notice addressed to them (ends their banner). Repeating it changes
 * nothing; a notice not addressed to them is "not found".
 */
export async function acknowledgeNotice(ctx: TenantContext, id: string): Promise<OrganisationNotice> {
  const me = signedInUser(ctx);
  const result = await acknowledgeReceipt(ctx.tx, ctx.scope.org, id, me, new Date());
  if (!result.exists) throw Errors.notFound();
  if (result.changed) {
    await audit(ctx, { action: 'notice.acknowledged', target: { type: 'notice', id } });
  }
  const row = (await listOrganisationNotices(ctx.tx, ctx.scope.org, me, LIST_LIMIT)).find((n) => n.id === id);
  if (!row) throw Errors.notFound();
  return toOrganisationNotice(row);
}

/** Maintenance announced and not over yet, without the organisations it concerns (public). */
export async function upcomingMaintenance(
  ctx: ProviderContext,
  now = new Date(),
): Promise<{ title: { ja: string; en: string }; start: string; end: string }[]> {
  const rows = await listUpcomingMaintenance(ctx.tx, now, 20);
  return rows.flatMap((row) => {
    const window = windowOf(row);
    return window ? [{ title: { ja: row.title_ja, en: row.title_en }, ...window }] : [];
  });
}

/** How far ahead an organisation's site announces planned maintenance. */
const SITE_MAINTENANCE_AHEAD_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The planned maintenance windows that concern the organisation and are in progress or start
 * within seven days: what its public site may show (no right needed, the site shows them).
 */
export async function siteMaintenanceWindows(
  ctx: TenantContext,
  now = new Date(),
): Promise<{ start: string; end: string }[]> {
  const startsBefore = new Date(now.getTime() + SITE_MAINTENANCE_AHEAD_MS);
  const rows = await listUpcomingMaintenance(ctx.tx, now, 5, { org: ctx.scope.org, startsBefore });
  return rows.flatMap((row) => {
    const window = windowOf(row);
    return window ? [window] : [];
  });
}
