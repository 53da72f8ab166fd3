import { createHash } from 'node:crypto';
import { OrgLru } from '../cache/org-lru.js';

/** One stored answer: the body as sent and the headers that describe it. */
export interface CachedResponse {
  body: Buffer;
  headers: Record<string, string>;
  etag: string;
  /** Request header values the answer depends on (from its Vary); a lookup must match them. */
  vary: [name: string, value: string][];
  storedAt: number;
}

export interface ResponseCacheOptions {
  maxBytes: number;
  ttlMs: number;
  now?: () => number;
  /** Called for every entry dropped to make room (not for expiry or invalidation). */
  onEvict?: () => void;
  /**
   * How many storable answers a URL needs before it is stored (1: the first). From 2, a page
   * asked for once (a crawler walking every spot, a visitor from search on a rare page) is never
   * stored, so it neither pushes the popular answers out nor grows the node's memory.
   */
  admitAfter?: number;
}

/**
 * URLs remembered as seen but not yet stored: past either bound the memory starts again. The
 * bytes bound matters because a URL's query is the client's to choose (long unique URLs).
 */
const SEEN_MAX = 20_000;
const SEEN_MAX_BYTES = 4 * 1024 * 1024;

/** What a remembered URL takes: its characters (two bytes each at worst) and the Map slot. */
const seenSize = (key: string) => key.length * 2 + 64;

/** Bookkeeping per entry beyond the body: key, headers and the Map slot. */
const ENTRY_OVERHEAD_BYTES = 256;

/** Weak ETag from the body, for answers whose route did not set one. */
export function bodyEtag(body: Buffer): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** True when an If-None-Match header value names the ETag (weak comparison, as for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = bare(etag);
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === wanted);
}

/**
 * A per-node store of public answers (an OrgLru of answers): an answer with `Vary` matches only
 * requests with the same values of those headers.
 */
export class ResponseCache {
  private readonly store: OrgLru<Omit<CachedResponse, 'storedAt'>>;
  private readonly admitAfter: number;
  /** Storable answers seen per URL not stored yet (admitAfter > 1). */
  private readonly seen = new Map<string, number>();
  private seenBytes = 0;

  constructor(options: ResponseCacheOptions) {
    this.store = new OrgLru(options);
    this.admitAfter = options.admitAfter ?? 1;
  }

  /**
   * Counts a storable answer for `key`; true when it is the one to store (the admitAfter-th).
   * The count is per node and forgotten past SEEN_MAX URLs or SEEN_MAX_BYTES, so an answer is
   * stored at worst a little later, never wrongly.
   */
  admit(key: string): boolean {
    if (this.admitAfter <= 1) return true;
    const count = (this.seen.get(key) ?? 0) + 1;
    if (count >= this.admitAfter) {
      if (this.seen.delete(key)) this.seenBytes -= seenSize(key);
      return true;
    }
    if (count === 1) {
      if (this.seen.size >= SEEN_MAX || this.seenBytes + seenSize(key) > SEEN_MAX_BYTES) {
        this.seen.clear();
        this.seenBytes = 0;
      }
      this.seenBytes += seenSize(key);
    }
    this.seen.set(key, count);
    return false;
  }

  get size(): number {
    return this.store.size;
  }

  get totalBytes(): number {
    return this.store.totalBytes;
  }

  get enabled(): boolean {
    return this.store.enabled;
  }

  /** The organisation's generation now; pass it to set() so a stale read is not stored. */
  generation(org: string): number {
    return this.store.generation(org);
  }

  get(key: string, header: (name: string) => string | undefined): CachedResponse | undefined {
    const hit = this.store.get(key);
    if (!hit) return undefined;
    if (!hit.value.vary.every(([name, value]) => (header(name) ?? '') === value)) return undefined;
    return { ...hit.value, storedAt: hit.storedAt };
  }

  /** Stores unless the organisation was invalidated since `generation` or the answer is too big. */
  set(key: string, org: string, generation: number, response: Omit<CachedResponse, 'storedAt'>): boolean {
    let size = ENTRY_OVERHEAD_BYTES + key.length * 2 + response.body.length;
    for (const [name, value] of Object.entries(response.headers)) size += (name.length + value.length) * 2;
    return this.store.set(key, org, generation, response, size);
  }

  /** Counts `bytes` more for the entry under key while it still holds `body` (its compressed copies). */
  grow(key: string, body: Buffer, bytes: number): void {
    this.store.grow(key, bytes, (value) => value.body === body);
  }

  /** Drops every entry of the organisation; returns how many. */
  invalidate(org: string): number {
    return this.store.invalidate(org);
  }

  /** Drops everything (a change whose organisations are not known, or missed invalidations). */
  clear(): void {
    this.store.clear();
  }
}
