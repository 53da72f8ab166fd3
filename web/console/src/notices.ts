/**
 * The provider's notices (お知らせ) as both consoles fetch them. The shapes are the server's
 * contract (src/contract/notices.ts), imported as types only. No React.
 */
import type {
  NoticeCategory,
  NoticeDetail,
  NoticeMailState,
  NoticeSummary,
  OrganisationNotice,
} from '../../../src/contract/notices';
import { api } from './api';

export type { NoticeCategory, NoticeDetail, NoticeMailState, NoticeSummary, OrganisationNotice };

export interface NewNotice {
  category: NoticeCategory;
  title: { ja: string; en?: string };
  body: { ja: string; en?: string };
  window?: { start: string; end: string };
  audience: 'all' | { organisations: string[] };
  publishAt?: string;
}

export const fetchOwnNotices = () => api.get<{ items: OrganisationNotice[] }>('/notices');
export const acknowledgeNotice = (id: string) =>
  api.post<OrganisationNotice>(`/notices/${encodeURIComponent(id)}/acknowledge`);
export const fetchNotices = () => api.get<{ items: NoticeSummary[] }>('/ops/notices');
export const fetchNotice = (id: string) => api.get<NoticeDetail>(`/ops/notices/${encodeURIComponent(id)}`);
export const createNotice = (input: NewNotice) => api.post<NoticeDetail>('/ops/notices', input);

/** Service codes typed as a list: split on commas, spaces and 、, lower-cased, without repeats. */
export function parseServiceCodes(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,、，]+/)
        .map((code) => code.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

/** The text in the console's language, Japanese when the English is missing. */
export function inLanguage(text: { ja: string; en: string }, lang: string): string {
  return lang === 'en' && text.en.trim() ? text.en : text.ja;
}

/** Tells the banner in the layout that an acknowledgement changed what it should show. */
export const NOTICES_CHANGED = 'mitte:notices-changed';
