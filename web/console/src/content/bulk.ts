/**
 * Bulk actions of the content lists (`POST /api/v1/{kind}/bulk`): the selection goes out in
 * requests of BULK_CHUNK items, one after another, so the progress can be shown and one request
 * never holds the database long; each answer has a result per item. No React.
 */
import { type ApiError, api, asApiError, type LocalisedText } from '../api';
import { fetchContentList } from './content-api';
import { type ContentKind, KIND_PATH } from './model';

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

/** Publishing and unpublishing need the publish right; the rest the edit right. */
export function actionsFor(kind: ContentKind, canPublish: boolean): BulkAction[] {
  return BULK_ACTIONS.filter(
    (a) =>
      (canPublish || (a !== 'publish' && a !== 'unpublish')) &&
      (a !== 'setCategory' || kind === 'spot' || kind === 'event'),
  );
}

/** An item as selected: the version the user saw is what the server checks. */
export interface BulkRef {
  id: string;
  version: number;
  title: string;
}

export interface BulkRequest {
  action: BulkAction;
  category?: string;
  tags?: string[];
}

interface ItemResult {
  id: string;
  outcome: 'done' | 'unchanged' | 'failed';
  error?: { status: number; code: string; message: LocalisedText };
}

export interface BulkFailure {
  id: string;
  title: string;
  message: LocalisedText;
}

export interface BulkOutcome {
  done: number;
  unchanged: number;
  failures: BulkFailure[];
}

export const BULK_CHUNK = 100;
/** Page size when selecting everything that matches the filters. */
const SELECT_PAGE = 200;

export function chunked<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Tags as typed: separated by 、 , or ，, trimmed, empty ones and repeats dropped. */
export function parseTagList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[、,，]/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * Runs the action on every selected item. A request refused as a whole (the session ended, the
 * right was withdrawn) marks its items failed with that reason, and the next requests still go.
 */
export async function runBulk(
  kind: ContentKind,
  request: BulkRequest,
  refs: readonly BulkRef[],
  onProgress: (done: number, total: number) => void,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: 0, unchanged: 0, failures: [] };
  const titles = new Map(refs.map((r) => [r.id, r.title]));
  let processed = 0;
  onProgress(0, refs.length);
  for (const chunk of chunked(refs, BULK_CHUNK)) {
    try {
      const answer = await api.post<{ results: ItemResult[] }>(`/${KIND_PATH[kind]}/bulk`, {
        ...request,
        items: chunk.map(({ id, version }) => ({ id, version })),
      });
      for (const r of answer.results) {
        if (r.outcome === 'done') outcome.done += 1;
        else if (r.outcome === 'unchanged') outcome.unchanged += 1;
        else
          outcome.failures.push({
            id: r.id,
            title: titles.get(r.id) ?? r.id,
            message: r.error?.message ?? { ja: '処理できませんでした。', en: 'It could not be processed.' },
          });
      }
    } catch (error) {
      const failed: ApiError = asApiError(error);
      for (const ref of chunk)
        outcome.failures.push({ id: ref.id, title: ref.title, message: failed.messages });
    }
    processed += chunk.length;
    onProgress(processed, refs.length);
  }
  return outcome;
}

/** Every item that matches the list's filters (all pages), with the version each has now. */
export async function selectAllMatching(kind: ContentKind, filterQuery: string): Promise<BulkRef[]> {
  const out: BulkRef[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(filterQuery);
    params.set('limit', String(SELECT_PAGE));
    if (cursor) params.set('cursor', cursor);
    const page = await fetchContentList(kind, params.toString());
    for (const item of page.items ?? []) out.push({ id: item.id, version: item.version, title: item.title });
    cursor = page.nextCursor ?? null;
  } while (cursor);
  return out;
}
