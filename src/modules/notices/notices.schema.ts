import { type Static, Type } from 'typebox';
import { NOTICE_CATEGORIES, NOTICE_MAIL_STATES } from '../../contract/notices.js';
import { Nullable } from '../../contract/nullable.js';
import { ServiceCode } from '../organisations/index.js';

const Instant = Type.String({ format: 'date-time' });
const Window = Type.Object({ start: Instant, end: Instant }, { additionalProperties: false });
const Text = Type.Object({ ja: Type.String(), en: Type.String() });

/** What operators write as notices; 'incident' notices come from an incident's updates. */
const WRITTEN_CATEGORIES = NOTICE_CATEGORIES.filter((c) => c !== 'incident');

/** An operator's new notice: Japanese is required, English recommended. */
export const NewNoticeInput = Type.Object(
  {
    category: Type.Enum(WRITTEN_CATEGORIES),
    title: Type.Object(
      {
        ja: Type.String({ minLength: 1, maxLength: 200, description: 'Title in Japanese (required)' }),
        en: Type.Optional(Type.String({ maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
    body: Type.Object(
      {
        ja: Type.String({ minLength: 1, maxLength: 10_000, description: 'Text in Japanese (required)' }),
        en: Type.Optional(Type.String({ maxLength: 10_000 })),
      },
      { additionalProperties: false },
    ),
    window: Type.Optional(Window),
    audience: Type.Union([
      Type.Literal('all'),
      Type.Object(
        { organisations: Type.Array(ServiceCode, { minItems: 1, maxItems: 5000, uniqueItems: true }) },
        { additionalProperties: false },
      ),
    ]),
    publishAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'When to publish; absent or past: now' }),
    ),
  },
  { additionalProperties: false },
);
export type NewNoticeInput = Static<typeof NewNoticeInput>;

export const NoticeId = Type.Object({ id: Type.String({ format: 'uuid' }) });

const SummaryFields = {
  id: Type.String(),
  category: Type.Enum(NOTICE_CATEGORIES),
  title: Text,
  body: Text,
  window: Nullable(Type.Object({ start: Type.String(), end: Type.String() })),
  audience: Type.Union([Type.Literal('all'), Type.Literal('list')]),
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('published')]),
  publishAt: Type.String(),
  publishedAt: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  organisations: Type.Integer(),
  recipients: Type.Integer(),
  mailed: Type.Integer(),
  mailPending: Type.Integer(),
  acknowledged: Type.Integer(),
};
export const NoticeSummary = Type.Object(SummaryFields);

export const NoticeDetail = Type.Object({
  ...SummaryFields,
  organisationCodes: Type.Array(Type.String()),
  receipts: Type.Array(
    Type.Object({
      org: Type.String(),
      userId: Type.String(),
      mailState: Type.Union(NOTICE_MAIL_STATES.map((state) => Type.Literal(state))),
      attempts: Type.Integer(),
      lastError: Nullable(Type.String()),
      sentAt: Nullable(Type.String()),
      acknowledgedAt: Nullable(Type.String()),
    }),
  ),
});

export { OrganisationNotice } from '../../contract/notice-schema.js';
