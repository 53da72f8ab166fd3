/**
 * A per-node limit on heavy work (decoding and re-encoding images, remuxing videos, parsing
 * PDFs). Each of these holds a whole decoded file in memory; twenty at once would take a node
 * past its memory. Work beyond the limit waits in arrival order, and a waiting caller's place is
 * readable by its key so the console can say "waiting, n ahead" instead of a silent spinner.
 */
export type QueuePlace = { state: 'waiting'; ahead: number } | { state: 'running' };

interface Waiter {
  slot: symbol;
  key: string | undefined;
  start: () => void;
}

export class WorkQueue {
  private running = new Map<symbol, string | undefined>();
  private waiting: Waiter[] = [];

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be ≥ 1');
  }

  /** Runs `work` when a slot is free; the slot is released however `work` ends. */
  async run<T>(key: string | undefined, work: () => Promise<T>): Promise<T> {
    const slot = Symbol('slot');
    if (this.running.size >= this.concurrency) {
      // The finishing work hands its slot over directly, so no newcomer can take it in between.
      await new Promise<void>((start) => this.waiting.push({ slot, key, start }));
    } else {
      this.running.set(slot, key);
    }
    try {
      return await work();
    } finally {
      this.running.delete(slot);
      const next = this.waiting.shift();
      if (next) {
        this.running.set(next.slot, next.key);
        next.start();
      }
    }
  }

  /** Where the work of `key` is: running, waiting with n ahead, or null (unknown or finished). */
  place(key: string): QueuePlace | null {
    for (const running of this.running.values()) if (running === key) return { state: 'running' };
    const index = this.waiting.findIndex((waiter) => waiter.key === key);
    return index < 0 ? null : { state: 'waiting', ahead: index };
  }

  stats(): { running: number; waiting: number; concurrency: number } {
    return { running: this.running.size, waiting: this.waiting.length, concurrency: this.concurrency };
  }
}
