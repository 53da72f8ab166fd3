/**
 * Look-ups by key that wait a moment and go to the database together, one statement for many
 * keys: the background checks of a node serving a thousand organisations (their look-ups, the
 * versions of what it holds of them) would otherwise be a statement each, every TTL, and keep the
 * database and the node's main thread busier than the reads they keep current.
 */
export interface KeyedBatchOptions<V> {
  /** How long the first key of a batch waits for others. */
  windowMs: number;
  /** Keys per statement at most; a full batch goes at once. */
  max: number;
  /** The values of `keys` (a key it has no value for is absent from the map). */
  load: (keys: string[]) => Promise<Map<string, V>>;
}

interface Waiting<V> {
  resolve: (value: V | undefined) => void;
  reject: (error: unknown) => void;
}

export class KeyedBatch<V> {
  private due = new Map<string, Waiting<V>[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: KeyedBatchOptions<V>) {}

  /** The key's value as the next batch reads it; undefined when it has none. */
  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.due.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.due.set(key, [{ resolve, reject }]);
      if (this.due.size >= this.options.max) this.flush();
      else if (!this.timer) {
        this.timer = setTimeout(() => this.flush(), this.options.windowMs);
        // A batch in wait does not keep a stopping process alive.
        this.timer.unref();
      }
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.due;
    this.due = new Map();
    if (batch.size === 0) return;
    this.options.load([...batch.keys()]).then(
      (values) => {
        for (const [key, waiting] of batch) for (const w of waiting) w.resolve(values.get(key));
      },
      (error: unknown) => {
        for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
      },
    );
  }
}
