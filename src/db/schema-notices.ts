import type { ColumnType, Generated } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type NoticeCategory = 'maintenance' | 'change' | 'security' | 'incident';
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
  /** Set when the notice is an incident's update (category 'incident'). */
  incident_id: ColumnType<string | null, string | null | undefined, string | null>;
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

export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export type IncidentSeverity = 'minor' | 'major' | 'critical';

export interface IncidentsTable {
  id: Generated<string>;
  title_ja: string;
  title_en: Defaulted<string>;
  impact_ja: string;
  impact_en: Defaulted<string>;
  severity: IncidentSeverity;
  functions: Defaulted<string[]>;
  audience: NoticeAudience;
  status: IncidentStatus;
  opened_by: string;
  opened_at: Defaulted<Date>;
  resolved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  report: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  report_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface IncidentOrganisationsTable {
  incident_id: string;
  org: string;
}

export interface IncidentUpdatesTable {
  id: Generated<string>;
  incident_id: string;
  status: IncidentStatus;
  message_ja: string;
  message_en: Defaulted<string>;
  created_by: string;
  created_at: Defaulted<Date>;
  notice_id: string | null;
}

export interface NoticeTables {
  'provider.incidents': IncidentsTable;
  'provider.incident_organisations': IncidentOrganisationsTable;
  'provider.incident_updates': IncidentUpdatesTable;
  'provider.notices': NoticesTable;
  'provider.notice_organisations': NoticeOrganisationsTable;
  'provider.notice_receipts': NoticeReceiptsTable;
}
