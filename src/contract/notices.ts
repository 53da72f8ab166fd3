/** The provider's notices (お知らせ) as the API shows them (shared with the console). */
export const NOTICE_CATEGORIES = ['maintenance', 'change', 'security', 'incident'] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];

export interface NoticeText {
  ja: string;
  en: string;
}

/** What an organisation's staff see of a notice. */
export interface OrganisationNotice {
  id: string;
  category: NoticeCategory;
  title: NoticeText;
  body: NoticeText;
  window: { start: string; end: string } | null;
  publishedAt: string;
  /** Only for admins the notice was addressed to: when they acknowledged it, or null. */
  acknowledgedAt: string | null;
  /** True while the signed-in admin has not acknowledged it (the console's banner). */
  needsAcknowledgement: boolean;
  /** The incident this notice is an update of (category 'incident'). */
  incidentId: string | null;
}

export const NOTICE_MAIL_STATES = ['pending', 'sending', 'sent', 'skipped'] as const;
export type NoticeMailState = (typeof NOTICE_MAIL_STATES)[number];

/** A notice as operators see it, with its delivery and read-receipt figures. */
export interface NoticeSummary {
  id: string;
  category: NoticeCategory;
  title: NoticeText;
  body: NoticeText;
  window: { start: string; end: string } | null;
  audience: 'all' | 'list';
  status: 'scheduled' | 'published';
  publishAt: string;
  publishedAt: string | null;
  createdBy: string;
  createdAt: string;
  organisations: number;
  recipients: number;
  mailed: number;
  mailPending: number;
  acknowledged: number;
}

/** One admin's receipt: the mail's delivery and the acknowledgement (account id, no address). */
export interface NoticeReceipt {
  org: string;
  userId: string;
  mailState: NoticeMailState;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  acknowledgedAt: string | null;
}

export interface NoticeDetail extends NoticeSummary {
  /** The organisations it concerns (the list, or every active one once an 'all' notice is out). */
  organisationCodes: string[];
  receipts: NoticeReceipt[];
}
