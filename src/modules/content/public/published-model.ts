/**
 * The node-local published model (issue 13): every live item of an organisation, loaded from the
 * published read model in one statement and held in memory, so the API detail, the spot page and
 * the public lists answer a first visit without a database round trip. Bounded by bytes
 * (`PUBLISHED_MODEL_MB`, least recently used organisation out; one organisation at most an eighth
 * of it), dropped for an organisation by the invalidation bus, and checked against the database's
 * version of the organisation's rows every few seconds while it serves, so a lost message cannot
 * keep it stale. While an organisation is not loaded (or too big), reads go to the database.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { OrgLru } from '../../../platform/cache/org-lru.js';
import { ReadsInWindow } from '../../../platform/cache/reads-in-window.js';
import type { JsonPart, PreparedHtml } from '../../../platform/http/cache.js';
import { WorkQueue } from '../../../platform/work-queue.js';
import type { ContentKind, Language } from '../content.schema.js';
import type { LiveListFilter } from './content-public.repo.js';
import type { LiveRow } from './public-item.js';
import { loadPublishedModel, publishedModelVersion } from './published.repo.js';

interface ModelImage {
  id: string;
  alt: Record<string, string>;
}

/** A nearest spot of a spot: it has a position (the read model picks them by distance). */
export interface NearbySpot {
  row: LiveRow<'spot'>;
  lat: number;
  lng: number;
  alts: Map<string, Record<string, string>>;
}

/** One row of tenant.published_items as the model keeps it. */
export interface ModelRow {
  row: LiveRow;
  alts: Map<string, Record<string, string>>;
  /** published_at in microseconds (null when unset): the lists' order and cursor, exactly as SQL. */
  orderAt: number | null;
  category: string | null;
  lat: number | null;
  lng: number | null;
  refs: string[];
  nearby: string[];
  /** The live ones of `nearby` as the spot page shows them, resolved once when the model loads. */
  nearbySpots: NearbySpot[];
  /** Its public answers in the site's default language, serialised when the model loaded. */
  prepared?: PreparedAnswer;
  /** In the site's other languages that API clients read (PublishedReads), serialised later. */
  preparedIn?: PreparedAnswer[];
}

/** The row's public answers serialised in the language, if they are. */
export function preparedFor(r: ModelRow, lang: Language): PreparedAnswer | undefined {
  if (r.prepared?.lang === lang) return r.prepared;
  return r.preparedIn?.find((answer) => answer.lang === lang);
}

/**
 * One row's public JSON in one language, serialised once when the model loads instead of on every
 * request: the row as a public list shows it and the API detail with its ETag. They depend on the
 * row, its live spots and the language only, all fixed for the life of the model.
 */
export interface PreparedAnswer {
  lang: Language;
  /** Encoded, with its digest: a list joins these as they are. */
  listed: JsonPart;
  /** Encoded; for a spot the same bytes as `listed`. */
  detail: Buffer;
  etag: string;
  /** The detail gzipped, when large enough to be sent compressed. */
  gzip: Buffer | undefined;
}

/**
 * Public pages rendered ahead from a held model (src/site/prepared-pages.ts), kept on the model so
 * they go when it goes (any change of the organisation's public data).
 */
export interface PreparedPages {
  /** What they were rendered for (the organisation, its site): another key is not served. */
  key: string;
  /** The site's path from the language ('/en/spots/…') → the page. */
  byPath: Map<string, PreparedHtml>;
  /** The languages whose pages are all in byPath. */
  langs: Set<string>;
  /** Their bytes as counted in the model's size. */
  bytes: number;
}

/** An organisation's live items: by id, and per kind in the public lists' order. */
export interface OrgModel {
  version: string;
  byId: Map<string, ModelRow>;
  byKind: Map<ContentKind, ModelRow[]>;
  /** When the version was last confirmed against the database. */
  checkedAt: number;
  /** The languages every row's answers are serialised in (preparedFor). */
  answerLangs: Set<Language>;
  pages?: PreparedPages;
}

interface RawModelRow {
  id: string;
  kind: ContentKind;
  data: unknown;
  publishedAt: number;
  updatedAt: number;
  orderAt: number | null;
  images: ModelImage[];
  category: string | null;
  lat: number | null;
  lng: number | null;
  refs: string[];
  nearby: string[];
}

/** Bookkeeping per row beyond its JSON text (the parsed objects, Maps, the sorted lists). */
const ROW_OVERHEAD_BYTES = 384;
/** One resolved nearest spot (a small object pointing at the row's parts). */
const NEARBY_SPOT_BYTES = 64;

/** Newest first (published_at DESC NULLS FIRST, id DESC), or events by start date and id. */
function compareRows(kind: ContentKind): (a: ModelRow, b: ModelRow) => number {
  if (kind === 'event')
    return (a, b) => compareText(startDate(a), startDate(b)) || compareText(a.row.id, b.row.id);
  return (a, b) => {
    if (a.orderAt !== b.orderAt) {
      if (a.orderAt === null) return -1;
      if (b.orderAt === null) return 1;
      return b.orderAt - a.orderAt;
    }
    return compareText(b.row.id, a.row.id);
  };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const startDate = (r: ModelRow) => (r.row.data as { startDate: string }).startDate;
const endDate = (r: ModelRow) => (r.row.data as { endDate?: string }).endDate ?? startDate(r);

function modelOf(version: string, raw: RawModelRow[], now: number): OrgModel {
  const byId = new Map<string, ModelRow>();
  const byKind = new Map<ContentKind, ModelRow[]>();
  for (const r of raw) {
    const row = {
      row: {
        id: r.id,
        kind: r.kind,
        data: r.data,
        publishedAt: new Date(r.publishedAt),
        updatedAt: new Date(r.updatedAt),
      } as LiveRow,
      alts: new Map(r.images.map((image) => [image.id, image.alt])),
      orderAt: r.orderAt,
      category: r.category,
      lat: r.lat,
      lng: r.lng,
      refs: r.refs,
      nearby: r.nearby,
      nearbySpots: [] as NearbySpot[],
    };
    byId.set(r.id, row);
    const list = byKind.get(r.kind) ?? [];
    list.push(row);
    byKind.set(r.kind, list);
  }
  for (const [kind, list] of byKind) list.sort(compareRows(kind));
  for (const row of byId.values())
    for (const id of row.nearby) {
      const n = byId.get(id);
      if (n)
        row.nearbySpots.push({
          row: n.row as LiveRow<'spot'>,
          lat: n.lat as number,
          lng: n.lng as number,
          alts: n.alts,
        });
    }
  return { version, byId, byKind, checkedAt: now, answerLangs: new Set() };
}

/** The organisation's live items from the database as a model (and the length of their JSON text). */
export async function loadOrgModel(
  reader: Kysely<DB>,
  org: string,
  now: number,
): Promise<{ model: OrgModel; textLength: number }> {
  const { version, rows } = await loadPublishedModel(reader, org);
  return { model: modelOf(version, JSON.parse(rows) as RawModelRow[], now), textLength: rows.length };
}

/** Whether a row passes the list filter, as the SQL of listPublishedItems decides (no search). */
function matches(kind: ContentKind, r: ModelRow, filter: LiveListFilter): boolean {
  if (filter.category && r.category !== filter.category) return false;
  if (filter.tag && !((r.row.data as { tags?: unknown }).tags as unknown[] | undefined)?.includes(filter.tag))
    return false;
  if (kind === 'event') {
    if (filter.from && !(endDate(r) >= filter.from)) return false;
    if (filter.to && !(startDate(r) <= filter.to)) return false;
    if (filter.after) {
      const [date, id] = filter.after;
      const d = startDate(r);
      if (!(d > date || (d === date && r.row.id > id.toLowerCase()))) return false;
    }
  } else if (filter.after) {
    // (published_at, id) < (cursor instant, id); a row without published_at compares as NULL.
    const at = Date.parse(filter.after[0]) * 1000;
    if (r.orderAt === null || Number.isNaN(at)) return false;
    if (!(r.orderAt < at || (r.orderAt === at && r.row.id < filter.after[1].toLowerCase()))) return false;
  }
  return true;
}

export interface PublishedModelOptions {
  maxBytes: number;
  /** How long a loaded organisation serves before its version is checked again. */
  checkMs: number;
  /** The safety net behind the version check: a model is reloaded at least this often. */
  ttlMs: number;
  now?: () => number;
  /** Counts look-ups by result (hit: answered from memory; miss: not loaded, read the database). */
  count?: (result: 'hit' | 'miss') => void;
  /** A background load or check that failed (the reads went to the database meanwhile). */
  onError?: (error: unknown) => void;
  /** The model found the database ahead of it (a lost invalidation): drop every cache of the organisation. */
  onStale?: (org: string) => void;
  /**
   * Serialises a loaded model's public answers before it serves (PreparedAnswer); resolves to
   * the bytes they take, counted in the budget.
   */
  prepare?: (org: string, model: OrgModel) => Promise<number>;
  /**
   * Reads of an organisation this node does not hold before it loads the organisation (default 1:
   * the first). A node serving a thousand organisations a few reads each (a crawler) would
   * otherwise load each one whole and push it out again, burning its CPU on loads.
   */
  loadAfter?: number;
  /** The organisation's version in the database now (default: a statement of its own). */
  version?: (org: string) => Promise<string>;
}

/**
 * Loads run one at a time, and at most this many are asked for at once: past it a read does not
 * start one (it reads the database, and a later read asks again), so a burst of first reads to
 * many organisations holds a few of them in memory at a time, not all.
 */
const LOADS_AT_ONCE = 4;
/**
 * The reads that count towards `loadAfter` are those within this long of the first: an
 * organisation read a few times an hour (a crawler passing, a quiet site) stays on the database
 * however many reads add up over a day, instead of being loaded and pushed out again.
 */
const LOAD_WINDOW_MS = 10_000;
/**
 * A load that may need room (the budget is past seven eighths: a model takes at most an eighth)
 * is not started while the model it would push out was loaded less than this long ago. A node
 * read across more organisations than its budget holds (1,000 organisations of 1,000 spots, where
 * a 128 MB budget holds ~30) otherwise loads one, pushes another out and loads that again: the
 * 1M-item scale run reached 920 MB RSS with the detail's p99 at 254 ms. The organisations past
 * the budget read the database, as with the model off.
 */
const MIN_RESIDENCE_MS = 60_000;

export class PublishedModel {
  private readonly orgs: OrgLru<OrgModel>;
  private readonly loading = new Map<string, Promise<void>>();
  private readonly loads = new WorkQueue(1);
  /** Reads per organisation not held within LOAD_WINDOW_MS, towards `loadAfter`. */
  private readonly misses: ReadsInWindow;
  private readonly checking = new Set<string>();
  private readonly now: () => number;

  constructor(
    private readonly reader: () => Kysely<DB>,
    private readonly options: PublishedModelOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.orgs = new OrgLru({ maxBytes: options.maxBytes, ttlMs: options.ttlMs, now: this.now });
    this.misses = new ReadsInWindow({
      after: options.loadAfter ?? 1,
      windowMs: LOAD_WINDOW_MS,
      maxKeys: 10_000,
      now: this.now,
    });
  }

  get enabled(): boolean {
    return this.options.maxBytes > 0;
  }

  get bytes(): number {
    return this.orgs.totalBytes;
  }

  get organisations(): number {
    return this.orgs.size;
  }

  /** Whether this node holds the organisation's model (not counted as a look-up nor made more recent). */
  holds(org: string): boolean {
    return this.orgs.peek(org) !== undefined;
  }

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  invalidate(org: string): void {
    this.orgs.invalidate(org);
  }

  /**
   * The model held for the organisation, not counted as a look-up nor checked, nor made more
   * recent: for work on it, not for answers.
   */
  peek(org: string): OrgModel | undefined {
    return this.orgs.peek(org)?.value;
  }

  /**
   * Counts `bytes` more for the organisation's model while it is the one held (what was rendered
   * from it later); false, counting nothing, when it is not held or would outgrow an eighth of
   * the budget, like a model too big to load.
   */
  grow(org: string, model: OrgModel, bytes: number): boolean {
    const size = this.orgs.sizeOf(org);
    if (size === undefined || this.peek(org) !== model) return false;
    if (size + bytes > this.options.maxBytes / 8) return false;
    this.orgs.grow(org, bytes, (value) => value === model);
    return true;
  }

  clear(): void {
    this.orgs.clear();
  }

  /**
   * The organisation's model when this node holds it (counted as a hit); otherwise undefined (a
   * miss) and a load starts in the background. A model due for its check is still served while
   * the check runs: it is at most `checkMs` plus one round trip behind a lost invalidation.
   */
  get(org: string): OrgModel | undefined {
    if (!this.enabled) return undefined;
    const slot = this.orgs.get(org);
    if (!slot) {
      this.options.count?.('miss');
      // Past the threshold every read asks until a load starts (it may wait for room).
      if (this.misses.count(org) && this.loading.size < LOADS_AT_ONCE) {
        this.misses.forget(org);
        void this.load(org);
      }
      return undefined;
    }
    return this.served(org, slot.value);
  }

  /** A held model being served: counted as a hit, and checked when it is due. */
  private served(org: string, model: OrgModel): OrgModel {
    this.options.count?.('hit');
    if (this.now() - model.checkedAt >= this.options.checkMs) this.check(org, model);
    return model;
  }

  /**
   * As get, but only when this node holds the organisation's model: a miss is neither counted nor
   * loaded (the caller's fallback, the route, does both).
   */
  getHeld(org: string): OrgModel | undefined {
    const slot = this.enabled ? this.orgs.get(org) : undefined;
    return slot && this.served(org, slot.value);
  }

  /**
   * Loads the organisation's live items (once at a time per organisation, one organisation at a
   * time per node); resolves when done, or at once when `LOADS_AT_ONCE` are asked for already.
   */
  load(org: string): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    const running = this.loading.get(org);
    if (running) return running;
    if (this.loading.size >= LOADS_AT_ONCE || this.churning()) return Promise.resolve();
    const generation = this.orgs.generation(org);
    const done = this.loads
      .run(org, async () => {
        const { model, textLength } = await loadOrgModel(this.reader(), org, this.now());
        const prepared = (await this.options.prepare?.(org, model)) ?? 0;
        let nearby = 0;
        for (const r of model.byId.values()) nearby += r.nearbySpots.length;
        const size =
          textLength * 2 + model.byId.size * ROW_OVERHEAD_BYTES + nearby * NEARBY_SPOT_BYTES + prepared;
        // Refused when the organisation changed meanwhile (generation) or is too big for the budget.
        this.orgs.set(org, org, generation, model, size);
      })
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => this.loading.delete(org));
    this.loading.set(org, done);
    return done;
  }

  /**
   * Whether the budget has room for another model without pushing one out (under seven eighths:
   * a model takes at most an eighth).
   */
  get hasRoom(): boolean {
    return this.enabled && this.orgs.totalBytes <= (this.options.maxBytes * 7) / 8;
  }

  /**
   * Whether a load now would push out a model loaded less than MIN_RESIDENCE_MS ago (asked only
   * by load(), on an enabled model).
   */
  private churning(): boolean {
    if (this.hasRoom) return false;
    const oldest = this.orgs.leastRecentStoredAt();
    return oldest !== undefined && this.now() - oldest < MIN_RESIDENCE_MS;
  }

  private check(org: string, model: OrgModel): void {
    if (this.checking.has(org)) return;
    this.checking.add(org);
    const generation = this.orgs.generation(org);
    void (this.options.version?.(org) ?? publishedModelVersion(this.reader(), org))
      .then((version) => {
        if (this.orgs.generation(org) !== generation) return;
        if (version === model.version) {
          model.checkedAt = this.now();
          return;
        }
        this.orgs.invalidate(org);
        this.options.onStale?.(org);
      })
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => this.checking.delete(org));
  }
}

/** The live ones of the model's spots among `ids`, as the read model's `refs` resolve them. */
export function liveSpots(model: OrgModel, ids: readonly string[]): Map<string, LiveRow<'spot'>> {
  const spots = new Map<string, LiveRow<'spot'>>();
  for (const id of ids) {
    const r = model.byId.get(id);
    if (r && r.row.kind === 'spot') spots.set(id, r.row as LiveRow<'spot'>);
  }
  return spots;
}

/**
 * A page of the kind from the model (one more than the limit), or undefined when the filter needs
 * the database (a search). Same rows and order as listPublishedItems.
 */
export function modelPage(
  model: OrgModel,
  kind: ContentKind,
  filter: LiveListFilter,
): ModelRow[] | undefined {
  if ((filter.searchPatterns ?? []).length > 0) return undefined;
  const out: ModelRow[] = [];
  for (const r of model.byKind.get(kind) ?? []) {
    if (!matches(kind, r, filter)) continue;
    out.push(r);
    if (out.length > filter.limit) break;
  }
  return out;
}
