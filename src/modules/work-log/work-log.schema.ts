import { type Static, Type } from 'typebox';
import { ActionFilter, PAGE_QUERY } from '../../contract/event-log.js';
import { Nullable } from '../../contract/nullable.js';

/** A calendar day in Japan (JST): periods of the work log are whole days. */
const Day = Type.String({ format: 'date', description: 'a day in JST (YYYY-MM-DD)' });

export const WorkLogQuery = Type.Object(
  {
    operatorId: Type.Optional(Type.String({ format: 'uuid' })),
    action: ActionFilter,
    organisation: Type.Optional(Type.String({ maxLength: 32, pattern: '^[a-z][a-z0-9-]{2,31}$' })),
    from: Type.Optional(Day),
    to: Type.Optional(Type.String({ format: 'date', description: 'last day, inclusive (JST)' })),
    ...PAGE_QUERY,
  },
  { additionalProperties: false },
);
export type WorkLogQuery = Static<typeof WorkLogQuery>;

export const WorkLogEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  operatorId: Nullable(Type.String()),
  operatorName: Nullable(Type.String()),
  action: Type.String(),
  organisation: Nullable(Type.String()),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  outcome: Type.String(),
  ip: Nullable(Type.String()),
  details: Type.Unknown(),
});
export type WorkLogEntry = Static<typeof WorkLogEntry>;

export const SignOffInput = Type.Object(
  {
    firstDay: Day,
    lastDay: Day,
    comment: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type SignOffInput = Static<typeof SignOffInput>;

export const WorkLogReview = Type.Object({
  id: Type.String(),
  firstDay: Type.String(),
  lastDay: Type.String(),
  reviewerId: Type.String(),
  reviewerName: Type.String(),
  comment: Type.String(),
  actions: Type.Integer(),
  reviewedAt: Type.String(),
});
export type WorkLogReview = Static<typeof WorkLogReview>;

export const ReviewStatus = Type.Object({
  /** Days are flagged when not reviewed this many days after they ended (WORK_LOG_REVIEW_DAYS). */
  reviewAfterDays: Type.Integer(),
  overdueDays: Type.Array(Type.Object({ day: Type.String(), actions: Type.Integer() })),
  reviews: Type.Array(WorkLogReview),
});
export type ReviewStatus = Static<typeof ReviewStatus>;
