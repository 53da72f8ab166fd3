/**
 * Counts reads per key within a window from the first (the published model's and tier's "load at
 * the n-th read within so long"): a key read a few times an hour never reaches the count, however
 * many reads add up over a day. Bounded: forgotten all at once past `maxKeys`.
 */
export class ReadsInWindow {
  private readonly seen = new Map<string, { reads: number; since: number }>();

  constructor(
    private readonly options: { after: number; windowMs: number; maxKeys: number; now: () => number },
  ) {}

  /** Counts a read of `key`; true when it is the `after`-th within the window. */
  count(key: string): boolean {
    if (this.options.after <= 1) return true;
    const now = this.options.now();
    const last = this.seen.get(key);
    const seen =
      last && now - last.since < this.options.windowMs
        ? { reads: last.reads + 1, since: last.since }
        : { reads: 1, since: now };
    if (this.seen.size >= this.options.maxKeys) this.seen.clear();
    this.seen.set(key, seen);
    return seen.reads >= this.options.after;
  }

  forget(key: string): void {
    this.seen.delete(key);
  }
}
