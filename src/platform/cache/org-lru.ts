/**
 * A per-node store bounded by bytes: least recently used out first once the budget is spent,
 * each entry expiring after the TTL (a safety net: changes invalidate explicitly), and an index
 * organisation → keys so one organisation's change drops exactly its entries. A generation per
 * organisation lets a reader that went to the database before an invalidation refuse to store
 * what it read. The public response cache and the published-data cache are both one of these.
 */
export interface OrgLruOptions {
  maxBytes: number;
  ttlMs: number;
  now?: () => number;
  /** Called for every entry dropped to make room (not for expiry or invalidation). */
  onEvict?: () => void;
}

interface Slot<V> {
  key: string;
  org: string;
  value: V;
  size: number;
  storedAt: number;
  expiresAt: number;
}

export class OrgLru<V> {
  private readonly entries = new Map<string, Slot<V>>();
  private readonly byOrg = new Map<string, Set<string>>();
  private readonly generations = new Map<string, number>();
  /** Bumped by clear(); part of every organisation's generation. */
  private epoch = 0;
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: OrgLruOptions) {
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

  /** The live entry under key (and when it was stored), moved to the recent end. */
  get(key: string): { value: V; storedAt: number } | undefined {
    const slot = this.entries.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= this.now()) {
      this.remove(slot);
      return undefined;
    }
    // Map order is the recency order: move the hit to the end.
    this.entries.delete(key);
    this.entries.set(key, slot);
    return slot;
  }

  /**
   * The live entry under key, left where it is in the recency order: a look by work about the
   * entry (is it still held?), not a use of it.
   */
  peek(key: string): { value: V; storedAt: number } | undefined {
    const slot = this.entries.get(key);
    return slot && slot.expiresAt > this.now() ? slot : undefined;
  }

  /** Stores unless the organisation was invalidated since `generation` or the value is too big. */
  set(key: string, org: string, generation: number, value: V, size: number): boolean {
    if (!this.enabled || generation !== this.generation(org)) return false;
    // One entry may take at most an eighth of the budget, so a large one cannot flush the rest.
    if (size > this.options.maxBytes / 8) return false;
    const old = this.entries.get(key);
    if (old) this.remove(old);
    const storedAt = this.now();
    this.entries.set(key, { key, org, value, size, storedAt, expiresAt: storedAt + this.options.ttlMs });
    let keys = this.byOrg.get(org);
    if (!keys) {
      keys = new Set();
      this.byOrg.set(org, keys);
    }
    keys.add(key);
    this.bytes += size;
    this.evictOverBudget();
    return true;
  }

  private evictOverBudget(): void {
    while (this.bytes > this.options.maxBytes) {
      const oldest = this.entries.values().next().value as Slot<V> | undefined;
      if (!oldest) break;
      this.remove(oldest);
      this.options.onEvict?.();
    }
  }

  /**
   * Counts `bytes` more for the live entry under key whose value `is` accepts (memory it gained
   * after it was stored), dropping the least recently used entries while over the budget.
   */
  grow(key: string, bytes: number, is: (value: V) => boolean): void {
    const slot = this.entries.get(key);
    if (!slot || !is(slot.value)) return;
    slot.size += bytes;
    this.bytes += bytes;
    this.evictOverBudget();
  }

  /** Restarts the TTL of the live entry under key whose value `is` accepts (confirmed current). */
  renew(key: string, is: (value: V) => boolean): void {
    const slot = this.entries.get(key);
    if (slot && slot.expiresAt > this.now() && is(slot.value))
      slot.expiresAt = this.now() + this.options.ttlMs;
  }

  /** When the least recently used entry was stored (the next to go when room is needed). */
  leastRecentStoredAt(): number | undefined {
    for (const slot of this.entries.values()) return slot.storedAt;
    return undefined;
  }

  /** The bytes counted for the entry under key, or undefined when there is none. */
  sizeOf(key: string): number | undefined {
    return this.entries.get(key)?.size;
  }

  /** Drops every entry of the organisation; returns how many. */
  invalidate(org: string): number {
    this.generations.set(org, (this.generations.get(org) ?? 0) + 1);
    const keys = this.byOrg.get(org);
    if (!keys) return 0;
    let dropped = 0;
    for (const key of [...keys]) {
      const slot = this.entries.get(key);
      if (slot) {
        this.remove(slot);
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

  private remove(slot: Slot<V>): void {
    this.entries.delete(slot.key);
    this.bytes -= slot.size;
    const keys = this.byOrg.get(slot.org);
    if (keys) {
      keys.delete(slot.key);
      if (keys.size === 0) this.byOrg.delete(slot.org);
    }
  }
}
