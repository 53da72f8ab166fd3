/**
 * Public reads at the speed of the hardware (issue 13): the API detail, the spot page and the
 * public lists read the published read model (tenant.published_items) in one statement, without a
 * transaction, through the reader (published.repo.ts); items and each organisation's site (its
 * settings and own categories) are kept in a per-node read-through cache bounded by bytes, which
 * the invalidation bus empties for an organisation whenever its public data changes.
 */
import zlib from 'node:zlib';
import type { Database } from '../../../db/database.js';
import type { PublishedContext, TenantContext } from '../../../platform/access/context.js';
import { runAsSystem } from '../../../platform/access/system-context.js';
import { AheadWork } from '../../../platform/cache/ahead-work.js';
import { KeyedBatch } from '../../../platform/cache/keyed-batch.js';
import { OrgLru } from '../../../platform/cache/org-lru.js';
import {
  type JsonPart,
  jsonPart,
  type PublicJson,
  partEtag,
  publicEtag,
} from '../../../platform/http/cache.js';
import { THRESHOLD_BYTES } from '../../../platform/http/compression.js';
import { isUuid } from '../../../platform/ids.js';
import { publicSiteSettings, type SiteSettings } from '../../site-settings/index.js';
import { listOwnCategories, type OwnCategoryRow } from '../categories/categories.repo.js';
import { CONTENT_KINDS, type ContentKind, type Language, type SpotData } from '../content.schema.js';
import { curvePlace } from '../lib/curve-place.js';
import type { LiveListFilter } from './content-public.repo.js';
import { type LiveRow, toPublic, withoutHiddenSpots } from './public-item.js';
import {
  findPublishedItem,
  findPublishedItems,
  listPublishedItems,
  publishedModelVersion,
  publishedVersionsOf,
} from './published.repo.js';
import {
  liveSpots,
  loadOrgModel,
  type ModelRow,
  modelPage,
  type NearbySpot,
  type OrgModel,
  type PreparedAnswer,
  PublishedModel,
  preparedFor,
} from './published-model.js';
import { PublishedTier, type TierBuild, type TierPage, type TierRecord } from './published-tier.js';
import {
  CARD_SUMMARY_LENGTH,
  type DetailOf,
  detailOf,
  imageIdsOf,
  imagesFrom,
  liveListFilter,
  livePage,
  nextCursorOf,
  type PublicImage,
  SPOT_LIST_PAGE_SIZE,
  type SpotCardItem,
  type SpotListModel,
  type SpotListQuery,
  type SpotPageModel,
  spotListCategory,
  spotListOf,
} from './read-models.js';

/** An organisation's public site as the published reads need it. */
export interface PublishedSite {
  settings: SiteSettings;
  own: { spot: OwnCategoryRow[]; event: OwnCategoryRow[] };
}

/** A site as held: the version of the organisation's public data it was read at, checked from checkAt on. */
interface HeldSite {
  site: PublishedSite;
  version: string;
  checkAt: number;
  checking?: boolean;
}

/**
 * The longest anything this node holds of an organisation (site, model, tier file) serves before
 * it is read again, whatever the TTL: invalidations and version checks keep it exact, this only
 * bounds its age if they keep failing.
 */
const HELD_AT_MOST_MS = 10 * 60_000;

/**
 * Version checks due together wait this long and go in one statement (at most VERSIONS_AT_ONCE
 * organisations): a node serving a thousand organisations checks each one's site, and its model or
 * tier file, about once a minute.
 */
const VERSION_BATCH_MS = 20;
const VERSIONS_AT_ONCE = 500;

interface RawImage {
  id: string;
  alt: Record<string, string>;
}
interface RawRow {
  id: string;
  kind: ContentKind;
  data: unknown;
  publishedAt: number;
  updatedAt: number;
  images: RawImage[];
}
interface RawItem extends RawRow {
  refs: RawRow[];
  /** Absent when read for the API detail (findPublishedItem's `nearby: false`). */
  nearby?: (RawRow & { lat: number; lng: number })[];
}

/**
 * A page of a public list: each item's public JSON and the cursor (unsealed) of the next page, the
 * key of its last item, when there is one.
 */
export interface ListPage {
  items: JsonPart[];
  next: string | null;
}

/** A page from its rows (one more than the limit when there is a next page) and their JSON. */
const pageOf = (rows: readonly LiveRow[], limit: number, items: JsonPart[]): ListPage => ({
  items,
  next: nextCursorOf(rows.slice(0, limit), rows.length > limit),
});

/** Whether a list filter asks for the first page in the list's own order (no filter, cursor or search). */
const firstPage = (kind: ContentKind, filter: LiveListFilter) =>
  kind !== 'event' &&
  !filter.category &&
  !filter.tag &&
  !filter.after &&
  (filter.searchPatterns ?? []).length === 0;

/** What a site page built from published data reads (PublishedReads, or one model: `fromModel`). */
export type SitePageReads = Pick<PublishedReads, 'item' | 'spotListPage'>;

/**
 * Renders the spot pages `ids` of an organisation in a language from one model's reads, for its
 * tier file (src/site/prepared-pages.ts): the pages by id and what they were rendered for beyond
 * the rows (their key), or undefined when it renders none.
 */
export type TierPageRenderer = (
  org: string,
  site: PublishedSite,
  lang: Language,
  reads: SitePageReads,
  ids: readonly string[],
) => Promise<{ key: string; pages: Map<string, TierPage> } | undefined>;

/** One published item as cached: its row and what its detail and page show. */
export interface PublishedEntry {
  row: LiveRow;
  alts: Map<string, Record<string, string>>;
  spots: Map<string, LiveRow<'spot'>>;
  /** From the tier, each with only its card's data (CardData): what publishedSpotPage reads of it. */
  nearby: NearbySpot[];
}

/**
 * An item as the cache holds it: read for the API detail, which does not show them, without its
 * nearest spots; a page read of it then reads it again with them.
 */
type CachedEntry = Omit<PublishedEntry, 'nearby'> & { nearby?: NearbySpot[] };

const liveRow = (raw: RawRow): LiveRow =>
  ({
    id: raw.id,
    kind: raw.kind,
    data: raw.data,
    publishedAt: new Date(raw.publishedAt),
    updatedAt: new Date(raw.updatedAt),
  }) as LiveRow;

const altsOf = (images: RawImage[]) => new Map(images.map((image) => [image.id, image.alt]));

function entryOf(raw: RawItem): CachedEntry {
  const entry: CachedEntry = {
    row: liveRow(raw),
    alts: altsOf(raw.images),
    spots: new Map(raw.refs.map((r) => [r.id, liveRow(r) as LiveRow<'spot'>])),
  };
  if (raw.nearby)
    entry.nearby = raw.nearby.map((n) => ({
      row: liveRow(n) as LiveRow<'spot'>,
      lat: n.lat,
      lng: n.lng,
      alts: altsOf(n.images),
    }));
  return entry;
}

/** The largest `limit` of a public list (the routes' maximum). */
const MAX_LIST_LIMIT = 100;

/** Bookkeeping per entry beyond its JSON text: the parsed objects, the key, the Map slot. */
const ENTRY_OVERHEAD_BYTES = 512;

export interface PublishedReadsOptions {
  maxBytes: number;
  ttlMs: number;
  /** Counts cache look-ups by result (hit, miss) for the metrics. */
  count?: (result: 'hit' | 'miss') => void;
  /** Told when a held site's background version check failed (the held one keeps answering). */
  onSiteError?: (error: unknown) => void;
  /** The node-local published model (every live item of an organisation in memory); 0 bytes: off. */
  model?: {
    maxBytes: number;
    checkMs: number;
    /** See PublishedModelOptions.loadAfter. */
    loadAfter?: number;
    /**
     * API reads (details, lists) a held model must see in one of the site's other languages
     * before every row's answers are serialised in it too (0 or unset: never): a language no API
     * client reads costs no memory.
     */
    languagesAfter?: number;
    /** Told how many rows' answers were serialised in a further language and kept. */
    onLanguage?: (rows: number) => void;
    count?: (result: 'hit' | 'miss') => void;
    onError?: (error: unknown) => void;
  };
  /**
   * The published tier (every live item of an organisation as prepared answers in a file on the
   * node's disk: the organisations the model does not hold); 0 bytes or unset: off.
   */
  tier?: {
    dir: string;
    maxBytes: number;
    /** See PublishedTierOptions.buildAfter. */
    buildAfter: number;
    /** How long an organisation's file serves before its version is checked again (default: the model's). */
    checkMs?: number;
    count?: (result: 'hit' | 'miss') => void;
    onBuilt?: () => void;
    onError?: (error: unknown) => void;
    onCapped?: (maxBytes: number) => void;
  };
}

/** The API detail from the organisation's model (which holds every live item), or undefined. */
function modelDetail(
  model: OrgModel,
  site: PublishedSite,
  kind: ContentKind,
  lower: string,
  lang: Language,
): PublicJson | undefined {
  const r = model.byId.get(lower);
  if (!r || r.row.kind !== kind) return undefined;
  const ready = preparedFor(r, lang);
  if (ready) return { json: ready.detail, etag: ready.etag, gzip: ready.gzip };
  return { json: JSON.stringify(publishedDetail(modelEntry(model, r), site, lang).item) };
}

/** A published item's entry from the organisation's model: references and nearest spots resolved in memory. */
function modelEntry(model: OrgModel, r: ModelRow): PublishedEntry {
  return { row: r.row, alts: r.alts, spots: liveSpots(model, r.refs), nearby: r.nearbySpots };
}

export class PublishedReads {
  private readonly items: OrgLru<CachedEntry | null>;
  private readonly sites: OrgLru<HeldSite>;
  readonly model: PublishedModel;
  readonly tier: PublishedTier;
  /** API reads per held model in a language its answers are not in, and their serialising. */
  private readonly languages: AheadWork<OrgModel>;
  /** The version checks of the sites, models and tier files this node holds, batched. */
  private readonly versions: KeyedBatch<string>;
  /** Renders the spot pages a tier file keeps (the site's, once it registers); unset: none. */
  private tierPages: TierPageRenderer | undefined;

  constructor(
    private readonly db: Database,
    private readonly options: PublishedReadsOptions,
  ) {
    this.items = new OrgLru({ maxBytes: options.maxBytes, ttlMs: options.ttlMs });
    this.versions = new KeyedBatch({
      windowMs: VERSION_BATCH_MS,
      max: VERSIONS_AT_ONCE,
      load: (orgs) => publishedVersionsOf(db.reader, orgs),
    });
    this.model = new PublishedModel(() => db.reader, {
      version: (org) => this.versionOf(org),
      maxBytes: options.model?.maxBytes ?? 0,
      checkMs: options.model?.checkMs ?? 5000,
      ...(options.model?.loadAfter ? { loadAfter: options.model.loadAfter } : {}),
      // The version check keeps it exact; the TTL only bounds a model's age if checks keep failing.
      ttlMs: Math.max(options.ttlMs, HELD_AT_MOST_MS),
      ...(options.model?.count ? { count: options.model.count } : {}),
      ...(options.model?.onError ? { onError: options.model.onError } : {}),
      onStale: (org) => this.invalidate(org),
      // The site's default language (most visits) as it loads; the others once API clients read
      // them (languagesAfter), so a site in five languages does not hold five copies of every answer.
      prepare: async (org, model) => {
        const lang = this.sites.get(org)?.value.site.settings.defaultLanguage ?? 'ja';
        const bytes = await prepareAnswers(model, lang, (r, answer) => {
          r.prepared = answer;
        });
        model.answerLangs.add(lang);
        return bytes ?? 0;
      },
    });
    const tier = options.tier;
    this.tier = new PublishedTier({
      dir: tier?.dir ?? '',
      maxBytes: tier?.maxBytes ?? 0,
      checkMs: tier?.checkMs ?? options.model?.checkMs ?? 5000,
      ttlMs: Math.max(options.ttlMs, HELD_AT_MOST_MS),
      buildAfter: tier?.buildAfter ?? 1,
      build: (org) => this.buildTier(org),
      servedElsewhere: (org) => this.model.holds(org),
      version: (org) => this.versionOf(org),
      ...(tier?.count ? { count: tier.count } : {}),
      ...(tier?.onBuilt ? { onBuilt: tier.onBuilt } : {}),
      ...(tier?.onError ? { onError: tier.onError } : {}),
      ...(tier?.onCapped ? { onCapped: tier.onCapped } : {}),
      onStale: (org) => this.invalidate(org),
    });
    this.languages = new AheadWork(options.model?.languagesAfter ?? 0, (error) =>
      options.model?.onError?.(error),
    );
    // Sites are small (1–6 KB as held): a sixteenth of the budget, at least 8 MB while the cache
    // is on, so a node serving a thousand organisations holds every site.
    const siteBytes = options.maxBytes > 0 ? Math.max(options.maxBytes / 16, 8 * 1024 * 1024) : 0;
    // Past the TTL a site's version is checked in the background while it still serves (see
    // site()); an invalidation drops it at once; one not read or confirmed for ten minutes goes.
    this.sites = new OrgLru({ maxBytes: siteBytes, ttlMs: Math.max(options.ttlMs, HELD_AT_MOST_MS) });
  }

  /** The version of the organisation's public data in the database now (batched with other checks). */
  private async versionOf(org: string): Promise<string> {
    return (await this.versions.get(org)) ?? '0';
  }

  /** The organisation's public data changed: forget what this node holds of it. */
  invalidate(org: string): void {
    this.items.invalidate(org);
    this.sites.invalidate(org);
    this.model.invalidate(org);
    this.tier.invalidate(org);
  }

  clear(): void {
    this.items.clear();
    this.sites.clear();
    this.model.clear();
    this.tier.clear();
  }

  /** Closes the tier's files and removes them (the node is stopping). */
  close(): void {
    this.tier.close();
  }

  /**
   * Has every tier file built from now on keep its spot pages in the file's language, rendered by
   * `render` from the rows the file is built from: the site module's, which the content module
   * does not import.
   */
  renderTierPagesWith(render: TierPageRenderer): void {
    this.tierPages = render;
  }

  /**
   * The organisation's live items as the tier keeps them: the model's load, each row's answers in
   * the site's default language and its entry as findPublishedItem reads it.
   */
  private async buildTier(org: string): Promise<TierBuild> {
    const { model } = await loadOrgModel(this.db.reader, org, Date.now());
    // The site its pages are rendered with, read now when this node no longer holds it (a build
    // queued behind many others starts minutes after the read that asked for it).
    const site = this.siteHeld(org) ?? (this.tierPages ? await this.siteForBuild(org) : undefined);
    const lang = site?.settings.defaultLanguage ?? 'ja';
    const placed: { place: number; record: TierRecord }[] = [];
    const listed = new Map<ModelRow, JsonPart>();
    await prepareAnswers(model, lang, (r, answer) => {
      listed.set(r, answer.listed);
      placed.push({
        place: curvePlace(r.lat, r.lng),
        record: {
          id: r.row.id,
          kind: r.row.kind,
          detail: answer.detail,
          etag: answer.etag,
          gzip: answer.gzip,
          entry: JSON.stringify(tierEntryOf(model, r)),
          card: r.row.kind === 'spot' && r.lat !== null && r.lng !== null ? JSON.stringify(cardRowOf(r)) : '',
        },
      });
    });
    // The spot pages in the file's language, rendered from the same rows (with the site they
    // were read with: no site held, no pages).
    const spots = placed.filter((p) => p.record.kind === 'spot').map((p) => p.record);
    const rendered =
      site && this.tierPages && spots.length > 0
        ? await this.tierPages(
            org,
            site,
            lang,
            this.fromModel(model),
            spots.map((r) => r.id),
          )
        : undefined;
    if (rendered) for (const record of spots) record.page = rendered.pages.get(record.id);
    // Along the curve: a page's nearest spots mostly lie beside it in the file (tier.readWith).
    const records = placed.sort((a, b) => a.place - b.place).map((p) => p.record);
    // Each kind's first page (a list's most asked), as many items as the largest limit.
    const heads = CONTENT_KINDS.filter((kind) => kind !== 'event').map((kind) => {
      const rows = model.byKind.get(kind) ?? [];
      return {
        kind,
        total: rows.length,
        items: rows.slice(0, MAX_LIST_LIMIT).map((r) => ({
          part: listed.get(r)!,
          cursor: nextCursorOf([r.row], true)!,
        })),
      };
    });
    return { version: model.version, lang, records, heads, pagesKey: rendered?.key };
  }

  /** The organisation's site read in a short transaction of its own; undefined (told) when that failed. */
  private async siteForBuild(org: string): Promise<PublishedSite | undefined> {
    try {
      return await this.loadSite(org, (read) =>
        runAsSystem(this.db, { kind: 'tenant', org }, 'published-tier', [], read),
      );
    } catch (error) {
      this.options.tier?.onError?.(error);
      return undefined;
    }
  }

  /**
   * The API detail from the tier: undefined when the tier holds the organisation and the item is
   * not live in it, null when it does not hold the organisation (or failed to read: the database
   * answers). `held`: only when it holds it already, no look-up counted nor build asked.
   */
  private tierDetail(
    org: string,
    site: PublishedSite,
    kind: ContentKind,
    lower: string,
    lang: Language,
    held: boolean,
  ): PublicJson | undefined | null {
    if (!(held ? this.tier.getHeld(org) : this.tier.get(org))) return null;
    // In the file's language the answer's part is all it needs; otherwise the entry too.
    const part = this.tier.heldIn(org) === lang ? 'answer' : 'all';
    const item = this.fromTier(org, () => this.tier.read(org, kind, lower, part));
    if (item === null || item === undefined) return item;
    if (item.lang === lang) return { json: item.detail, etag: item.etag, gzip: item.gzip };
    const entry = entryOf({ ...(JSON.parse(item.entry()) as TierEntry), nearby: undefined });
    return { json: JSON.stringify(publishedDetail(entry, site, lang).item) };
  }

  /**
   * A page's entry from the tier: the item's row and live spots, and its nearest spots read from
   * the tier too, together, as their cards (each kept once, beside its own entry, instead of in
   * every neighbour's): rows with only CardData, for publishedSpotPage alone.
   */
  private tierPageEntry(org: string, kind: ContentKind, lower: string): PublishedEntry | undefined {
    let raw: TierEntry | undefined;
    const read = this.tier.readWith(org, kind, lower, (entry) => {
      raw = JSON.parse(entry) as TierEntry;
      return raw.nearby;
    });
    if (!read || !raw) return undefined;
    // Each nearest spot as its card (cardRowOf), not its whole row: what the page shows of it.
    const nearby = read.cards.filter((card) => card !== '').map((card) => JSON.parse(card) as CardRow);
    return entryOf({ ...raw, nearby }) as PublishedEntry;
  }

  /**
   * The spot's page rendered ahead in the organisation's tier file, when the file keeps pages
   * rendered for `key` and the spot is live in it (counted as a hit, checked when due);
   * otherwise undefined (also when a read failed: the route reads the database).
   */
  tierPage(org: string, id: string, key: string): TierPage | undefined {
    const page = this.fromTier(org, () => this.tier.page(org, 'spot', id, key));
    if (page) this.tier.getHeld(org);
    return page ?? undefined;
  }

  /**
   * What `read` gives from the organisation's tier file; null when a read failed (I/O, a short
   * read): the error is told, the organisation's file dropped, and the caller reads the database.
   */
  private fromTier<T>(org: string, read: () => T): T | null {
    try {
      return read();
    } catch (error) {
      this.options.tier?.onError?.(error);
      this.tier.invalidate(org);
      return null;
    }
  }

  get bytes(): number {
    return this.items.totalBytes + this.sites.totalBytes;
  }

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  /**
   * Loads the live ones among `ids` that this node does not hold yet, in one statement (start-up
   * warming, so the first visits after a deploy are not a miss storm). Returns how many it added.
   */
  async warm(org: string, ids: readonly string[]): Promise<number> {
    if (this.options.maxBytes === 0) return 0;
    const wanted = ids
      .map((id) => id.toLowerCase())
      .filter((id) => isUuid(id) && this.items.get(`${org}/${id}`) === undefined);
    if (wanted.length === 0) return 0;
    const generation = this.items.generation(org);
    const rows = await findPublishedItems(this.db.reader, org, wanted);
    for (const { id, item } of rows) {
      this.items.set(
        `${org}/${id}`,
        org,
        generation,
        entryOf(JSON.parse(item) as RawItem),
        ENTRY_OVERHEAD_BYTES + item.length * 2,
      );
    }
    return rows.length;
  }

  /**
   * The organisation's model when held; otherwise a look-up that counts towards loading it,
   * unless the tier answers the read (`tier`) and the model's budget is full. Those reads do not
   * load the model then: a node read uniformly across more organisations than its model holds
   * would otherwise keep loading models (each a statement and a parse) for reads its tier answers
   * almost as fast. While it has room they do: an organisation's first reads queue its tier file
   * too, which often comes first, and a node with memory to spare then answered that
   * organisation's API from the file for good (a system call a read, and no model for what only
   * the model answers: filtered lists, other languages, pages kept in memory).
   */
  private heldOrCounted(org: string, tier: boolean): OrgModel | undefined {
    return this.model.getHeld(org) ?? (tier && !this.model.hasRoom ? undefined : this.model.get(org));
  }

  /**
   * The organisation's site settings and own categories: a short transaction on a miss; past the
   * TTL the held site still answers while its version is checked in the background, and goes
   * (with everything else held of the organisation) when the version moved. A node serving a
   * thousand organisations had some site expire every few milliseconds, and each then sent its
   * reads through the route and its own transaction until one stored it again: the large case's
   * p99 tripled (bench/scale.ts); reading each site again in the background instead still took a
   * sixth of the main thread, a transaction of seven statements each (the check is one row of
   * one statement for many organisations).
   */
  async site(ctx: PublishedContext): Promise<PublishedSite> {
    const held = this.siteHeld(ctx.scope.org);
    return held ?? this.loadSite(ctx.scope.org, (read) => ctx.transaction(read));
  }

  /** The organisation's site when this node holds it (no look-up; a background check when due). */
  siteHeld(org: string): PublishedSite | undefined {
    const held = this.sites.get(org)?.value;
    if (held && held.checkAt <= Date.now() && !held.checking) this.checkSite(org, held);
    return held?.site;
  }

  /**
   * Confirms the held site against the organisation's version: the same, it serves another TTL;
   * moved (a change whose invalidation this node missed), everything held of it goes.
   */
  private checkSite(org: string, held: HeldSite): void {
    held.checking = true;
    const generation = this.sites.generation(org);
    this.versionOf(org)
      .then((version) => {
        if (this.sites.generation(org) !== generation) return;
        if (version !== held.version) return this.invalidate(org);
        held.checkAt = this.nextCheck();
        this.sites.renew(org, (value) => value === held);
      })
      .catch((error: unknown) => this.options.onSiteError?.(error))
      .finally(() => {
        held.checking = false;
      });
  }

  /**
   * When a site read or confirmed now is checked next: after the TTL plus up to half of it again,
   * so sites loaded together (a node's first minute) are not all checked in the same second.
   */
  private nextCheck(): number {
    return Date.now() + this.options.ttlMs * (1 + Math.random() / 2);
  }

  private async loadSite(
    org: string,
    transaction: <T>(read: (ctx: TenantContext) => Promise<T>) => Promise<T>,
  ): Promise<PublishedSite> {
    const generation = this.sites.generation(org);
    const { version, site } = await transaction(async (tctx) => ({
      // First: a change committed between this statement and the next moves the version past
      // the one kept, so the next check drops what was read (read after, it could hide it).
      version: await publishedModelVersion(tctx.tx, org),
      site: {
        settings: await publicSiteSettings(tctx),
        own: {
          spot: await listOwnCategories(tctx.tx, org, 'spot'),
          event: await listOwnCategories(tctx.tx, org, 'event'),
        },
      },
    }));
    // Stored unless an invalidation came meanwhile (then the next read loads it again).
    this.sites.set(
      org,
      org,
      generation,
      { site, version, checkAt: this.nextCheck() },
      ENTRY_OVERHEAD_BYTES + JSON.stringify(site).length * 2,
    );
    return site;
  }

  /** One published item of the kind, or undefined when it is not live. */
  async item(org: string, kind: ContentKind, id: string): Promise<PublishedEntry | undefined> {
    const lower = id.toLowerCase();
    const model = this.heldOrCounted(org, this.tier.holds(org));
    if (model) return modelItem(model, kind, lower);
    if (this.tier.get(org)) {
      // A page's entry (its nearest spots read from the tier too); undefined: not live.
      const entry = this.fromTier(org, () => this.tierPageEntry(org, kind, lower));
      if (entry !== null) return entry;
    }
    return this.itemFromDatabase(org, kind, lower, true);
  }

  /**
   * The reads a site page makes (`item`, `spotListPage`), from this model alone and not counted
   * as look-ups: for pages rendered ahead from it (src/site/prepared-pages.ts), which must come
   * from the model they are kept on, and are not visits.
   */
  fromModel(model: OrgModel): SitePageReads {
    return {
      item: async (_org, kind, id) => modelItem(model, kind, id.toLowerCase()),
      spotListPage: (_org, site, lang, query) => modelSpotListPage(model, site, lang, query),
    };
  }

  /**
   * The API detail of a published item in the language (one the site publishes), as JSON: from
   * the model, serialised when it loaded; otherwise built now. Undefined when it is not live.
   */
  async detail(org: string, site: PublishedSite, kind: ContentKind, id: string, lang: Language) {
    const lower = id.toLowerCase();
    const model = this.heldOrCounted(org, this.tier.holds(org));
    if (model) {
      this.countLanguage(org, model, lang);
      return modelDetail(model, site, kind, lower, lang);
    }
    const tiered = this.tierDetail(org, site, kind, lower, lang, false);
    if (tiered !== null) return tiered;
    const entry = await this.itemFromDatabase(org, kind, lower, false);
    if (!entry) return undefined;
    return { json: JSON.stringify(publishedDetail(entry, site, lang).item) } satisfies PublicJson;
  }

  /**
   * The API detail as `detail` gives it, when this node's model holds the organisation and the
   * item is live in it; otherwise undefined, with no database work (answers before the route).
   */
  detailHeld(org: string, site: PublishedSite, kind: ContentKind, id: string, lang: Language) {
    const model = this.model.getHeld(org);
    if (!model) return this.tierDetail(org, site, kind, id.toLowerCase(), lang, true) ?? undefined;
    this.countLanguage(org, model, lang);
    return modelDetail(model, site, kind, id.toLowerCase(), lang);
  }

  /** The live item from the cache or the database; with `nearby`, with its nearest spots. */
  private async itemFromDatabase(
    org: string,
    kind: ContentKind,
    lower: string,
    nearby: true,
  ): Promise<PublishedEntry | undefined>;
  private async itemFromDatabase(
    org: string,
    kind: ContentKind,
    lower: string,
    nearby: false,
  ): Promise<CachedEntry | undefined>;
  private async itemFromDatabase(
    org: string,
    kind: ContentKind,
    lower: string,
    nearby: boolean,
  ): Promise<CachedEntry | undefined> {
    if (!isUuid(lower)) return undefined;
    const key = `${org}/${lower}`;
    const hit = this.items.get(key);
    // An entry read for the API detail does not answer a page: read again, with the nearest spots.
    if (hit && !(nearby && hit.value && !hit.value.nearby)) {
      this.options.count?.('hit');
      return hit.value && hit.value.row.kind === kind ? hit.value : undefined;
    }
    this.options.count?.('miss');
    const generation = this.items.generation(org);
    const text = await findPublishedItem(this.db.reader, org, kind, lower, { nearby });
    const entry = text === undefined ? undefined : entryOf(JSON.parse(text) as RawItem);
    // A missing item is not remembered: unknown ids must not fill the cache.
    if (entry) this.items.set(key, org, generation, entry, ENTRY_OVERHEAD_BYTES + text!.length * 2);
    return entry;
  }

  /**
   * A page of published items in the language (references limited to live spots): each one's
   * public JSON and the next page's cursor.
   */
  async list(org: string, kind: ContentKind, filter: LiveListFilter, lang: Language): Promise<ListPage> {
    // A search reads the database (the model does not hold the search text).
    const first = firstPage(kind, filter);
    const tierAnswers = first && this.tier.heldIn(org) === lang;
    const model =
      (filter.searchPatterns ?? []).length === 0 ? this.heldOrCounted(org, tierAnswers) : undefined;
    const fromModel = model && modelList(model, kind, filter, lang);
    if (fromModel) {
      this.countLanguage(org, model, lang);
      return fromModel;
    }
    if (!model && first && this.tier.get(org)) {
      const head = this.fromTier(org, () => this.tier.head(org, kind, filter.limit, lang));
      if (head) return head;
    }
    const raw = JSON.parse(await listPublishedItems(this.db.reader, org, kind, filter)) as (RawRow & {
      liveRefs: string[];
    })[];
    const rows = raw.map((r) => withoutHiddenSpots(liveRow(r), new Set(r.liveRefs)));
    const items = rows.slice(0, filter.limit).map((row) => jsonPart(JSON.stringify(toPublic(row, lang))));
    return pageOf(rows, filter.limit, items);
  }

  /**
   * The site's spot list page from the model, when this node holds the organisation (otherwise
   * undefined, and a load starts): built by the same function as in a tenant transaction
   * (`spotListOf`), with the page, the categories in use, the count and the card images all taken
   * from the model.
   */
  spotListPage(
    org: string,
    site: PublishedSite,
    lang: Language,
    query: SpotListQuery,
  ): SpotListModel | undefined {
    const model = this.model.get(org);
    return model && modelSpotListPage(model, site, lang, query);
  }

  /**
   * The page as `list` gives it, when this node's model holds the organisation and can answer the
   * filter; otherwise undefined, with no database work (answers before the route).
   */
  listHeld(org: string, kind: ContentKind, filter: LiveListFilter, lang: Language): ListPage | undefined {
    if ((filter.searchPatterns ?? []).length > 0) return undefined;
    const model = this.model.getHeld(org);
    if (!model)
      return firstPage(kind, filter) && this.tier.getHeld(org)
        ? (this.fromTier(org, () => this.tier.head(org, kind, filter.limit, lang)) ?? undefined)
        : undefined;
    const page = modelList(model, kind, filter, lang);
    if (page) this.countLanguage(org, model, lang);
    return page;
  }

  /**
   * Counts an API read from a held model in a language its answers are not serialised in; at
   * `languagesAfter` such reads, serialises every row's answers in that language too (in the
   * background, one organisation and language at a time), counted in the model's budget.
   */
  private countLanguage(org: string, model: OrgModel, lang: Language): void {
    if (model.answerLangs.has(lang)) return;
    this.languages.count(model, lang, `${org}/${lang}`, () => this.prepareLanguage(org, model, lang));
  }

  /** Serialises and keeps the model's answers in `lang`; false when they found no room. */
  private async prepareLanguage(org: string, model: OrgModel, lang: Language): Promise<boolean> {
    const held = () => this.model.peek(org) === model;
    if (!held() || model.answerLangs.has(lang)) return true;
    const answers: [ModelRow, PreparedAnswer][] = [];
    const bytes = await prepareAnswers(model, lang, (r, answer) => answers.push([r, answer]), held);
    // Refused when the model went meanwhile or the answers would take it past its share of the budget.
    if (bytes === undefined || !this.model.grow(org, model, bytes + answers.length * ANSWER_OVERHEAD_BYTES))
      return false;
    for (const [r, answer] of answers) r.preparedIn = [...(r.preparedIn ?? []), answer];
    model.answerLangs.add(lang);
    this.options.model?.onLanguage?.(answers.length);
    return true;
  }
}

/** A live item of the kind from the organisation's model (which holds every live item: not in it is not live). */
function modelItem(model: OrgModel, kind: ContentKind, lower: string): PublishedEntry | undefined {
  const r = model.byId.get(lower);
  return r && r.row.kind === kind ? modelEntry(model, r) : undefined;
}

/** The site's spot list page from the organisation's model, or undefined when it cannot answer the query. */
function modelSpotListPage(
  model: OrgModel,
  site: PublishedSite,
  lang: Language,
  query: SpotListQuery,
): SpotListModel | undefined {
  const category = spotListCategory(query);
  const filter = liveListFilter('spot', { limit: SPOT_LIST_PAGE_SIZE, category, cursor: query.cursor });
  const page = modelPage(model, 'spot', filter);
  if (!page) return undefined;
  const shown = page.slice(0, filter.limit);
  const rows = shown.map((r) => visibleRow(model, r) as LiveRow<'spot'>);
  const spots = model.byKind.get('spot') ?? [];
  const images = new Map<string, PublicImage>();
  for (const r of shown)
    for (const image of imagesFrom(imageIdsOf(r.row).slice(0, 1), r.alts, lang)) images.set(image.id, image);
  return spotListOf(lang, query, {
    list: livePage(rows, page.length > filter.limit, lang),
    codes: [...new Set(spots.flatMap((r) => (r.category ? [r.category] : [])))],
    own: site.own.spot,
    total: category ? spots.filter((r) => r.category === category).length : spots.length,
    images,
  });
}

/** A model row without its references to spots that are not live (as the database path shows it). */
function visibleRow(model: OrgModel, r: ModelRow): LiveRow {
  if (r.refs.length === 0) return r.row;
  return withoutHiddenSpots(r.row, new Set(liveSpots(model, r.refs).keys()));
}

/** A page of the list from the organisation's model, or undefined when the model cannot answer the filter. */
function modelList(
  model: OrgModel,
  kind: ContentKind,
  filter: LiveListFilter,
  lang: Language,
): ListPage | undefined {
  const page = modelPage(model, kind, filter);
  if (!page) return undefined;
  const rows: LiveRow[] = [];
  const items: JsonPart[] = [];
  for (const r of page) {
    const ready = preparedFor(r, lang);
    // The row as the public sees it whether or not its answer is kept: no stop, venue or related
    // spot that is not live (its kept answer was built from this too).
    const row = visibleRow(model, r);
    rows.push(row);
    if (items.length < filter.limit)
      items.push(ready ? ready.listed : jsonPart(JSON.stringify(toPublic(row, lang))));
  }
  return pageOf(rows, filter.limit, items);
}

/** A Buffer beyond its bytes: the object and its view (a slice of Node's pool). */
const BUFFER_BYTES = 96;

/** A further language's answer beyond its strings: the object, its slot in the row's array. */
const ANSWER_OVERHEAD_BYTES = 96;

/** Rows serialised per slice before the model yields to the requests waiting meanwhile. */
const PREPARE_SLICE = 64;

/**
 * Serialises each row's public answers in the language (PreparedAnswer) and hands each to `keep`,
 * a slice at a time so the requests meanwhile wait at most one slice; resolves to the bytes they
 * take, or undefined when `live` says (between slices) that the model is no longer wanted.
 */
async function prepareAnswers(
  model: OrgModel,
  lang: Language,
  keep: (r: ModelRow, answer: PreparedAnswer) => void,
  live: () => boolean = () => true,
): Promise<number | undefined> {
  let bytes = 0;
  let done = 0;
  for (const r of model.byId.values()) {
    const spots = liveSpots(model, r.refs);
    const visible = withoutHiddenSpots(r.row, new Set(spots.keys()));
    const text = JSON.stringify(toPublic(visible, lang));
    const listed = jsonPart(text);
    // The API detail does not show the site's own category names: no site needed here.
    const item = JSON.stringify(detailOf(r.row, { spots, alts: r.alts, own: [] }, lang).item);
    // A spot's detail is its listed form: one copy of the bytes for both.
    const detail = item === text ? listed.bytes : Buffer.from(item);
    // A spot's detail is hashed already, as its listed form.
    const etag = detail === listed.bytes ? partEtag(listed) : publicEtag(detail);
    // Gzipped too, for the clients that take it (every browser and HTTP library), when large
    // enough to be sent compressed at all: a first visit then costs no compression. A copy of its
    // own: zlib's output may sit in a larger buffer.
    const gzip = detail.length >= THRESHOLD_BYTES ? Buffer.from(zlib.gzipSync(detail)) : undefined;
    keep(r, { lang, listed, detail, etag, gzip });
    bytes +=
      listed.bytes.length +
      (detail === listed.bytes ? 0 : detail.length + BUFFER_BYTES) +
      (listed.digest.length + etag.length) * 2 +
      BUFFER_BYTES +
      (gzip?.length ?? 0);
    done += 1;
    if (done % PREPARE_SLICE === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if (!live()) return undefined;
    }
  }
  return bytes;
}

/** A row of the model as findPublishedItem's JSON gives it (RawRow). */
function rawRowOf(r: ModelRow): RawRow {
  return {
    id: r.row.id,
    kind: r.row.kind,
    data: r.row.data,
    publishedAt: r.row.publishedAt.getTime(),
    updatedAt: r.row.updatedAt.getTime(),
    images: [...r.alts].map(([id, alt]) => ({ id, alt })),
  };
}

/**
 * An item as the tier keeps it: findPublishedItem's JSON with its position, and its nearest spots
 * as ids (the live ones, in order), which a page read resolves from the tier.
 */
interface TierEntry extends RawRow {
  refs: RawRow[];
  lat: number | null;
  lng: number | null;
  nearby: string[];
}

/** A spot's data as its card shows it (SpotCardItem's fields). */
type CardData = Pick<SpotData, Exclude<keyof SpotCardItem, 'id' | 'kind' | 'publishedAt'>>;
/** A spot as the tier keeps its card: findPublishedItem's JSON of a nearest spot, with CardData. */
type CardRow = Omit<RawRow, 'data'> & { data: CardData; lat: number; lng: number };

/**
 * A spot as a page shows it among another's nearest spots: the card's fields of its data, each
 * language's description cut one character past what a card shows (so the card still knows to
 * end it with an ellipsis), and only its first photo (the card's). The spot page made from it is
 * the page made from the whole row (test/published-tier.test.ts compares them through HTTP).
 */
function cardRowOf(r: ModelRow): CardRow {
  const data = r.row.data as SpotData;
  const first = data.imageIds?.[0];
  const alt = first === undefined ? undefined : r.alts.get(first);
  const card: CardData = { name: data.name, category: data.category };
  if (data.address !== undefined) card.address = data.address;
  if (data.description !== undefined) card.description = cutTexts(data.description);
  if (first !== undefined) card.imageIds = [first];
  return {
    id: r.row.id,
    kind: r.row.kind,
    data: card,
    publishedAt: r.row.publishedAt.getTime(),
    updatedAt: r.row.updatedAt.getTime(),
    images: first !== undefined && alt ? [{ id: first, alt }] : [],
    lat: r.lat!,
    lng: r.lng!,
  };
}

/** Each language's text cut after CARD_SUMMARY_LENGTH + 1 characters (unless all it keeps is blank: then whole). */
function cutTexts<T extends Record<string, string | undefined>>(texts: T): T {
  const cut: Record<string, string | undefined> = {};
  for (const [lang, text] of Object.entries(texts)) {
    const kept = text?.slice(0, CARD_SUMMARY_LENGTH + 1);
    cut[lang] = kept === undefined || kept.trim() === '' ? text : kept;
  }
  return cut as T;
}

function tierEntryOf(model: OrgModel, r: ModelRow): TierEntry {
  return {
    ...rawRowOf(r),
    refs: [...liveSpots(model, r.refs).keys()].map((id) => rawRowOf(model.byId.get(id)!)),
    lat: r.lat,
    lng: r.lng,
    nearby: r.nearby.filter((id) => model.byId.has(id)),
  };
}

/** The detail of a published item in one language, as loadDetail builds it from the database. */
export function publishedDetail<K extends ContentKind>(
  entry: Omit<PublishedEntry, 'nearby'>,
  site: PublishedSite,
  lang: Language,
): DetailOf<K> {
  const kind = entry.row.kind;
  const own = kind === 'spot' || kind === 'event' ? site.own[kind] : [];
  return detailOf(entry.row, { spots: entry.spots, alts: entry.alts, own }, lang) as DetailOf<K>;
}

/** The spot page's model from a published spot: its detail and its precomputed nearest spots. */
export function publishedSpotPage(entry: PublishedEntry, site: PublishedSite, lang: Language): SpotPageModel {
  const detail = publishedDetail<'spot'>(entry, site, lang);
  const { lat, lng } = detail.row.data;
  const nearby = lat === undefined || lng === undefined ? [] : entry.nearby;
  // The same equirectangular distance the database query measures.
  const cos = Math.cos(((lat ?? 0) * Math.PI) / 180);
  const images = new Map<string, PublicImage>();
  for (const n of nearby) {
    const [first] = imagesFrom(n.row.data.imageIds?.slice(0, 1) ?? [], n.alts, lang);
    if (first) images.set(first.id, first);
  }
  return {
    detail,
    nearby: nearby.map((n) => ({
      item: toPublic(n.row, lang),
      km: Math.sqrt((n.lat - (lat ?? 0)) ** 2 + ((n.lng - (lng ?? 0)) * cos) ** 2) * 111.32,
    })),
    nearbyImages: images,
  };
}
