import { Type } from 'typebox';

/**
 * The query parts both readers of the audit events share: the organisations' audit log and the
 * operators' work log. Pages are newest first; `before` is the previous page's `nextBefore`.
 */
export const ActionFilter = Type.Optional(
  Type.String({
    maxLength: 100,
    pattern: '^[a-z0-9_.]+$',
    description: 'exact action or a prefix ending in "."',
  }),
);

export const PAGE_QUERY = {
  before: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'cursor: events with a smaller sequence number',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
};
