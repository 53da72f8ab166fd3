import type { Language } from '../../contract/languages.js';
import type { OrganisationRef } from '../../db/organisation-ref.js';
import type { CampaignRow, CheckpointRow } from './rally.repo.js';
import type { PublicCampaign } from './rally-visitor.service.js';

/**
 * A published campaign as open data: its checkpoints as GeoJSON and the campaign as a schema.org
 * `Event`. The public API and the campaign page use these same builders (one JSON-LD, not two).
 * Nothing here lets anyone stamp: no QR token, no staff code.
 */

const inLanguage = (texts: Record<string, string> | undefined, lang: Language) =>
  texts?.[lang] ?? texts?.ja ?? '';

/** `https://host/s/{code}` or a mapped domain's root, as the site's links are built. */
export type SiteBase = string;

const campaignUrl = (base: SiteBase, lang: Language, slug: string) => `${base}/${lang}/rally/${slug}/`;

export function checkpointsGeoJson(model: PublicCampaign, lang: Language, base: SiteBase) {
  return {
    type: 'FeatureCollection' as const,
    name: inLanguage(model.campaign.texts.name, lang),
    features: model.checkpoints.map((c: CheckpointRow) => ({
      type: 'Feature' as const,
      id: c.id,
      geometry: { type: 'Point' as const, coordinates: [c.lng, c.lat] },
      properties: {
        name: inLanguage(c.name, lang),
        names: c.name,
        order: c.position + 1,
        method: c.method,
        radiusM: c.method === 'location' || c.method === 'qr_location' ? c.radius_m : null,
        spotId: c.spot_id,
        campaign: campaignUrl(base, lang, model.campaign.slug),
      },
    })),
  };
}

function eventStatus(campaign: CampaignRow): string | undefined {
  // An ended rally happened as planned; schema.org has no "ended" status, so none is claimed.
  return campaign.status === 'published' ? 'https://schema.org/EventScheduled' : undefined;
}

/** The campaign as schema.org `Event`: the period, every checkpoint a `Place`, free to join. */
export function campaignJsonLd(
  model: PublicCampaign,
  lang: Language,
  base: SiteBase,
  org: Pick<OrganisationRef, 'nameJa' | 'nameEn'>,
): Record<string, unknown> {
  const { campaign } = model;
  const url = campaignUrl(base, lang, campaign.slug);
  const description = inLanguage(campaign.texts.description, lang);
  const status = eventStatus(campaign);
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': url,
    url,
    name: inLanguage(campaign.texts.name, lang),
    ...(description ? { description } : {}),
    inLanguage: lang,
    startDate: campaign.starts_at.toISOString(),
    endDate: campaign.ends_at.toISOString(),
    ...(status ? { eventStatus: status } : {}),
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    isAccessibleForFree: true,
    location: model.checkpoints.map((c) => ({
      '@type': 'Place',
      name: inLanguage(c.name, lang),
      geo: { '@type': 'GeoCoordinates', latitude: c.lat, longitude: c.lng },
    })),
    organizer: {
      '@type': 'Organization',
      name: lang === 'ja' || lang.startsWith('zh') ? org.nameJa : org.nameEn || org.nameJa,
      url: `${base}/${lang}/`,
    },
  };
}

/** One icon of a web app manifest. */
export interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose: 'any' | 'maskable';
}

/**
 * The campaign as an installable web app (web app manifest): its URLs are relative to the
 * manifest, which sits in the campaign's folder, so it starts at the stamp card and its scope is
 * the campaign's pages in this language, whatever host or prefix the site is served under.
 */
export function campaignManifest(
  campaign: CampaignRow,
  lang: Language,
  look: { themeColour: string; icons: ManifestIcon[] },
): Record<string, unknown> {
  const name = inLanguage(campaign.texts.name, lang);
  return {
    name,
    short_name: [...name].length > 12 ? [...name].slice(0, 12).join('') : name,
    lang,
    dir: 'ltr',
    id: './',
    start_url: './card',
    scope: './',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: look.themeColour,
    icons: look.icons,
  };
}
