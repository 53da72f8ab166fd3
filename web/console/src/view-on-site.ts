/**
 * "View on site": the live page of an item and signed, expiring preview links of its draft
 * (POST /api/v1/{kind}/{id}/preview-link). No React.
 */
import { api } from './api';
import { type ContentKind, KIND_PATH, type Language } from './content/model';

/** The public page of a published item, on this service's host. */
export function livePageUrl(
  serviceCode: string,
  kind: ContentKind,
  id: string,
  lang: Language = 'ja',
): string {
  return `/s/${encodeURIComponent(serviceCode)}/${lang}/${KIND_PATH[kind]}/${encodeURIComponent(id)}`;
}

export interface PreviewLink {
  url: string;
  token: string;
  lang: Language;
  expiresAt: string;
}

export function createPreviewLink(kind: ContentKind, id: string, lang: Language): Promise<PreviewLink> {
  return api.post<PreviewLink>(`/${KIND_PATH[kind]}/${encodeURIComponent(id)}/preview-link`, { lang });
}
