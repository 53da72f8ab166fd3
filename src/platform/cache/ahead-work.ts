import { WorkQueue } from '../work-queue.js';

/**
 * Work a node does ahead for one held object (an organisation's published model) and one
 * language once that language has been asked for `after` times on it: pages rendered ahead,
 * API answers serialised in a further language. Counts and refusals live with the object (weakly
 * held), so a new model starts from zero. One job at a time per node (it is CPU, and requests
 * wait behind each slice), and a job already queued is not queued again.
 */
export class AheadWork<T extends object> {
  private readonly counts = new WeakMap<T, Map<string, number>>();
  /** Languages whose work found no room: not tried again for this object. */
  private readonly refused = new WeakMap<T, Set<string>>();
  private readonly queue = new WorkQueue(1);
  private readonly queued = new Set<string>();

  constructor(
    private readonly after: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * Counts one request for `lang` on `target`; at the `after`-th and later, queues `work` under
   * `job` unless it is queued or was refused. `work` resolves false when its result found no room.
   */
  count(target: T, lang: string, job: string, work: () => Promise<boolean>): void {
    if (this.after === 0) return;
    const counts = this.counts.get(target) ?? new Map<string, number>();
    this.counts.set(target, counts);
    const seen = (counts.get(lang) ?? 0) + 1;
    counts.set(lang, seen);
    if (seen < this.after || this.refused.get(target)?.has(lang) || this.queued.has(job)) return;
    this.queued.add(job);
    void this.queue
      .run(undefined, work)
      .then((kept) => {
        if (kept) return;
        const refused = this.refused.get(target) ?? new Set<string>();
        this.refused.set(target, refused.add(lang));
      })
      .catch(this.onError)
      .finally(() => this.queued.delete(job));
  }
}
