/**
 * The support desk (サポート窓口) and break-glass access as both consoles fetch them; the shapes
 * and the lists of categories and statuses are the server's contract (src/contract/support.ts). No React.
 */
import type {
  BreakGlassGrant,
  SupportCategory,
  SupportStatus,
  SupportTicket,
  SupportTicketSummary,
} from '../../../src/contract/support';
import { api } from './api';

export type * from '../../../src/contract/support';
export {
  BREAK_GLASS_MAX_MINUTES,
  SUPPORT_CATEGORIES,
  SUPPORT_STATUSES,
} from '../../../src/contract/support';

const id = encodeURIComponent;

/** Sends the report form: texts first, then the files (each scanned by the server). */
export function reportTicket(
  input: { category: SupportCategory; subject: string; description: string },
  files: File[],
) {
  const form = new FormData();
  form.append('category', input.category);
  form.append('subject', input.subject);
  form.append('description', input.description);
  for (const file of files) form.append('file', file, file.name);
  return api.postForm<SupportTicket>('/support/tickets', form);
}
export const fetchOwnTickets = () => api.get<{ items: SupportTicketSummary[] }>('/support/tickets');
export const fetchOwnTicket = (ticket: string) => api.get<SupportTicket>(`/support/tickets/${id(ticket)}`);
export const replyToTicket = (ticket: string, body: string) =>
  api.post<SupportTicket>(`/support/tickets/${id(ticket)}/replies`, { body });
export const attachmentUrl = (ticket: string, attachment: string, ops = false) =>
  `/api/v1/${ops ? 'ops/' : ''}support/tickets/${id(ticket)}/attachments/${id(attachment)}`;

export const fetchSupportQueue = () => api.get<{ items: SupportTicketSummary[] }>('/ops/support/tickets');
export const fetchQueuedTicket = (ticket: string) =>
  api.get<SupportTicket>(`/ops/support/tickets/${id(ticket)}`);
export const updateQueuedTicket = (
  ticket: string,
  input: { status?: SupportStatus; assignee?: string | null; incidentId?: string | null },
) => api.patch<SupportTicket>(`/ops/support/tickets/${id(ticket)}`, input);
export const answerTicket = (ticket: string, body: string) =>
  api.post<SupportTicket>(`/ops/support/tickets/${id(ticket)}/replies`, { body });

export const fetchOwnBreakGlass = () => api.get<{ items: BreakGlassGrant[] }>('/break-glass');
export const decideBreakGlass = (grant: string, decision: 'approve' | 'refuse') =>
  api.post<BreakGlassGrant>(`/break-glass/${id(grant)}/${decision}`);
export const fetchBreakGlassSetting = () =>
  api.get<{ approval: 'operator' | 'admin' }>('/break-glass/setting');
export const saveBreakGlassSetting = (approval: 'operator' | 'admin') =>
  api.put<{ approval: 'operator' | 'admin' }>('/break-glass/setting', { approval });

export const fetchBreakGlassGrants = () => api.get<{ items: BreakGlassGrant[] }>('/ops/break-glass');
export const requestBreakGlass = (input: {
  org: string;
  reason: string;
  ticketId?: string;
  incidentId?: string;
  durationMinutes: number;
}) => api.post<BreakGlassGrant>('/ops/break-glass', input);
export const approveBreakGlass = (grant: string) =>
  api.post<BreakGlassGrant>(`/ops/break-glass/${id(grant)}/approve`);
export const endBreakGlass = (grant: string) =>
  api.post<BreakGlassGrant>(`/ops/break-glass/${id(grant)}/end`);
export const readUnderGrant = (grant: string, what: string) =>
  api.get<{ items: unknown[] }>(`/ops/break-glass/${id(grant)}/read/${id(what)}`);

/** A UUID as the forms accept it (ticket and incident links). */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim());
}
