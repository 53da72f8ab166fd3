import { type Static, Type } from 'typebox';
import { INT4_MAX } from '../../platform/http/input-guard.js';

/** What one bulk request may do to each of its items. */
export const BULK_ACTIONS = [
  'publish',
  'unpublish',
  'submit',
  'delete',
  'setCategory',
  'addTags',
  'removeTags',
] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/**
 * Items per request: enough for a page of the console's selection at once, small enough that one
 * transaction does not hold the embedded database (one connection) for long. The console sends
 * larger selections in several requests and shows the progress.
 */
export const BULK_MAX_ITEMS = 500;

const Tag = Type.String({ minLength: 1, maxLength: 40 });

export const BulkRequest = Type.Object(
  {
    action: Type.Enum(BULK_ACTIONS),
    items: Type.Array(
      Type.Object(
        {
          id: Type.String({ maxLength: 64 }),
          version: Type.Integer({ minimum: 1, maximum: INT4_MAX }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: BULK_MAX_ITEMS },
    ),
    /** setCategory: the category code. */
    category: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$', maxLength: 40 })),
    /** addTags / removeTags. */
    tags: Type.Optional(Type.Array(Tag, { minItems: 1, maxItems: 30, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type BulkRequest = Static<typeof BulkRequest>;

const Bilingual = Type.Object({ ja: Type.String(), en: Type.String() });

export const BulkItemResult = Type.Object({
  id: Type.String(),
  /** done: changed; unchanged: already as asked (no new version); failed: see error. */
  outcome: Type.Union([Type.Literal('done'), Type.Literal('unchanged'), Type.Literal('failed')]),
  /** The item after the action; null when it was deleted or failed. */
  status: Type.Union([Type.String(), Type.Null()]),
  version: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Optional(
    Type.Object({
      status: Type.Integer(),
      code: Type.String(),
      message: Bilingual,
      field: Type.Optional(Type.String()),
    }),
  ),
});
export type BulkItemResult = Static<typeof BulkItemResult>;

export const BulkResult = Type.Object({
  action: Type.String(),
  done: Type.Integer(),
  unchanged: Type.Integer(),
  failed: Type.Integer(),
  results: Type.Array(BulkItemResult),
});
export type BulkResult = Static<typeof BulkResult>;
