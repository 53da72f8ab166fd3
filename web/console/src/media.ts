/**
 * Media library (写真・動画・PDF): answer shapes, API calls and pure helpers for the メディア page.
 * The helpers (sizes, accepted types, per-file upload results) have no DOM and no React.
 */
import { API_BASE, type ApiError, api, CSRF_HEADER, networkError, readCsrfToken, toApiError } from './api';
import { LANGUAGES, type Language } from './content/model';
import type { Lang, MessageKey, TFunction } from './i18n';
import './i18n-media';

export const MEDIA_KINDS = ['image', 'video', 'pdf'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** Text per content language; a language may be missing. */
export type MediaText = Partial<Record<Language, string>>;

export interface MediaItem {
  id: string;
  kind: MediaKind;
  mime: string;
  originalName: string;
  sizeBytes: number;
  sha256: string;
  alt: MediaText;
  caption?: MediaText | undefined;
  credit?: string | null | undefined;
  licence?: string | null | undefined;
  tags?: string[] | undefined;
  createdAt: string;
  /** Images: pixel size after auto-orientation; videos: the size a player shows. */
  width?: number | null | undefined;
  height?: number | null | undefined;
  /** Videos: the duration in milliseconds. */
  durationMs?: number | null | undefined;
  /** Images: the WebP renditions that exist (w320 always; larger ones only without upscaling). */
  derivatives?: { variant: string; width: number; height: number; sizeBytes: number }[] | undefined;
  /** Only in the detail answer: content items whose working or live copy shows the file. */
  usedBy?: MediaUse[] | undefined;
}

/** A content item that shows a media file. */
export interface MediaUse {
  kind: 'spot' | 'event' | 'course' | 'article';
  id: string;
  title: string;
}

export interface MediaPatch {
  alt: MediaText;
  caption: MediaText;
  credit: string;
  licence: string;
  tags: string[];
}

export const MEDIA_LANGS = LANGUAGES;

const MB = 1024 * 1024;

/** What the server accepts: type by content, with the size limit of each kind. */
export const ACCEPTED_TYPES: readonly { mime: string; ext: string; kind: MediaKind; maxBytes: number }[] = [
  { mime: 'image/jpeg', ext: '.jpg,.jpeg', kind: 'image', maxBytes: 20 * MB },
  { mime: 'image/png', ext: '.png', kind: 'image', maxBytes: 20 * MB },
  { mime: 'image/webp', ext: '.webp', kind: 'image', maxBytes: 20 * MB },
  { mime: 'image/gif', ext: '.gif', kind: 'image', maxBytes: 20 * MB },
  { mime: 'image/avif', ext: '.avif', kind: 'image', maxBytes: 20 * MB },
  { mime: 'video/mp4', ext: '.mp4', kind: 'video', maxBytes: 500 * MB },
  { mime: 'video/webm', ext: '.webm', kind: 'video', maxBytes: 500 * MB },
  { mime: 'application/pdf', ext: '.pdf', kind: 'pdf', maxBytes: 50 * MB },
];

/** The `accept` attribute of the file input. */
export const ACCEPT_ATTRIBUTE = ACCEPTED_TYPES.flatMap((a) => [a.mime, ...a.ext.split(',')]).join(',');

export function isMediaKind(value: unknown): value is MediaKind {
  return typeof value === 'string' && (MEDIA_KINDS as readonly string[]).includes(value);
}

/** A byte count for people: 「512 B」「12.3 KB」「4.5 MB」「1.2 GB」. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * MB) return `${(bytes / MB).toFixed(1)} MB`;
  return `${(bytes / (1024 * MB)).toFixed(1)} GB`;
}

/** A video's duration for people: 「0:07」「12:34」「1:02:03」. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/**
 * A quick check before sending, from the browser's idea of the type and the size. The server
 * decides (it reads the content); this only spares a long upload that is sure to be refused.
 * An unknown browser type (''): let the server judge.
 */
export function precheckFile(file: { type: string; size: number }): 'type' | 'size' | undefined {
  if (file.type === '') return undefined;
  const accepted = ACCEPTED_TYPES.find((a) => a.mime === file.type.toLowerCase());
  if (!accepted) return 'type';
  return file.size > accepted.maxBytes ? 'size' : undefined;
}

/** Items of one kind, or all of them; newest first. */
export function filterMedia(items: readonly MediaItem[], kind: MediaKind | 'all'): MediaItem[] {
  return items
    .filter((item) => kind === 'all' || item.kind === kind)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Comma- or 、-separated tags, trimmed, without blanks or repeats: as content tags are typed. */
export { parseTags } from './content/prepare';

/** Drops empty languages so the server stores no blank strings. */
export function compactText(text: MediaText): MediaText {
  const out: MediaText = {};
  for (const lang of MEDIA_LANGS) {
    const value = text[lang]?.trim();
    if (value) out[lang] = value;
  }
  return out;
}

/** Images need Japanese alternative text (JIS X 8341-3 / WCAG 1.1.1). */
export function needsAltWarning(item: Pick<MediaItem, 'kind'>, alt: MediaText): boolean {
  return item.kind === 'image' && !alt.ja?.trim();
}

// ---------------------------------------------------------------------------------------------
// Per-file upload results

export type UploadOutcome =
  | { kind: 'stored'; item: MediaItem | undefined }
  | { kind: 'infected'; signature: string | undefined; message: string }
  | { kind: 'refused'; code: string; message: string };

/** The outcome of one file from the server's answer (a success body, or the ApiError). */
export function uploadOutcome(result: { item: MediaItem | undefined } | ApiError, lang: Lang): UploadOutcome {
  if (!('status' in result)) return { kind: 'stored', item: result.item };
  if (result.status === 422 && result.code === 'infected') {
    const signature = result.details?.signature;
    return {
      kind: 'infected',
      signature: typeof signature === 'string' && signature !== '' ? signature : undefined,
      message: result.messageIn(lang),
    };
  }
  return { kind: 'refused', code: result.code, message: result.messageIn(lang) };
}

/** The line shown under a file: 「ウイルス検査済み・登録しました」 and so on. */
export function uploadOutcomeText(outcome: UploadOutcome, t: TFunction): string {
  switch (outcome.kind) {
    case 'stored':
      return t('media.upload.stored');
    case 'infected': {
      const head = t('media.upload.infected', {
        signature: outcome.signature ?? t('media.upload.unknownSignature'),
      });
      return outcome.message ? `${head} ${outcome.message}` : head;
    }
    case 'refused':
      return outcome.message;
  }
}

export const KIND_LABEL_KEYS: Record<MediaKind, MessageKey> = {
  image: 'media.kind.image',
  video: 'media.kind.video',
  pdf: 'media.kind.pdf',
};

// ---------------------------------------------------------------------------------------------
// API

/** The file, or its WebP derivative of a nominal width (images; the largest that exists up to it). */
export function mediaContentUrl(id: string, variant?: 'w320' | 'w800' | 'w1600'): string {
  return `${API_BASE}/media/${encodeURIComponent(id)}/content${variant ? `?variant=${variant}` : ''}`;
}

/** A small picture for grids: the 320 px derivative when there is one. */
export function mediaThumbnailUrl(item: MediaItem): string {
  return mediaContentUrl(item.id, item.derivatives?.length ? 'w320' : undefined);
}

export function fetchMediaItem(id: string): Promise<MediaItem> {
  return api.get<MediaItem>(`/media/${encodeURIComponent(id)}`);
}

/** Where-used list carried by a 409 media_in_use answer. */
export function usedByOf(error: ApiError | undefined): MediaUse[] | undefined {
  if (error?.code !== 'media_in_use') return undefined;
  const list = error.details?.usedBy;
  return Array.isArray(list) ? (list as MediaUse[]) : undefined;
}

export function fetchMedia(): Promise<{ items: MediaItem[] }> {
  return api.get<{ items: MediaItem[] }>('/media');
}

export function updateMedia(id: string, patch: MediaPatch): Promise<MediaItem | undefined> {
  return api.patch<MediaItem | undefined>(`/media/${encodeURIComponent(id)}`, patch);
}

/** Deletes a file; in use, the server refuses (409 media_in_use) unless detach is true. */
export function deleteMedia(id: string, detach = false): Promise<unknown> {
  return api.delete<unknown>(`/media/${encodeURIComponent(id)}${detach ? '?detach=true' : ''}`);
}

/** The answer to a successful upload: the item, at the top level or under `item`. */
export function readUploadedItem(json: unknown): MediaItem | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  const candidate = typeof record.item === 'object' && record.item !== null ? record.item : record;
  const item = candidate as Partial<MediaItem>;
  return typeof item.id === 'string' && isMediaKind(item.kind) ? (item as MediaItem) : undefined;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sends one file as multipart/form-data (field `file`) with XMLHttpRequest, so the page can show
 * how much has been sent. `onProgress` gets 0–1; `onSent` fires when every byte is sent and the
 * server is checking the file. Resolves with the stored item; rejects with an ApiError.
 */
export function uploadMediaFile(
  file: File,
  handlers: {
    onProgress?: (fraction: number) => void;
    onSent?: () => void;
    /** While the server works on others' files first: how many are ahead (null: being processed). */
    onWaiting?: (ahead: number | null) => void;
    signal?: AbortSignal;
  } = {},
): Promise<{ item: MediaItem | undefined }> {
  const uploadId = crypto.randomUUID();
  let watching: ReturnType<typeof setInterval> | undefined;
  const stopWatching = () => clearInterval(watching);
  return new Promise<{ item: MediaItem | undefined }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}/media`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-upload-id', uploadId);
    const token = readCsrfToken(typeof document === 'undefined' ? '' : document.cookie);
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) handlers.onProgress?.(event.loaded / event.total);
    };
    xhr.upload.onload = () => {
      handlers.onProgress?.(1);
      handlers.onSent?.();
      if (handlers.onWaiting) watching = setInterval(() => askPlace(uploadId, handlers.onWaiting), 1000);
    };
    xhr.onload = () => {
      const json = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve({ item: readUploadedItem(json) });
      else reject(toApiError(xhr.status, json, xhr.getResponseHeader('retry-after')));
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(networkError());
    handlers.signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  }).finally(stopWatching);
}

/** The upload's place in the server's processing queue; unknown (another node, finished) reads as "processing". */
async function askPlace(uploadId: string, onWaiting: ((ahead: number | null) => void) | undefined) {
  const place = await api
    .get<{ state: 'waiting' | 'running'; ahead?: number }>(`/media/uploads/${uploadId}`)
    .catch(() => undefined);
  onWaiting?.(place?.state === 'waiting' ? (place.ahead ?? 0) : null);
}
