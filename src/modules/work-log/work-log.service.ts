import { eventPage } from '../../contract/event-log.js';
import type { Database } from '../../db/database.js';
import { withScope } from '../../db/scope.js';
import type { ProviderContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError, Errors } from '../../platform/errors.js';
import { spreadsheetCsv } from '../../platform/http/csv.js';
import { jstDate, jstDateTime, todayInJapan } from '../../platform/time/jst.js';
import {
  type ActionFilter,
  countOperatorActions,
  insertReview,
  listOperatorActions,
  listReviews,
  listUnreviewedDays,
  lockReviews,
  reviewOverlaps,
} from './work-log.repo.js';
import type { ReviewStatus, SignOffInput, WorkLogEntry, WorkLogQuery } from './work-log.schema.js';

// The operators' work log (作業ログ, A.12.4.3): what operators did, from the provider chain, and
// its periodic review by an operator who did not do the work.

const DAY_MS = 86_400_000;
/** A sign-off covers at most this many days (a week or a month of work, not a year). */
export const MAX_PERIOD_DAYS = 31;
/** The CSV holds at most this many actions; narrow the filters for more. */
const CSV_MAX_ROWS = 100_000;
/** Overdue days listed (and counted on /metrics) at most. */
const OVERDUE_LIMIT = 366;

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (first: string, last: string) =>
  Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY_MS);

function reviewer(ctx: ProviderContext): string {
  if (ctx.actor.type !== 'operator') throw Errors.forbidden();
  return ctx.actor.id;
}

/** The filter's days as instants (JST: from the first day's start to the last day's end). */
function filterOf(query: WorkLogQuery): ActionFilter {
  if (query.from && query.to && query.to < query.from) {
    throw Errors.invalidField('to', {
      ja: '終了日は開始日以降にしてください。',
      en: 'The last day must not be before the first day.',
    });
  }
  return {
    ...(query.operatorId ? { operatorId: query.operatorId } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.organisation ? { organisation: query.organisation } : {}),
    ...(query.from ? { from: jstDateTime(query.from) } : {}),
    ...(query.to ? { to: jstDateTime(query.to, undefined, true) } : {}),
    ...(query.before ? { before: query.before } : {}),
  };
}

function toEntry(row: Awaited<ReturnType<typeof listOperatorActions>>[number]): WorkLogEntry {
  return {
    seq: Number(row.seq),
    at: row.at.toISOString(),
    operatorId: row.actor_id,
    operatorName: row.operator_name,
    action: row.action,
    organisation: row.organisation,
    targetType: row.target_type,
    targetId: row.target_id,
    outcome: row.outcome,
    ip: row.ip,
    details: row.details,
  };
}

/** One page of operators' actions matching the filters, newest first. */
export async function searchWorkLog(
  ctx: ProviderContext,
  query: WorkLogQuery,
): Promise<{ items: WorkLogEntry[]; nextBefore: number | null }> {
  ctx.require('ops:review');
  const limit = query.limit ?? 100;
  const rows = await listOperatorActions(ctx.tx, filterOf(query), limit);
  return eventPage(rows, limit, toEntry);
}

const CSV_HEADER = [
  '日時(UTC) / time',
  '日付(JST) / day',
  '運用担当者ID / operator id',
  '運用担当者名 / operator',
  '操作 / action',
  '組織 / organisation',
  '対象種別 / target type',
  '対象ID / target id',
  '結果 / outcome',
  'IPアドレス / IP',
  '詳細 / details',
];

/** The matching actions as a spreadsheet CSV (BOM, formula-safe); the export is itself recorded. */
export async function exportWorkLog(ctx: ProviderContext, query: WorkLogQuery): Promise<string> {
  ctx.require('ops:review');
  const rows = (await listOperatorActions(ctx.tx, filterOf(query), CSV_MAX_ROWS)).slice(0, CSV_MAX_ROWS);
  await audit(ctx, { action: 'work_log.exported', details: { filters: query, rows: rows.length } });
  return spreadsheetCsv(
    CSV_HEADER,
    rows.map((r) => [
      r.at.toISOString(),
      jstDate(r.at),
      r.actor_id,
      r.operator_name,
      r.action,
      r.organisation,
      r.target_type,
      r.target_id,
      r.outcome,
      r.ip,
      r.details,
    ]),
  );
}

/**
 * A reviewer signs off whole days (JST) that have ended, with a comment. Refused: a period with any
 * of the reviewer's own actions (nobody reviews their own work), one a sign-off already covers, one
 * longer than MAX_PERIOD_DAYS or not yet over.
 */
export async function signOffWorkLog(ctx: ProviderContext, input: SignOffInput) {
  ctx.require('ops:review');
  const me = reviewer(ctx);
  const { firstDay, lastDay } = input;
  const comment = input.comment.trim();
  if (comment === '') {
    throw Errors.invalidField('comment', { ja: 'コメントを入力してください。', en: 'Write a comment.' });
  }
  if (lastDay < firstDay) {
    throw Errors.invalidField('lastDay', {
      ja: '最終日は初日以降にしてください。',
      en: 'The last day must not be before the first day.',
    });
  }
  if (daysBetween(firstDay, lastDay) >= MAX_PERIOD_DAYS) {
    throw Errors.invalidField('lastDay', {
      ja: `確認できる期間は ${MAX_PERIOD_DAYS} 日までです。`,
      en: `A period covers at most ${MAX_PERIOD_DAYS} days.`,
    });
  }
  if (lastDay >= todayInJapan()) {
    throw Errors.invalidField('lastDay', {
      ja: '終わった日（昨日まで、日本時間）だけを確認済みにできます。',
      en: 'Only days that have ended (up to yesterday, JST) can be signed off.',
    });
  }
  await lockReviews(ctx.tx);
  if (await reviewOverlaps(ctx.tx, firstDay, lastDay)) {
    throw new AppError(409, 'period_reviewed', {
      ja: 'この期間の一部は既に確認済みです。',
      en: 'Part of this period has already been signed off.',
    });
  }
  const counts = await countOperatorActions(
    ctx.tx,
    jstDateTime(firstDay),
    jstDateTime(lastDay, undefined, true),
    me,
  );
  if (counts.own > 0) {
    throw new AppError(
      409,
      'own_actions',
      {
        ja: `この期間にはあなた自身の操作が ${counts.own} 件あります。別の運用担当者が確認してください。`,
        en: `This period holds ${counts.own} actions of your own; another operator must review it.`,
      },
      { details: { ownActions: counts.own } },
    );
  }
  const id = await insertReview(ctx.tx, {
    firstDay,
    lastDay,
    reviewerId: me,
    comment,
    actions: counts.total,
  });
  await audit(ctx, {
    action: 'work_log.reviewed',
    target: { type: 'work_log_review', id },
    details: { firstDay, lastDay, actions: counts.total, comment },
  });
  return { id, firstDay, lastDay, actions: counts.total };
}

/** The instant before which a day's actions are overdue for review (start of today − N days, JST). */
function overdueCutoff(reviewAfterDays: number): Date {
  return jstDateTime(addDays(todayInJapan(), -reviewAfterDays));
}

/** Sign-offs so far and the days overdue for review (the ops dashboard's flag). */
export async function workLogReviewStatus(
  ctx: ProviderContext,
  reviewAfterDays: number,
): Promise<ReviewStatus> {
  ctx.require('ops:review');
  const [overdue, reviews] = await Promise.all([
    listUnreviewedDays(ctx.tx, overdueCutoff(reviewAfterDays), OVERDUE_LIMIT),
    listReviews(ctx.tx, 100),
  ]);
  return {
    reviewAfterDays,
    overdueDays: overdue.map((d) => ({ day: d.day, actions: d.actions })),
    reviews: reviews.map((r) => ({
      id: r.id,
      firstDay: r.first_day,
      lastDay: r.last_day,
      reviewerId: r.reviewer_id,
      reviewerName: r.reviewer_name,
      comment: r.comment,
      actions: r.actions,
      reviewedAt: r.reviewed_at.toISOString(),
    })),
  };
}

/** For /metrics: how many days are overdue for review (one number, no labels). */
export async function countOverdueDays(db: Database, reviewAfterDays: number): Promise<number> {
  const days = await withScope(db, { kind: 'provider' }, (tx) =>
    listUnreviewedDays(tx, overdueCutoff(reviewAfterDays), OVERDUE_LIMIT),
  );
  return days.length;
}
