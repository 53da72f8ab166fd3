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

/**
 * One page of events read newest first with one row more than the limit: that row only says there
 * is a next page, which starts before the page's last event.
 */
export function eventPage<R, T extends { seq: number }>(
  rows: readonly R[],
  limit: number,
  toItem: (row: R) => T,
) {
  const items = rows.slice(0, limit).map(toItem);
  return { items, nextBefore: rows.length > limit ? (items.at(-1)?.seq ?? null) : null };
}
