import { createHash } from 'node:crypto';

/** One stored answer: the body as sent and the headers that describe it. */
export interface CachedResponse {
  body: Buffer;
  headers: Record<string, string>;
  etag: string;
  /** Request header values the answer depends on (from its Vary); a lookup must match them. */
  vary: [name: string, value: string][];
  storedAt: number;
}

interface Entry extends CachedResponse {
  key: string;
  org: string;
  size: number;
  expiresAt: number;
}

export interface ResponseCacheOptions {
  maxBytes: number;
  ttlMs: number;
  now?: () => number;
  /** Called for every entry dropped to make room (not for expiry or invalidation). */
  onEvict?: () => void;
}

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
 * A per-node store of public answers: least recently used out first once the byte budget is
 * spent, each entry expiring after the TTL (a safety net: publishing invalidates explicitly),
 * and an index organisation → keys so one organisation's change drops exactly its entries.
 * A generation per organisation lets a request that read the database before an invalidation
 * refuse to store what it read.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byOrg = new Map<string, Set<string>>();
  private readonly generations = new Map<string, number>();
  /** Bumped by clear(); part of every organisation's generation. */
  private epoch = 0;
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: ResponseCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get enabled(): boolean {
    return this.options.maxBytes > 0;
  }

  /** The organisation's generation now; pass it to set() so a stale read is not stored. */
  generation(org: string): number {
    // Both counters only grow, so any invalidation changes the sum.
    return this.epoch + (this.generations.get(org) ?? 0);
  }

  get(key: string, header: (name: string) => string | undefined): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(entry);
      return undefined;
    }
    if (!entry.vary.every(([name, value]) => (header(name) ?? '') === value)) return undefined;
    // Map order is the recency order: move the hit to the end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Stores unless the organisation was invalidated since `generation` or the answer is too big. */
  set(key: string, org: string, generation: number, response: Omit<CachedResponse, 'storedAt'>): boolean {
    if (!this.enabled || generation !== this.generation(org)) return false;
    let size = ENTRY_OVERHEAD_BYTES + key.length * 2 + response.body.length;
    for (const [name, value] of Object.entries(response.headers)) size += (name.length + value.length) * 2;
    // One answer may take at most an eighth of the budget, so a large file cannot flush the rest.
    if (size > this.options.maxBytes / 8) return false;
    const old = this.entries.get(key);
    if (old) this.remove(old);
    const storedAt = this.now();
    const entry: Entry = { ...response, key, org, size, storedAt, expiresAt: storedAt + this.options.ttlMs };
    this.entries.set(key, entry);
    let keys = this.byOrg.get(org);
    if (!keys) {
      keys = new Set();
      this.byOrg.set(org, keys);
    }
    keys.add(key);
    this.bytes += size;
    while (this.bytes > this.options.maxBytes) {
      const oldest = this.entries.values().next().value as Entry | undefined;
      if (!oldest) break;
      this.remove(oldest);
      this.options.onEvict?.();
    }
    return true;
  }

  /** Drops every entry of the organisation; returns how many. */
  invalidate(org: string): number {
    this.generations.set(org, (this.generations.get(org) ?? 0) + 1);
    const keys = this.byOrg.get(org);
    if (!keys) return 0;
    let dropped = 0;
    for (const key of [...keys]) {
      const entry = this.entries.get(key);
      if (entry) {
        this.remove(entry);
        dropped += 1;
      }
    }
    this.byOrg.delete(org);
    return dropped;
  }

  /** Drops everything (a change whose organisations are not known, or missed invalidations). */
  clear(): void {
    this.epoch += 1;
    this.entries.clear();
    this.byOrg.clear();
    this.bytes = 0;
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.key);
    this.bytes -= entry.size;
    const keys = this.byOrg.get(entry.org);
    if (keys) {
      keys.delete(entry.key);
      if (keys.size === 0) this.byOrg.delete(entry.org);
    }
  }
}
