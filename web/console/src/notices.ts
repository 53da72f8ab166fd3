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
import { NOTICE_CATEGORIES, NOTICE_MAIL_STATES } from '../../../src/contract/notices';
import { api } from './api';
import { keysByCode } from './message-keys';

export type { NoticeCategory, NoticeDetail, NoticeMailState, NoticeSummary, OrganisationNotice };

export const NOTICE_CATEGORY_KEYS = keysByCode('notices.category', NOTICE_CATEGORIES);

export const MAIL_STATE_KEYS = keysByCode('ops.notices.mail', NOTICE_MAIL_STATES);

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
