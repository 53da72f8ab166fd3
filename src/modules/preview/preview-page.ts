/**
 * A draft rendered by the public site's own renderers (src/site), from the item's working copy:
 * what visitors will see once it is published. Only the read model's copy differs from the live
 * page; the shell marks the page as a preview and serves its images through the link.
 */

import type { TenantContext } from '../../platform/access/context.js';
import { html } from '../../site/html.js';
import type { SiteLanguage } from '../../site/site-i18n.js';
import { absolute, renderShell, type SitePage, t } from '../../site/site-layout.js';
import {
  articleDetailPage,
  courseDetailPage,
  eventDetailPage,
  spotDetailPage,
} from '../../site/site-render.js';
import { jsonLdFor, type PublicSite } from '../content/public/json-ld.js';
import { loadDetail, spotPageModel } from '../content/public/read-models.js';
import type { PreviewGrant } from './preview-tokens.js';

const publicSite = (p: SitePage): PublicSite => ({ org: p.org, base: absolute(p, p.links.prefix) });

export async function renderPreview(
  ctx: TenantContext,
  grant: PreviewGrant,
  lang: SiteLanguage,
  page: SitePage,
): Promise<string> {
  const { id } = grant;
  switch (grant.kind) {
    case 'spot': {
      const model = await spotPageModel(ctx, id, lang, 'working');
      return spotDetailPage(page, model, jsonLdFor(model.detail, publicSite(page)));
    }
    case 'event': {
      const detail = await loadDetail(ctx, 'event', id, lang, 'working');
      return eventDetailPage(page, detail, jsonLdFor(detail, publicSite(page)));
    }
    case 'course': {
      const detail = await loadDetail(ctx, 'course', id, lang, 'working');
      return courseDetailPage(page, detail, jsonLdFor(detail, publicSite(page)));
    }
    case 'article': {
      const detail = await loadDetail(ctx, 'article', id, lang, 'working');
      return articleDetailPage(page, detail, jsonLdFor(detail, publicSite(page)));
    }
  }
}

/** An expired link says so (410) instead of looking like a missing page. */
export function previewExpiredPage(page: SitePage): string {
  const title = t(page, 'previewExpiredTitle');
  const body = html`<div class="wrap detail"><h1>${title}</h1><p>${t(page, 'previewExpiredBody')}</p></div>`;
  return renderShell(page, { title, body, noindex: true });
}
