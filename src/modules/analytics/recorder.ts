import { hash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isbot } from 'isbot';
import type { Database } from '../../db/database.js';
import {
  eachOrganisation,
  ORGANISATIONS_PER_TRANSACTION,
  SERVICE_CODE_PATTERN,
  type Tx,
  withScope,
} from '../../db/scope.js';
import { runPeriodically } from '../../platform/jobs/periodic.js';
import { DAY_MS, jstDate, jstDateTime } from '../../platform/time/jst.js';
import { addDailyCounts, addDimensionVisitors, insertNewVisitorHashes } from './analytics.repo.js';
import { deviceClass, optedOut, type PageRef, pageFromRoute, referrerDomain } from './page-view.js';
import { startDayCloser, VisitorSalts } from './visitor-days.js';

/** One page view's counted facts: nothing that identifies the visitor. */
export interface PageView extends PageRef {
  org: string;
  day: string;
  referrerDomain: string;
  device: 'mobile' | 'tablet' | 'desktop';
}

type Dimension = 'site' | 'page' | 'content' | 'lang' | 'referrer' | 'device';

/** What a first-seen visitor hash adds one visitor to. */
type Target = { row: string } | { dimension: Dimension; value: string };

interface DayBuffer {
  org: string;
  day: string;
  rows: Map<string, { view: PageView; views: number }>;
  /** Hex hash → what it counts; the same visitor viewing the same thing twice is one entry. */
  hashes: Map<string, Target>;
}

interface Log {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Past this many buffered entries new views are dropped (and counted) until the next flush. */
const MAX_BUFFERED = 50_000;
/**
 * Rows per statement of a flush. On PGlite the database runs in this thread and a whole
 * transaction's statements complete without the event loop turning, so the flush yields after
 * each statement: 250 rows hold the server ~3–6 ms instead of a busy flush stalling it for
 * hundreds of milliseconds.
 */
const CHUNK = 250;
/**
 * Buffered entries (rows and hashes) of the organisation-days one flush transaction takes, besides
 * ORGANISATIONS_PER_TRANSACTION: on PGlite a transaction holds the one connection every request
 * shares, so a transaction of many quiet days holds it about as long as one busy day's did.
 */
const ENTRIES_PER_TRANSACTION = { postgres: 10_000, pglite: 500 } as const;

function rowKey(v: PageView): string {
  return [v.page, v.contentId, v.lang, v.referrerDomain, v.device].join('\u0000');
}

/** The breakdowns whose distinct visitors the dashboard shows, for one view. */
function dimensionsOf(v: PageView): { dimension: Dimension; value: string }[] {
  const list: { dimension: Dimension; value: string }[] = [
    { dimension: 'site', value: '' },
    { dimension: 'page', value: v.page },
    { dimension: 'lang', value: v.lang },
    { dimension: 'referrer', value: v.referrerDomain },
    { dimension: 'device', value: v.device },
  ];
  if (v.contentId) list.push({ dimension: 'content', value: `${v.contentKind}:${v.contentId}` });
  return list;
}

/**
 * Buffers page views in memory and writes them in batches, so recording never waits on the
 * database while a page is served. The visitor's address and User-Agent are used only to
 * compute salted hashes at the moment of the view and are never kept, in memory or stored.
 */
export class AnalyticsRecorder {
  private buffers = new Map<string, DayBuffer>();
  private buffered = 0;
  private dropped = 0;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly salts: VisitorSalts,
    private readonly log: Log,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The Asia/Tokyo day of the last view and the instants it spans, so a view need not format a date. */
  private today = { day: '', from: 0, until: 0 };

  /**
   * Counts a view (with the visitor's hashes when the day's salt is at hand). `visitorKey` is
   * the address and User-Agent; it is hashed here and forgotten. Synchronous once the day's salt
   * has arrived; only a view that waits for it returns a promise.
   */
  record(
    view: Omit<PageView, 'day'>,
    visitorKey: { ip: string; userAgent: string },
  ): Promise<void> | undefined {
    const day = this.dayOf(this.now().getTime());
    const salt = this.salts.loaded(day);
    if (salt !== undefined) {
      this.add(view, day, salt, visitorKey);
      return undefined;
    }
    return this.salts.forDay(day).then(
      (arrived) => this.add(view, day, arrived, visitorKey),
      (error: unknown) => {
        // The view still counts; only its visitor does not.
        this.log.error({ err: error }, 'analytics salt unavailable; view counted without visitor');
        this.add(view, day, null, visitorKey);
      },
    );
  }

  private dayOf(ms: number): string {
    const today = this.today;
    if (ms >= today.from && ms < today.until) return today.day;
    const day = jstDate(new Date(ms));
    const from = jstDateTime(day).getTime();
    this.today = { day, from, until: from + DAY_MS };
    return day;
  }

  private add(
    view: Omit<PageView, 'day'>,
    day: string,
    salt: Buffer | null,
    visitorKey: { ip: string; userAgent: string },
  ): void {
    const full: PageView = { ...view, day };
    if (this.buffered >= MAX_BUFFERED) {
      this.dropped += 1;
      return;
    }
    const id = `${full.org}\u0000${day}`;
    let buffer = this.buffers.get(id);
    if (!buffer) {
      buffer = { org: full.org, day, rows: new Map(), hashes: new Map() };
      this.buffers.set(id, buffer);
    }
    const key = rowKey(full);
    const row = buffer.rows.get(key);
    if (row) row.views += 1;
    else {
      buffer.rows.set(key, { view: full, views: 1 });
      this.buffered += 1;
    }
    if (!salt) return;
    // SHA-256(salt ‖ "\0org\0ip\0ua\0" ‖ what): the visitor's part encoded once per view.
    const visitor = Buffer.concat([
      salt,
      Buffer.from(`\u0000${full.org}\u0000${visitorKey.ip}\u0000${visitorKey.userAgent}\u0000`),
    ]);
    const targets: Target[] = [{ row: key }, ...dimensionsOf(full)];
    for (const target of targets) {
      const what = 'row' in target ? `row\u0000${target.row}` : `${target.dimension}\u0000${target.value}`;
      // One hash per visitor and counted thing: the stored hashes of one visitor are unlinkable.
      const visitorHash = hash('sha256', Buffer.concat([visitor, Buffer.from(what)]), 'hex');
      if (!buffer.hashes.has(visitorHash)) {
        buffer.hashes.set(visitorHash, target);
        this.buffered += 1;
      }
    }
  }

  /** Writes everything buffered so far. A failure is logged and that batch dropped. */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.writeBuffers());
    this.flushing = run.catch(() => {});
    return run;
  }

  private async writeBuffers(): Promise<void> {
    // In one order on every node (organisation, then day): two nodes' transactions of many
    // organisations take their row locks in the same order and cannot deadlock.
    const batch = [...this.buffers.values()].sort((a, b) =>
      a.org === b.org ? (a.day < b.day ? -1 : 1) : a.org < b.org ? -1 : 1,
    );
    this.buffers = new Map();
    this.buffered = 0;
    if (this.dropped > 0) {
      this.log.warn({ dropped: this.dropped }, 'analytics buffer full: page views dropped');
      this.dropped = 0;
    }
    for (const some of chunked(batch, this.db.kind)) {
      try {
        await writeDays(this.db, some);
      } catch {
        // One organisation's failure rolled the chunk back: each on its own again, so only the
        // failing ones are dropped (nothing of the chunk was written, so nothing counts twice).
        for (const buffer of some)
          await writeDays(this.db, [buffer]).catch((error: unknown) =>
            this.log.error(
              { err: error, org: buffer.org, day: buffer.day },
              'analytics flush failed; dropped',
            ),
          );
      }
    }
  }
}

/** The batch in transactions' worth: a day larger than a transaction's entries is one alone. */
function chunked(batch: DayBuffer[], kind: Database['kind']): DayBuffer[][] {
  const chunks: DayBuffer[][] = [];
  let entries = 0;
  for (const buffer of batch) {
    const size = buffer.rows.size + buffer.hashes.size;
    const last = chunks.at(-1);
    if (
      last &&
      last.length < ORGANISATIONS_PER_TRANSACTION[kind] &&
      entries + size <= ENTRIES_PER_TRANSACTION[kind]
    ) {
      last.push(buffer);
      entries += size;
    } else {
      chunks.push([buffer]);
      entries = size;
    }
  }
  return chunks;
}

/**
 * Organisations' days in one provider transaction, each in its organisation's scope (RLS as in
 * its own transaction): a node serving a thousand organisations wrote a transaction per
 * organisation every flush (5 s). The days of an organisation that no longer exists are dropped.
 */
async function writeDays(db: Database, buffers: DayBuffer[]): Promise<void> {
  await withScope(db, { kind: 'provider' }, async (tx) => {
    const byOrg = new Map<string, DayBuffer[]>();
    for (const buffer of buffers) byOrg.set(buffer.org, [...(byOrg.get(buffer.org) ?? []), buffer]);
    await eachOrganisation(tx, [...byOrg.keys()], async (org) => {
      for (const buffer of byOrg.get(org)!) await writeDay(tx, buffer);
    });
  });
}

/** One organisation's day, in its scope: hashes first, then the counters they decide. */
async function writeDay(tx: Tx, buffer: DayBuffer): Promise<void> {
  const { org, day } = buffer;
  const rowVisitors = new Map<string, number>();
  const dimensionVisitors = new Map<string, { dimension: Dimension; value: string; visitors: number }>();
  const hashes = [...buffer.hashes.keys()].sort();
  for (let i = 0; i < hashes.length; i += CHUNK) {
    // Only the first insert of a hash, on any node, returns it: that visitor is new for its target.
    const fresh = await insertNewVisitorHashes(tx, org, day, hashes.slice(i, i + CHUNK));
    await nextTurn();
    for (const hash of fresh) {
      const target = buffer.hashes.get(hash);
      if (!target) continue;
      if ('row' in target) rowVisitors.set(target.row, (rowVisitors.get(target.row) ?? 0) + 1);
      else {
        const id = `${target.dimension}\u0000${target.value}`;
        const entry = dimensionVisitors.get(id) ?? { ...target, visitors: 0 };
        entry.visitors += 1;
        dimensionVisitors.set(id, entry);
      }
    }
  }
  // Sorted keys: two nodes updating the same rows lock them in the same order.
  const rows = [...buffer.rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await addDailyCounts(
      tx,
      org,
      day,
      rows.slice(i, i + CHUNK).map(([key, { view, views }]) => ({
        page: view.page,
        contentKind: view.contentKind,
        contentId: view.contentId,
        lang: view.lang,
        referrerDomain: view.referrerDomain,
        device: view.device,
        views,
        visitors: rowVisitors.get(key) ?? 0,
      })),
    );
    await nextTurn();
  }
  const dims = [...dimensionVisitors.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => v);
  for (let i = 0; i < dims.length; i += CHUNK) {
    await addDimensionVisitors(tx, org, day, dims.slice(i, i + CHUNK));
    await nextTurn();
  }
}

/**
 * The page view a finished response stands for, or null when it is not counted: not a GET
 * (HEAD fetches no page for a person), not 200 or 304 (a revalidated page is still a view),
 * not HTML, not a page of the public site, a bot, no User-Agent, a prefetch, or a visitor
 * who sent Do Not Track or Global Privacy Control.
 */
export function countedView(
  request: FastifyRequest,
  reply: FastifyReply,
  ownHosts: readonly string[],
): { view: Omit<PageView, 'day'>; userAgent: string } | null {
  if (request.method !== 'GET') return null;
  const status = reply.statusCode;
  if (status !== 200 && status !== 304) return null;
  if (status === 200 && !String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return null;
  const params = request.params as Record<string, unknown> | undefined;
  const page = pageFromRoute(request.routeOptions.url, params);
  if (!page) return null;
  const org = params?.serviceCode ?? request.serviceCode;
  if (typeof org !== 'string' || !SERVICE_CODE_PATTERN.test(org)) return null;
  const headers = request.headers;
  if (optedOut(headers)) return null;
  const userAgent = headers['user-agent'];
  if (!userAgent || isbot(userAgent)) return null;
  const purpose = String(headers['sec-purpose'] ?? headers.purpose ?? '');
  if (purpose.includes('prefetch')) return null;
  const referer = typeof headers.referer === 'string' ? headers.referer : undefined;
  return {
    view: {
      ...page,
      org,
      // The host (behind a trusted proxy, parsed from its headers) only when there is a referrer.
      referrerDomain: referer ? referrerDomain(referer, [request.hostname, ...ownHosts]) : '',
      device: deviceClass(userAgent),
    },
    userAgent,
  };
}

export interface AnalyticsOptions {
  db: Database;
  /** The site's own host names besides the request's Host (from BASE_URL): not referrers. */
  ownHosts: string[];
  /** How often buffered views are written (default 5 s). */
  flushIntervalMs?: number;
  /** How often finished days are closed; 0 turns the pass off on this node. */
  closeIntervalMs: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The page-view recorder; tests flush it to read exact counts. */
    analytics: AnalyticsRecorder;
  }
}

/**
 * Records public page views from an onResponse hook, which also runs for responses a cache
 * answered early, after the page has been sent: recording never delays or breaks a page.
 */
export function installAnalytics(app: FastifyInstance, options: AnalyticsOptions): AnalyticsRecorder {
  const recorder = new AnalyticsRecorder(options.db, new VisitorSalts(options.db), app.log);
  app.decorate('analytics', recorder);
  // Callback-style: most answers are no page view, and an async hook costs every request a promise.
  app.addHook('onResponse', (request, reply, done) => {
    const failed = (error: unknown) => {
      request.log.error({ err: error }, 'recording a page view failed');
      done();
    };
    let counted: ReturnType<typeof countedView>;
    try {
      counted = countedView(request, reply, options.ownHosts);
    } catch (error) {
      return failed(error);
    }
    if (!counted) return done();
    let waiting: Promise<void> | undefined;
    try {
      waiting = recorder.record(counted.view, { ip: request.ip, userAgent: counted.userAgent });
    } catch (error) {
      return failed(error);
    }
    if (waiting) waiting.then(() => done(), failed);
    else done();
  });
  const stops: (() => void)[] = [];
  app.addHook('onReady', async () => {
    stops.push(
      runPeriodically(
        options.flushIntervalMs ?? 5000,
        () => recorder.flush(),
        () => {},
      ),
    );
    if (options.closeIntervalMs > 0) stops.push(startDayCloser(options.db, options.closeIntervalMs, app.log));
  });
  app.addHook('onClose', async () => {
    for (const stop of stops) stop();
    await recorder.flush();
  });
  return recorder;
}
