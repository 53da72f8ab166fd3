import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.js';
import { asOrganisation, withScope } from '../../db/scope.js';
import { jstDate } from '../../platform/time/jst.js';
import { addApiRequests } from './capacity.repo.js';

/**
 * API requests per organisation and day, counted cheaply: each node adds to a map in memory and
 * adds the map to tenant.api_requests_daily every interval and when it shuts down (an upsert
 * that adds, so nodes never overwrite each other). A node that crashes loses at most one
 * interval of counts; a failed flush keeps its counts for the next one.
 */
export class ApiRequestCounter {
  /** `${day}\0${org}` → requests not yet written. */
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Database) {}

  count(org: string, now = new Date()): void {
    const key = `${jstDate(now)}\0${org}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
  }

  /**
   * Writes what was counted since the last flush, one short transaction per organisation and
   * day; answers how many requests it wrote. Counts that could not be written wait for the next
   * flush, except those of an organisation that no longer exists (purged meanwhile).
   */
  async flush(): Promise<number> {
    const batch = this.pending;
    this.pending = new Map();
    let written = 0;
    let failure: unknown;
    for (const [key, n] of batch) {
      const [day, org] = key.split('\0') as [string, string];
      try {
        await withScope(this.db, { kind: 'provider' }, (tx) =>
          asOrganisation(tx, org, () => addApiRequests(tx, org, day, n)),
        );
        written += n;
      } catch (error) {
        if ((error as { code?: string }).code === '23503') continue;
        this.pending.set(key, (this.pending.get(key) ?? 0) + n);
        failure ??= error;
      }
    }
    if (failure) throw failure;
    return written;
  }

  start(intervalMs: number, log: FastifyInstance['log']): void {
    this.timer = setInterval(() => {
      this.flush().catch((error: unknown) =>
        log.warn({ error: String(error) }, 'API request counts not written'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** A request counts when it reached an organisation's API route (its service code is known). */
export function installApiRequestCounting(app: FastifyInstance, counter: ApiRequestCounter): void {
  app.addHook('onResponse', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (request.serviceCode && route?.startsWith('/api/')) counter.count(request.serviceCode);
    done();
  });
}
