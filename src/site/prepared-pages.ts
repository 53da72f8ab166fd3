/**
 * Pages rendered ahead (issue 13). Once this node holds an organisation's published model and
 * its spot pages or spot list in one of the site's languages have been asked for
 * SITE_PAGES_AHEAD_AFTER (20) times meanwhile, every spot page and the spot list's first page are
 * rendered in that language in the background (one organisation and language at a time, a slice
 * at a time), gzipped and kept on the model, so a first visit to any of them costs what a cache
 * hit costs: the routes answer them before the guard (`fromMemory`). Rendering one takes ~0.35 ms
 * of CPU (~1 ms for a language other than the default, whose texts are localised per request),
 * 3–10× what the whole detail answer takes; kept gzipped, a page takes ~2.5 KB. Each language is
 * counted on its own, so memory goes only to the languages visitors read.
 *
 * They are exactly the route's bytes: rendered by the route's own code from the same model, site
 * and settings, and served only while those are the ones they were rendered for (the key), for
 * the plain URL (no query, the path as the route sees it, not on the organisation's own domain)
 * and while the site shows no planned maintenance (read per request). They go with the model: any
 * change of the organisation's public data drops both. Other pages render per request as before.
 *
 * An organisation the model does not hold (a node serving many more than its memory budget) has
 * its spot pages in the site's default language rendered the same way when its published tier
 * file is built, from the rows the file is built from, and kept in the file (~2.5 KB a page on
 * disk, none in memory): there the first visit to any of a million pages reads bytes, as its API
 * detail does. Served under the same conditions, with the same key, and gone with the file; also
 * for an organisation the model came to hold after its file was built, until the model has pages
 * in that language of its own.
 */
import zlib from 'node:zlib';
import type { Config } from '../config.js';
import type {
  OrgModel,
  PublishedReads,
  PublishedSite,
  SitePageReads,
  TierPage,
  TierPageRenderer,
} from '../modules/content/index.js';
import type { OrganisationRef } from '../platform/access/context.js';
import { AheadWork } from '../platform/cache/ahead-work.js';
import { type PreparedHtml, publicEtag } from '../platform/http/cache.js';
import { isUuid } from '../platform/ids.js';
import type { SiteLanguage } from './site-i18n.js';
import type { SitePage } from './site-layout.js';
import type { PublishedSource, SitePageEntry } from './site-pages.js';
import { pathSiteLinks } from './site-url.js';

/** Pages rendered per slice before the work yields to the requests waiting meanwhile (~3 ms). */
const SLICE = 8;
/** Bookkeeping per kept page beyond its gzipped bytes: the ETag, the path, the Map slot. */
const PAGE_OVERHEAD_BYTES = 256;

/** Rendering stopped: the model it read went (a change), so its pages would be stale. */
class ModelGone extends Error {}

/** A page to render: the table's entry, its path under the language, its id, whether to keep it uncompressed too. */
interface PageJob {
  entry: SitePageEntry;
  path: string;
  id: string;
  plain: boolean;
}

export interface PreparedPagesOptions {
  /**
   * Page requests a held model must see before its organisation's pages are rendered (0: never):
   * a node serving many organisations a few visits each (a crawler) would otherwise spend its
   * CPU rendering pages no one asks for, and push models out of the budget with them.
   */
  renderAfter: number;
  /** The list page and the item page (the table's '/spots/' and '/spots/:id'). */
  list: SitePageEntry;
  item: SitePageEntry;
  /**
   * The organisation of a service code as this node's public routes resolved it (active), for
   * pages rendered for the tier outside a request; undefined: none rendered.
   */
  organisation: (code: string) => OrganisationRef | undefined;
  /** Told how many pages were kept for an organisation, and where (on its model or in its tier file). */
  onPrepared?: (pages: number, kept: 'model' | 'tier') => void;
  onError?: (error: unknown) => void;
}

/** The last key built per site object, and for which organisation look-up (both are long-lived objects). */
const keys = new WeakMap<PublishedSite, { org: OrganisationRef; key: string }>();

/**
 * What a page depends on beyond the model: the organisation's names and its site (settings,
 * categories) as text. Built once per pair of objects, so a request compares one string with itself.
 */
function keyOf(org: OrganisationRef, site: PublishedSite): string {
  const last = keys.get(site);
  if (last?.org === org) return last.key;
  const key = `${org.serviceCode}\n${org.nameJa}\n${org.nameEn}\n${JSON.stringify(site)}`;
  keys.set(site, { org, key });
  return key;
}

export class PreparedPageStore {
  /** Page requests per held model in a language it has no pages in, and their rendering. */
  private readonly ahead: AheadWork<OrgModel>;

  constructor(
    private readonly reads: PublishedReads,
    private readonly config: Pick<Config, 'baseUrl' | 'mapTileUrl'>,
    private readonly options: PreparedPagesOptions,
  ) {
    this.ahead = new AheadWork(options.renderAfter, (error) => {
      if (!(error instanceof ModelGone)) options.onError?.(error);
    });
  }

  /**
   * The route's answer from a page rendered ahead (a site page route's `fromMemory`), or
   * undefined for the route to answer; when this node holds the organisation's model but no
   * pages in the URL's language, counts the request towards rendering them and answers from the
   * tier's file if that keeps the page.
   */
  answer(org: OrganisationRef, input: { url: string; ownDomain: boolean }): PreparedHtml | undefined {
    if (input.ownDomain || this.options.renderAfter === 0) return undefined;
    const site = this.reads.siteHeld(org.serviceCode);
    if (!site || site.settings.showPlannedMaintenance) return undefined;
    // '/s/{code}/{lang}/…': the language is one the site publishes, as the route requires.
    const start = org.serviceCode.length + 4;
    const slash = input.url.indexOf('/', start);
    if (slash < 0 || !input.url.startsWith(`/s/${org.serviceCode}/`)) return undefined;
    const lang = site.settings.languages.find(
      (l) => input.url.startsWith(l, start) && l.length === slash - start,
    );
    if (!lang) return undefined;
    // Not counted as a model look-up unless a page answers: otherwise the route reads the model
    // (and counts it) itself.
    const model = this.reads.model.peek(org.serviceCode);
    const rest = input.url.slice(start + lang.length);
    if (!model) return this.fromTier(org, site, lang, rest);
    const key = keyOf(org, site);
    const pages = model.pages;
    if (pages?.key === key) {
      // Equal text in a new string (a refreshed look-up): keep this one, compared by identity next time.
      pages.key = key;
      if (pages.langs.has(lang)) {
        const page = pages.byPath.get(input.url.slice(start - 1));
        // Served from the model: a hit, and its version checked when due, as for the route.
        if (page) this.reads.model.getHeld(org.serviceCode);
        return page;
      }
    }
    this.ahead.count(model, lang, `${org.serviceCode}/${lang}`, () =>
      this.render(org, site, key, model, lang),
    );
    // Until the model has them, the tier's file may keep the page: built when the organisation's
    // first reads asked for both and the file came first (a node's first minutes).
    return this.fromTier(org, site, lang, rest);
  }

  /**
   * A spot page (`rest`: the path after the language) from the organisation's tier file, when it
   * keeps that page rendered for this organisation and site in `lang`.
   */
  private fromTier(
    org: OrganisationRef,
    site: PublishedSite,
    lang: SiteLanguage,
    rest: string,
  ): PreparedHtml | undefined {
    if (this.reads.tier.heldIn(org.serviceCode) !== lang || !rest.startsWith('/spots/')) return undefined;
    const id = rest.slice('/spots/'.length);
    // Only the id as the pages' links write it (a row's: lower case, dashed).
    if (!isUuid(id)) return undefined;
    return this.reads.tierPage(org.serviceCode, id, keyOf(org, site));
  }

  /**
   * The tier's page renderer (PublishedReads.renderTierPagesWith): the spot pages `ids` rendered
   * from `reads` as the route renders them, gzipped, with the key the requests must match; none
   * while pages ahead are off, for an organisation this node has not resolved, or when rendering
   * failed (told; the file is kept without pages, rendered per request).
   */
  readonly renderForTier: TierPageRenderer = async (code, site, lang, reads, ids) => {
    const org = this.options.organisation(code);
    const language = site.settings.languages.find((l) => l === lang);
    if (this.options.renderAfter === 0 || !org || !language) return undefined;
    const key = keyOf(org, site);
    const pages = new Map<string, TierPage>();
    try {
      const jobs = ids.map((id) => ({ entry: this.options.item, path: `/spots/${id}`, id, plain: false }));
      await this.renderEach(
        org,
        site,
        language,
        reads,
        jobs,
        () => true,
        (job, page) => {
          pages.set(job.id, page);
          return page.gzip.length;
        },
      );
    } catch (error) {
      this.options.onError?.(error);
      return undefined;
    }
    this.options.onPrepared?.(pages.size, 'tier');
    return { key, pages };
  };

  /**
   * Renders each job from `reads` as its route does for the plain URL (not on an own domain, no
   * maintenance shown), a slice at a time; `keep` is given each page and says the bytes it keeps.
   * Throws ModelGone when `held` says the source went meanwhile. Returns the bytes kept.
   */
  private async renderEach(
    org: OrganisationRef,
    site: PublishedSite,
    lang: SiteLanguage,
    reads: SitePageReads,
    jobs: readonly PageJob[],
    held: () => boolean,
    keep: (job: PageJob, page: PreparedHtml) => number,
  ): Promise<number> {
    const page: SitePage = {
      org,
      lang,
      settings: site.settings,
      links: pathSiteLinks(org, this.config),
      path: '/',
      mapTileUrl: this.config.mapTileUrl,
      maintenance: [],
    };
    const source: PublishedSource = {
      org: org.serviceCode,
      reads,
      site,
      // The rows rendered from hold every live item: a page that needs the database was not from them.
      transaction: () => Promise.reject(new ModelGone()),
    };
    let bytes = 0;
    for (const [done, job] of jobs.entries()) {
      if (done > 0 && done % SLICE === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!held()) throw new ModelGone();
      }
      const body = Buffer.from(
        await job.entry.respondPublished!(
          source,
          { lang, id: job.id, query: {} },
          { ...page, path: job.path },
        ),
      );
      // A copy of its own: zlib's output may sit in a larger buffer, which would be kept with it.
      const gzip = Buffer.from(zlib.gzipSync(body));
      bytes += keep(job, { gzip, etag: publicEtag(body), ...(job.plain ? { plain: body } : {}) });
    }
    return bytes;
  }

  /**
   * Renders the pages in `lang` from `model` as the routes do and keeps them on it, if it is still
   * held; false when they found no room.
   */
  private async render(
    org: OrganisationRef,
    site: PublishedSite,
    key: string,
    model: OrgModel,
    lang: SiteLanguage,
  ): Promise<boolean> {
    const code = org.serviceCode;
    const held = () => this.reads.model.peek(code) === model;
    if (!held() || (model.pages?.key === key && model.pages.langs.has(lang))) return true;
    const { list, item } = this.options;
    // The list page is one per organisation and language, asked for far more often than any one
    // spot: its uncompressed bytes are kept too, so a client that does not take gzip costs no inflating.
    const jobs: PageJob[] = [
      { entry: list, path: '/spots/', id: '', plain: true },
      ...(model.byKind.get('spot') ?? []).map((r) => ({
        entry: item,
        path: `/spots/${r.row.id}`,
        id: r.row.id,
        plain: false,
      })),
    ];
    const byPath = new Map<string, PreparedHtml>();
    // This model's rows, not counted as visits: the pages are kept on it.
    const bytes = await this.renderEach(
      org,
      site,
      lang,
      this.reads.fromModel(model),
      jobs,
      held,
      (job, page) => {
        byPath.set(`/${lang}${job.path}`, page);
        return page.gzip.length + (page.plain?.length ?? 0) + PAGE_OVERHEAD_BYTES;
      },
    );
    // Pages of other languages rendered for the same key stay; those of an older key are dropped
    // (and no longer counted).
    const kept = model.pages?.key === key ? model.pages : undefined;
    const dropped = kept ? 0 : (model.pages?.bytes ?? 0);
    // Refused when the model went meanwhile or the pages would take it past its share of the budget.
    if (!this.reads.model.grow(code, model, bytes - dropped)) return false;
    if (kept) {
      for (const [path, prepared] of byPath) kept.byPath.set(path, prepared);
      kept.langs.add(lang);
      kept.bytes += bytes;
    } else model.pages = { key, byPath, langs: new Set([lang]), bytes };
    this.options.onPrepared?.(byPath.size, 'model');
    return true;
  }
}
