import { Type } from 'typebox';
// Replies go through the same mail queue as notices, with the same states.
import { NOTICE_MAIL_STATES } from '../../contract/notices.js';
import { Nullable } from '../../contract/nullable.js';
import { SUPPORT_CATEGORIES, SUPPORT_STATUSES } from '../../contract/support.js';
import { ServiceCode } from '../organisations/index.js';

export const TicketId = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const AttachmentParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  attachmentId: Type.String({ format: 'uuid' }),
});

/** The report form's fields (sent as multipart parts beside up to five files named "file"). */
export const ReportFields = {
  category: SUPPORT_CATEGORIES,
  subjectMax: 200,
  descriptionMax: 10_000,
} as const;
export const MAX_ATTACHMENTS = 5;

/** The report's body for the OpenAPI document (multipart: the parser leaves no body to validate). */
export const ReportBody = {
  type: 'object',
  nullable: true,
  description:
    'multipart/form-data: fields "category", "subject", "description" first, then up to five parts named "file"',
  properties: {
    category: { type: 'string', enum: [...SUPPORT_CATEGORIES] },
    subject: { type: 'string', maxLength: 200 },
    description: { type: 'string', maxLength: 10_000 },
    file: { type: 'string', format: 'binary' },
  },
  required: ['category', 'subject', 'description'],
};

export const ReplyInput = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 10_000 }) },
  { additionalProperties: false },
);

export const TicketUpdateInput = Type.Object(
  {
    status: Type.Optional(Type.Enum(SUPPORT_STATUSES)),
    assignee: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    incidentId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const QueueQuery = Type.Object(
  { status: Type.Optional(Type.Enum(SUPPORT_STATUSES)), org: Type.Optional(ServiceCode) },
  { additionalProperties: false },
);

const Timer = Type.Object({ dueAt: Type.String(), metAt: Nullable(Type.String()), overdue: Type.Boolean() });
const SummaryFields = {
  id: Type.String(),
  org: Type.String(),
  subject: Type.String(),
  category: Type.Enum(SUPPORT_CATEGORIES),
  status: Type.Enum(SUPPORT_STATUSES),
  assignee: Nullable(Type.String()),
  incidentId: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  firstResponse: Timer,
  resolution: Timer,
};
export const TicketSummary = Type.Object(SummaryFields);
export const Ticket = Type.Object({
  ...SummaryFields,
  description: Type.String(),
  reporterName: Type.String(),
  messages: Type.Array(
    Type.Object({
      id: Type.String(),
      author: Type.Union([Type.Literal('user'), Type.Literal('operator')]),
      authorName: Type.String(),
      body: Type.String(),
      at: Type.String(),
      mail: Type.Optional(
        Type.Object({
          state: Type.Union(NOTICE_MAIL_STATES.map((state) => Type.Literal(state))),
          attempts: Type.Integer(),
          lastError: Nullable(Type.String()),
        }),
      ),
    }),
  ),
  attachments: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), mime: Type.String(), sizeBytes: Type.Integer() }),
  ),
});
