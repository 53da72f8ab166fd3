import type { ColumnType, Generated } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type NoticeCategory = 'maintenance' | 'change' | 'security';
export type NoticeAudience = 'all' | 'list';
export type NoticeStatus = 'scheduled' | 'published';
export type NoticeMailState = 'pending' | 'sending' | 'sent' | 'skipped';

/** The provider's notices (お知らせ) to organisations. */
export interface NoticesTable {
  id: Generated<string>;
  category: NoticeCategory;
  title_ja: string;
  title_en: Defaulted<string>;
  body_ja: string;
  body_en: Defaulted<string>;
  window_start: Date | null;
  window_end: Date | null;
  audience: NoticeAudience;
  status: NoticeStatus;
  publish_at: ColumnType<Date, Date | string, Date | string>;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_by: string;
  created_at: Defaulted<Date>;
}

export interface NoticeOrganisationsTable {
  notice_id: string;
  org: string;
}

/** Each affected admin's mail (the queue) and acknowledgement (the read receipt). */
export interface NoticeReceiptsTable {
  notice_id: string;
  org: string;
  user_id: string;
  mail_state: Defaulted<NoticeMailState>;
  attempts: Defaulted<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  lease_until: Date | null;
  sent_at: Date | null;
  last_error: string | null;
  acknowledged_at: Date | null;
}

export interface NoticeTables {
  'provider.notices': NoticesTable;
  'provider.notice_organisations': NoticeOrganisationsTable;
  'provider.notice_receipts': NoticeReceiptsTable;
}
