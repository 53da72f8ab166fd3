import { type Static, Type } from 'typebox';
import { ActionFilter, PAGE_QUERY } from '../../contract/event-log.js';

export const AuditQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'UTC, inclusive' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'UTC, exclusive' })),
    action: ActionFilter,
    actorId: Type.Optional(Type.String({ maxLength: 64 })),
    outcome: Type.Optional(
      Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]),
    ),
    ...PAGE_QUERY,
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEvent = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actorType: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const UsageRow = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: Type.String(),
  status: Type.String(),
  lastSignInAt: Type.Union([Type.String(), Type.Null()]),
  signIns30d: Type.Integer(),
  failedSignIns30d: Type.Integer(),
  changes30d: Type.Integer(),
});
