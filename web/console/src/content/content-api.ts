/** The console API of the tourism content (spots, events, courses, articles). */
import { api } from '../api';
import { jstDayEndExclusiveIso, jstDayStartIso } from '../jst';
import {
  type ContentDataByKind,
  type ContentItem,
  type ContentKind,
  type ContentStatus,
  type ContentSummary,
  type FieldChange,
  KIND_PATH,
  type RevisionSummary,
} from './model';

const base = (kind: ContentKind) => `/${KIND_PATH[kind]}`;
const one = (kind: ContentKind, id: string) => `${base(kind)}/${encodeURIComponent(id)}`;

/** The list filters as the form holds them; dates are JST calendar days. */
export interface ContentListFilters {
  q: string;
  category: string;
  tag: string;
  status: ContentStatus | '';
  updatedFromDate: string;
  updatedToDate: string;
}

export const EMPTY_LIST_FILTERS: ContentListFilters = {
  q: '',
  category: '',
  tag: '',
  status: '',
  updatedFromDate: '',
  updatedToDate: '',
};

/** The list query (without `?`): empty filters left out, the updated period as UTC instants. */
export function listQueryString(
  filters: ContentListFilters,
  page: { cursor?: string; limit?: number } = {},
): string {
  const params = new URLSearchParams();
  const q = filters.q.trim();
  if (q) params.set('q', q);
  if (filters.category) params.set('category', filters.category);
  if (filters.tag.trim()) params.set('tag', filters.tag.trim());
  if (filters.status) params.set('status', filters.status);
  const from = filters.updatedFromDate ? jstDayStartIso(filters.updatedFromDate) : undefined;
  const to = filters.updatedToDate ? jstDayEndExclusiveIso(filters.updatedToDate) : undefined;
  if (from) params.set('updatedFrom', from);
  if (to) params.set('updatedTo', to);
  if (page.cursor) params.set('cursor', page.cursor);
  if (page.limit) params.set('limit', String(page.limit));
  return params.toString();
}

export function fetchContentList(
  kind: ContentKind,
  query: string,
): Promise<{ items: ContentSummary[]; nextCursor: string | null }> {
  return api.get(`${base(kind)}${query ? `?${query}` : ''}`);
}

export function fetchContentItem<K extends ContentKind>(
  kind: K,
  id: string,
): Promise<ContentItem<ContentDataByKind[K]>> {
  return api.get(one(kind, id));
}

export function createContentItem<K extends ContentKind>(
  kind: K,
  data: ContentDataByKind[K],
): Promise<ContentItem<ContentDataByKind[K]>> {
  return api.post(base(kind), data);
}

export function saveContentItem<K extends ContentKind>(
  kind: K,
  id: string,
  version: number,
  data: ContentDataByKind[K],
): Promise<ContentItem<ContentDataByKind[K]>> {
  return api.put(one(kind, id), { version, data });
}

export type WorkflowTransition = 'submit' | 'withdraw' | 'publish' | 'unpublish';

export function transitionContentItem<K extends ContentKind>(
  kind: K,
  id: string,
  transition: WorkflowTransition,
  version: number,
): Promise<ContentItem<ContentDataByKind[K]>> {
  return api.post(`${one(kind, id)}/${transition}`, { version });
}

/** Schedules publishing and/or unpublishing (UTC ISO instants; null clears). */
export function scheduleContentItem<K extends ContentKind>(
  kind: K,
  id: string,
  input: { version: number; publishAt: string | null; unpublishAt: string | null },
): Promise<ContentItem<ContentDataByKind[K]>> {
  return api.put(`${one(kind, id)}/schedule`, input);
}

export function deleteContentItem(kind: ContentKind, id: string, version: number): Promise<unknown> {
  return api.delete(`${one(kind, id)}?version=${version}`);
}

export function fetchRevisions(kind: ContentKind, id: string): Promise<{ items: RevisionSummary[] }> {
  return api.get(`${one(kind, id)}/revisions`);
}

export function fetchRevisionDiff(
  kind: ContentKind,
  id: string,
  from: number,
  to: number,
): Promise<{ from: number; to: number; changes: FieldChange[] }> {
  return api.get(`${one(kind, id)}/revisions/diff?from=${from}&to=${to}`);
}

export function restoreRevision<K extends ContentKind>(
  kind: K,
  id: string,
  revision: number,
  version: number,
): Promise<ContentItem<ContentDataByKind[K]>> {
  return api.post(`${one(kind, id)}/revisions/${revision}/restore`, { version });
}

/** Spots found by a search, for the pickers (course stops, event venue, related spots). */
/** The most ids one `?ids=` lookup takes (the server's limit). */
export const SPOT_LOOKUP_MAX = 100;

/** The organisation's spots with these ids, in one request; unknown ids are simply absent. */
export async function fetchSpotsByIds(ids: readonly string[]): Promise<ContentSummary[]> {
  const params = new URLSearchParams({ ids: ids.join(',') });
  const answer = await fetchContentList('spot', params.toString());
  return answer.items ?? [];
}

export async function searchSpots(q: string, limit = 10): Promise<ContentSummary[]> {
  const answer = await fetchContentList('spot', listQueryString({ ...EMPTY_LIST_FILTERS, q }, { limit }));
  return answer.items ?? [];
}
