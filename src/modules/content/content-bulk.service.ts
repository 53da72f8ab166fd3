import type { CategoryKind } from '../../contract/categories.js';
import { withSavepoint } from '../../db/savepoint.js';
import type { TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError, Errors } from '../../platform/errors.js';
import { isKnownCategory } from './categories/categories.service.js';
import { type ContentKind, DATA_SCHEMA } from './content.schema.js';
import {
  checkVersion,
  deleteItem,
  getItem,
  permissionFor,
  transitionItems,
  updateItem,
} from './content.service.js';
import type { BulkAction, BulkItemResult, BulkRequest, BulkResult } from './content-bulk.schema.js';

const TRANSITION = { publish: 'publish', unpublish: 'unpublish', submit: 'submit' } as const;
const TRANSITION_ACTIONS = new Set<BulkAction>(['publish', 'unpublish', 'submit']);

/** Refusals of the request as a whole, before any item is touched. */
function checkRequest(kind: ContentKind, input: BulkRequest): void {
  const ids = input.items.map((i) => i.id);
  if (new Set(ids).size !== ids.length) {
    throw Errors.invalidField('items', {
      ja: '同じ項目が二度指定されています。',
      en: 'The same item is listed twice.',
    });
  }
  if (input.action === 'setCategory') {
    if (kind !== 'spot' && kind !== 'event') {
      throw Errors.invalidField('action', {
        ja: 'この種類には分類がありません。',
        en: 'This kind has no categories.',
      });
    }
    if (!input.category) {
      throw Errors.invalidField('category', { ja: '分類を指定してください。', en: 'Give the category.' });
    }
  }
  if ((input.action === 'addTags' || input.action === 'removeTags') && !input.tags?.length) {
    throw Errors.invalidField('tags', { ja: 'タグを指定してください。', en: 'Give the tags.' });
  }
}

/** The working copy with the action applied, or null when it already is as asked. */
function changedData(
  action: BulkAction,
  data: Record<string, unknown>,
  input: BulkRequest,
): Record<string, unknown> | null {
  if (action === 'setCategory')
    return data.category === input.category ? null : { ...data, category: input.category };
  const tags = Array.isArray(data.tags) ? (data.tags as string[]) : [];
  const wanted = input.tags ?? [];
  const next =
    action === 'addTags'
      ? [...tags, ...wanted.filter((t) => !tags.includes(t))]
      : tags.filter((t) => !wanted.includes(t));
  if (next.length === tags.length && next.every((t, i) => t === tags[i])) return null;
  return { ...data, tags: next };
}

async function applyToItem(
  ctx: TenantContext,
  kind: ContentKind,
  input: BulkRequest,
  item: { id: string; version: number },
): Promise<BulkItemResult> {
  const { action } = input;
  if (action === 'delete') {
    await deleteItem(ctx, kind, item.id, item.version);
    return { id: item.id, outcome: 'done', status: null, version: null };
  }
  // Category and tags: an edit of the working copy, with the same checks as a save in the editor.
  ctx.require(permissionFor(kind, 'edit'));
  const current = await getItem(ctx, kind, item.id);
  checkVersion(current, item.version);
  const data = changedData(action, current.data, input);
  if (!data) return { id: item.id, outcome: 'unchanged', status: current.status, version: current.version };
  // Loaded on first use: typebox's value checker is some 300 more modules for every process.
  const { Value } = await import('typebox/value');
  if (!Value.Check(DATA_SCHEMA[kind], data)) {
    throw Errors.invalidField(action === 'setCategory' ? 'category' : 'tags', {
      ja: 'この変更をすると項目の内容が正しくなくなります（タグは 30 個まで）。',
      en: 'The change would make the item invalid (at most 30 tags).',
    });
  }
  const saved = await updateItem(ctx, kind, item.id, { version: item.version, data });
  return { id: item.id, outcome: 'done', status: saved.status, version: saved.version };
}

function failure(id: string, error: AppError): BulkItemResult {
  return {
    id,
    outcome: 'failed',
    status: null,
    version: null,
    error: {
      status: error.status,
      code: error.code,
      message: error.text,
      ...(error.field === undefined ? {} : { field: error.field }),
    },
  };
}

/**
 * One action on many items of a kind. Each item goes through the same checks as on its own
 * (rights, version, workflow rules) and gets its own audit event: an item that is refused is
 * reported with the reason, the others go ahead. Publish, unpublish and submit check every item
 * first and change the accepted ones a few hundred per statement (transitionItems); the other
 * actions take each item inside a savepoint, undone alone when refused. One summary event
 * records the request; public caches are invalidated once, after the request's commit.
 */
export async function bulkAction(
  ctx: TenantContext,
  kind: ContentKind,
  input: BulkRequest,
): Promise<BulkResult> {
  ctx.require(permissionFor(kind, 'view'));
  checkRequest(kind, input);
  if (
    input.action === 'setCategory' &&
    !(await isKnownCategory(ctx, kind as CategoryKind, input.category!))
  ) {
    throw Errors.invalidField('category', {
      ja: '指定された分類がありません（標準の分類か、この組織の分類を選んでください）。',
      en: "The category does not exist: choose a standard category or one of the organisation's own.",
    });
  }
  const results: BulkItemResult[] = [];
  if (input.action === 'publish' || input.action === 'unpublish' || input.action === 'submit') {
    // Every item checked first, then the accepted ones changed a few hundred per statement.
    const outcomes = await transitionItems(ctx, kind, input.items, TRANSITION[input.action]);
    input.items.forEach((item, i) => {
      const done = outcomes[i]!;
      results.push(
        done instanceof AppError
          ? failure(item.id, done)
          : { id: item.id, outcome: 'done', status: done.status, version: done.version },
      );
    });
  }
  for (const item of TRANSITION_ACTIONS.has(input.action) ? [] : input.items) {
    try {
      results.push(await withSavepoint(ctx.tx, () => applyToItem(ctx, kind, input, item)));
    } catch (error) {
      // Anything but a refusal (a database fault) fails the whole request and rolls it back.
      if (!(error instanceof AppError)) throw error;
      results.push(failure(item.id, error));
    }
  }
  const count = (outcome: BulkItemResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  const summary = { done: count('done'), unchanged: count('unchanged'), failed: count('failed') };
  await audit(ctx, {
    action: `content.${kind}.bulk`,
    details: {
      action: input.action,
      ...(input.category ? { category: input.category } : {}),
      ...(input.tags ? { tags: input.tags } : {}),
      requested: input.items.length,
      ...summary,
      // Enough to find the refused items in the log; each success has its own event.
      refused: results
        .filter((r) => r.outcome === 'failed')
        .slice(0, 100)
        .map((r) => ({ id: r.id, code: r.error?.code })),
    },
  });
  return { action: input.action, ...summary, results };
}
