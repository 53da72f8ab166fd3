/** The support desk (サポート窓口) and break-glass access as the API shows them (shared with the console). */
export const SUPPORT_CATEGORIES = ['security', 'breach', 'bug', 'inquiry'] as const;
export type SupportCategory = (typeof SUPPORT_CATEGORIES)[number];
export const SUPPORT_STATUSES = ['new', 'open', 'waiting', 'resolved', 'closed'] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

/** Hours to the first response and to resolution, by category (security matters first). */
export const SUPPORT_TARGET_HOURS: Record<SupportCategory, { firstResponse: number; resolution: number }> = {
  breach: { firstResponse: 1, resolution: 24 },
  security: { firstResponse: 2, resolution: 48 },
  bug: { firstResponse: 8, resolution: 120 },
  inquiry: { firstResponse: 24, resolution: 120 },
};

export interface SupportTimer {
  dueAt: string;
  /** When it was met; null while running. */
  metAt: string | null;
  overdue: boolean;
}

export interface SupportMessage {
  id: string;
  author: 'user' | 'operator';
  authorName: string;
  body: string;
  at: string;
  /** Operators' replies only: how the mail to the reporter went. */
  mail?: { state: 'pending' | 'sending' | 'sent' | 'skipped'; attempts: number; lastError: string | null };
}

export interface SupportAttachment {
  id: string;
  name: string;
  mime: string;
  sizeBytes: number;
}

/** A ticket in a queue or list: its subject and bookkeeping, without the report's text. */
export interface SupportTicketSummary {
  id: string;
  org: string;
  subject: string;
  category: SupportCategory;
  status: SupportStatus;
  assignee: string | null;
  incidentId: string | null;
  createdAt: string;
  updatedAt: string;
  firstResponse: SupportTimer;
  resolution: SupportTimer;
}

export interface SupportTicket extends SupportTicketSummary {
  description: string;
  reporterName: string;
  messages: SupportMessage[];
  attachments: SupportAttachment[];
}

export const BREAK_GLASS_MAX_MINUTES = 240;
export type BreakGlassStatus = 'requested' | 'active' | 'ended' | 'refused';

/** A break-glass grant as both sides see it: who, why, until when, what was read. */
export interface BreakGlassGrant {
  id: string;
  org: string;
  operatorId: string;
  reason: string;
  ticketId: string | null;
  incidentId: string | null;
  durationMinutes: number;
  approval: 'operator' | 'admin';
  status: BreakGlassStatus;
  requestedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  expiresAt: string | null;
  endedAt: string | null;
  endReason: 'expired' | 'ended_by_operator' | 'refused' | null;
  reads: { what: string; at: string }[];
}
