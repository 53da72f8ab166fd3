/**
 * Photos of content items: pure helpers for the photo field (library search, reordering) and the
 * one API call it adds (alt text only, so nothing else of the file is overwritten). No React.
 */
import { api } from './api';
import type { MediaItem, MediaText } from './media';

/** Every word of the query must appear in the file name, an alt text or a tag (case-insensitive). */
export function matchesLibrarySearch(
  item: Pick<MediaItem, 'originalName' | 'alt' | 'tags'>,
  query: string,
): boolean {
  const words = query.normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [item.originalName, ...Object.values(item.alt), ...(item.tags ?? [])]
    .join(' ')
    .normalize('NFKC')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** The list with the element at `from` moved to `to` (both in range; otherwise unchanged). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  if (from < 0 || from >= next.length || to < 0 || to >= next.length) return next;
  const [moved] = next.splice(from, 1) as [T];
  next.splice(to, 0, moved);
  return next;
}

/** Saves a file's alt texts (every language at once; empty ones left out). */
export function saveAltText(id: string, alt: MediaText): Promise<unknown> {
  return api.patch<unknown>(`/media/${encodeURIComponent(id)}`, { alt });
}
