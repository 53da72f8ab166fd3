import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.js';
import { eachOrganisation, ORGANISATIONS_PER_TRANSACTION, withScope } from '../../db/scope.js';
import { jstDate, jstDateTime } from '../../platform/time/jst.js';
import { addApiRequests } from './capacity.repo.js';

const DAY_MS = 86_400_000;

/**
 * API requests per organisation and day, counted cheaply: each node adds to a map in memory and
 * adds the map to tenant.api_requests_daily every interval and when it shuts down (an upsert
 * that adds, so nodes never overwrite each other). A node that crashes loses at most one
 * interval of counts; a failed flush keeps its counts for the next one.
 */
export class ApiRequestCounter {
  /** JST day → organisation → requests not yet written. */
  private pending = new Map<string, Map<string, number>>();
  private timer: NodeJS.Timeout | undefined;
  /** The counts of the JST day that ends at `dayEndsAt` (ms): found without formatting a date. */
  private today: Map<string, number> | undefined;
  private dayEndsAt = 0;

  constructor(private readonly db: Database) {}

  count(org: string, now = Date.now()): void {
    if (now >= this.dayEndsAt || now < this.dayEndsAt - DAY_MS || !this.today) {
      const day = jstDate(new Date(now));
      this.dayEndsAt = jstDateTime(day, '24:00').getTime();
      this.today = this.pending.get(day) ?? new Map();
      this.pending.set(day, this.today);
    }
    this.today.set(org, (this.today.get(org) ?? 0) + 1);
  }

  /**
   * Writes what was counted since the last flush, a chunk of organisations of a day per
   * transaction (ORGANISATIONS_PER_TRANSACTION, two statements each); answers how many requests
   * it wrote. Counts that could not be written wait for the next flush, except those of an
   * organisation that no longer exists (purged meanwhile: eachOrganisation leaves it out).
   */
  async flush(): Promise<number> {
    const batch = this.pending;
    this.pending = new Map();
    this.today = undefined;
    let written = 0;
    let failure: unknown;
    for (const [day, counts] of batch) {
      // Sorted: two nodes' transactions lock the organisations' rows in the same order (no deadlock).
      const orgs = [...counts.keys()].sort();
      const chunk = ORGANISATIONS_PER_TRANSACTION[this.db.kind];
      for (let from = 0; from < orgs.length; from += chunk) {
        const some = orgs.slice(from, from + chunk);
        try {
          written += await withScope(this.db, { kind: 'provider' }, async (tx) => {
            let n = 0;
            await eachOrganisation(tx, some, async (org) => {
              await addApiRequests(tx, org, day, counts.get(org)!);
              n += counts.get(org)!;
            });
            return n;
          });
        } catch (error) {
          for (const org of some) this.keep(day, org, counts.get(org)!);
          failure ??= error;
        }
      }
    }
    if (failure) throw failure;
    return written;
  }

  /** Puts back counts a flush could not write, for the next one. */
  private keep(day: string, org: string, n: number): void {
    let counts = this.pending.get(day);
    if (!counts) {
      counts = new Map();
      this.pending.set(day, counts);
    }
    counts.set(org, (counts.get(org) ?? 0) + n);
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
