import type { ColumnType, Generated } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Moment = ColumnType<Date | null, Date | null | undefined, Date | null>;

export type SupportCategory = 'security' | 'breach' | 'bug' | 'inquiry';
export type SupportStatus = 'new' | 'open' | 'waiting' | 'resolved' | 'closed';
export type SupportMailState = 'pending' | 'sending' | 'sent' | 'skipped';

/** The provider's queue entry of a ticket: no customer text, only its bookkeeping. */
export interface SupportTicketsTable {
  id: Generated<string>;
  org: string;
  category: SupportCategory;
  status: Defaulted<SupportStatus>;
  assignee: ColumnType<string | null, string | null | undefined, string | null>;
  incident_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Defaulted<Date>;
  updated_at: Defaulted<Date>;
  first_response_at: Moment;
  resolved_at: Moment;
  closed_at: Moment;
}

/** What the reporter wrote (the organisation's data). */
export interface SupportReportsTable {
  org: string;
  ticket_id: string;
  reporter_id: string;
  reporter_name: string;
  subject: string;
  description: string;
}

export interface SupportMessagesTable {
  org: string;
  id: Generated<string>;
  ticket_id: string;
  author_type: 'user' | 'operator';
  author_id: string;
  author_name: string;
  body: string;
  created_at: Defaulted<Date>;
}

export interface SupportAttachmentsTable {
  org: string;
  id: Generated<string>;
  ticket_id: string;
  original_name: string;
  mime: string;
  size_bytes: ColumnType<number, number, number>;
  sha256: string;
  blob_key: string;
  key_version: number;
  created_by: string;
  created_at: Defaulted<Date>;
}

/** An operator's reply on its way to the reporter's mailbox. */
export interface SupportMailsTable {
  message_id: string;
  ticket_id: string;
  org: string;
  user_id: string;
  mail_state: Defaulted<SupportMailState>;
  attempts: Defaulted<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  lease_until: Date | null;
  sent_at: Date | null;
  last_error: string | null;
}

export type BreakGlassStatus = 'requested' | 'active' | 'ended' | 'refused';
export type BreakGlassApproval = 'operator' | 'admin';
export type BreakGlassEndReason = 'expired' | 'ended_by_operator' | 'refused';

export interface BreakGlassGrantsTable {
  id: Generated<string>;
  org: string;
  operator_id: string;
  reason: string;
  ticket_id: string | null;
  incident_id: string | null;
  duration_minutes: number;
  approval: BreakGlassApproval;
  status: Defaulted<BreakGlassStatus>;
  requested_at: Defaulted<Date>;
  approved_by: ColumnType<string | null, string | null | undefined, string | null>;
  approved_at: Moment;
  expires_at: Moment;
  ended_at: Moment;
  end_reason: ColumnType<
    BreakGlassEndReason | null,
    BreakGlassEndReason | null | undefined,
    BreakGlassEndReason | null
  >;
  start_notice_id: ColumnType<string | null, string | null | undefined, string | null>;
  end_notice_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface BreakGlassReadsTable {
  id: Generated<string>;
  grant_id: string;
  org: string;
  what: string;
  at: Defaulted<Date>;
}

export interface BreakGlassSettingsTable {
  org: string;
  approval: Defaulted<BreakGlassApproval>;
  updated_at: Defaulted<Date>;
}

export interface SupportTables {
  'provider.support_tickets': SupportTicketsTable;
  'provider.support_mails': SupportMailsTable;
  'tenant.support_reports': SupportReportsTable;
  'tenant.support_messages': SupportMessagesTable;
  'tenant.support_attachments': SupportAttachmentsTable;
  'provider.break_glass_grants': BreakGlassGrantsTable;
  'provider.break_glass_reads': BreakGlassReadsTable;
  'tenant.break_glass_settings': BreakGlassSettingsTable;
}
