/**
 * The one schema.org JSON-LD of a live item: the public API's `/jsonld` and the item's page embed
 * this same object (test/json-ld-equality.test.ts compares them for every kind).
 */

import type { OrganisationRef } from '../../../platform/access/context.js';
import { jstDateTime } from '../../../platform/time/jst.js';
import { KIND_PATH, type Language } from '../content.schema.js';
import {
  articleJsonLd,
  eventJsonLd,
  touristAttractionJsonLd,
  touristTripJsonLd,
} from '../lib/structured-data.js';
import type { PublicDetail } from './read-models.js';

/** Where the organisation's public site lives. */
export interface PublicSite {
  org: OrganisationRef;
  /** Scheme, host and path prefix of the site: `https://host/s/{code}`, or a mapped domain's root. */
  base: string;
}

/** The organisation's name in a language: Japanese, or English (marked) where kanji would not help. */
export function organisationName(org: OrganisationRef, lang: Language): { text: string; lang: Language } {
  if (lang === 'ja' || lang === 'zh-Hans' || lang === 'zh-Hant') return { text: org.nameJa, lang: 'ja' };
  return { text: org.nameEn || org.nameJa, lang: org.nameEn ? 'en' : 'ja' };
}

export const itemUrl = (site: PublicSite, lang: Language, kind: keyof typeof KIND_PATH, id: string) =>
  `${site.base}/${lang}/${KIND_PATH[kind]}/${id}`;

/** The largest derivative of an image, as search engines and link previews want it. */
export const imageUrl = (site: PublicSite, id: string) => `${site.base}/media/${id}/w1600.webp`;

/**
 * schema.org JSON-LD of one live item: TouristAttraction, Event (a recurring one described by its
 * next occurrence, the venue completed from its spot), TouristTrip (live stops only) or Article.
 */
export function jsonLdFor(detail: PublicDetail, site: PublicSite): Record<string, unknown> {
  const { lang, row } = detail;
  const url = itemUrl(site, lang, detail.kind, row.id);
  const imageUrls = detail.images.map((img) => imageUrl(site, img.id));
  const publisher = { name: organisationName(site.org, lang).text, url: `${site.base}/${lang}/` };
  switch (detail.kind) {
    case 'spot':
      return touristAttractionJsonLd({ ...detail.row.data, id: row.id, imageUrls }, { url, lang });
    case 'event': {
      const data = detail.row.data;
      const spot = detail.venueSpot;
      // Google needs the place's name, address and position: the venue spot's where the venue has none.
      const venue = {
        ...data.venue,
        ...(data.venue.name?.ja ? {} : spot ? { name: spot.name } : {}),
        ...(data.venue.address?.ja ? {} : spot?.address ? { address: spot.address } : {}),
        ...(data.venue.lat === undefined && spot?.lat !== undefined ? { lat: spot.lat } : {}),
        ...(data.venue.lng === undefined && spot?.lng !== undefined ? { lng: spot.lng } : {}),
      };
      const next = detail.nextDates[0];
      return eventJsonLd(
        { ...data, venue, id: row.id, imageUrls },
        {
          url,
          lang,
          org: publisher,
          ...(next ? { occurrenceStart: jstDateTime(next, data.startTime) } : {}),
        },
      );
    }
    case 'course': {
      const data = detail.row.data;
      return touristTripJsonLd(
        {
          id: row.id,
          name: data.name,
          ...(data.description ? { description: data.description } : {}),
          imageUrls,
          stops: data.stops.flatMap((stop, i) => {
            const spot = detail.stopSpots[i];
            if (!spot) return [];
            return [
              {
                name: spot.data.name,
                ...(spot.data.description ? { description: spot.data.description } : {}),
                url: itemUrl(site, lang, 'spot', spot.id),
                stayMinutes: stop.stayMinutes,
                ...(stop.minutesToNext === undefined ? {} : { minutesToNext: stop.minutesToNext }),
              },
            ];
          }),
        },
        { url, lang },
      );
    }
    case 'article':
      return articleJsonLd(
        { title: detail.row.data.title, publishedAt: row.publishedAt, imageUrls },
        { url, lang, publisher },
      );
  }
}
