/** The audit log viewer's filters and labels (監査ログ). No DOM, no React. */
import type { MessageKey, TFunction } from './i18n';
import { jstDayEndExclusiveIso, jstDayStartIso } from './jst';
import './i18n-audit';

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Categories of the action filter: the API takes a prefix ending in "." for a category. */
export const AUDIT_CATEGORIES: readonly { prefix: string; key: MessageKey }[] = [
  { prefix: 'auth.', key: 'audit.category.auth' },
  { prefix: 'user.', key: 'audit.category.user' },
  { prefix: 'content.', key: 'audit.category.content' },
  { prefix: 'http.', key: 'audit.category.http' },
  { prefix: 'organisation.', key: 'audit.category.organisation' },
  { prefix: 'audit.', key: 'audit.category.audit' },
];

/** Japanese/English names of the actions the service records. */
const ACTION_KEYS: Readonly<Record<string, MessageKey>> = {
  'auth.sign_in': 'audit.action.auth.sign_in',
  'auth.sign_out': 'audit.action.auth.sign_out',
  'auth.totp': 'audit.action.auth.totp',
  'auth.totp_enrolment': 'audit.action.auth.totp_enrolment',
  'auth.totp_enrolled': 'audit.action.auth.totp_enrolled',
  'auth.lockout': 'audit.action.auth.lockout',
  'auth.session_ended': 'audit.action.auth.session_ended',
  'auth.password_reset_requested': 'audit.action.auth.password_reset_requested',
  'auth.recovery_codes_regenerated': 'audit.action.auth.recovery_codes_regenerated',
  'user.created': 'audit.action.user.created',
  'user.invited': 'audit.action.user.invited',
  'user.invitation_accepted': 'audit.action.user.invitation_accepted',
  'user.invitation_resent': 'audit.action.user.invitation_resent',
  'user.invitation_revoked': 'audit.action.user.invitation_revoked',
  'user.updated': 'audit.action.user.updated',
  'user.suspended': 'audit.action.user.suspended',
  'user.resumed': 'audit.action.user.resumed',
  'user.deleted': 'audit.action.user.deleted',
  'user.totp_reset': 'audit.action.user.totp_reset',
  'user.password_changed': 'audit.action.user.password_changed',
  'user.password_reset': 'audit.action.user.password_reset',
  'organisation.provisioned': 'audit.action.organisation.provisioned',
  'organisation.security_settings_changed': 'audit.action.organisation.security_settings_changed',
  'http.unauthenticated': 'audit.action.http.unauthenticated',
  'http.forbidden': 'audit.action.http.forbidden',
  'http.csrf_refused': 'audit.action.http.csrf_refused',
  'audit.viewed': 'audit.action.audit.viewed',
  'audit.exported': 'audit.action.audit.exported',
};

const CONTENT_KIND_KEYS: Readonly<Record<string, MessageKey>> = {
  spot: 'audit.target.spot',
  event: 'audit.target.event',
  course: 'audit.target.course',
  article: 'audit.target.article',
};

const CONTENT_VERB_KEYS: Readonly<Record<string, MessageKey>> = {
  created: 'audit.verb.created',
  updated: 'audit.verb.updated',
  submitted: 'audit.verb.submitted',
  withdrawn: 'audit.verb.withdrawn',
  published: 'audit.verb.published',
  unpublished: 'audit.verb.unpublished',
  scheduled: 'audit.verb.scheduled',
  restored: 'audit.verb.restored',
  deleted: 'audit.verb.deleted',
};

/** 「ログイン」, 「観光スポットを公開」…; `undefined` for an action the console does not know. */
export function auditActionLabel(action: string, t: TFunction): string | undefined {
  const key = ACTION_KEYS[action];
  if (key) return t(key);
  const content = /^content\.([a-z_]+)\.([a-z_]+)$/.exec(action);
  const kindKey = content ? CONTENT_KIND_KEYS[content[1] ?? ''] : undefined;
  const verbKey = content ? CONTENT_VERB_KEYS[content[2] ?? ''] : undefined;
  if (kindKey && verbKey) return t('audit.action.content', { kind: t(kindKey), verb: t(verbKey) });
  return undefined;
}

const TARGET_KEYS: Readonly<Record<string, MessageKey>> = {
  ...CONTENT_KIND_KEYS,
  user: 'audit.target.user',
  account: 'audit.target.account',
  session: 'audit.target.session',
  organisation: 'audit.target.organisation',
  operator: 'audit.target.operator',
  route: 'audit.target.route',
};

/** A code's name from a table of message keys; a code the console does not know as written. */
const labelFrom =
  (keys: Readonly<Record<string, MessageKey>>) =>
  (code: string, t: TFunction): string => {
    const key = keys[code];
    return key ? t(key) : code;
  };

/** The name of a target type (「ユーザー」, 「観光スポット」); unknown types as written. */
export const auditTargetLabel = labelFrom(TARGET_KEYS);

const ACTOR_KEYS: Readonly<Record<string, MessageKey>> = {
  user: 'audit.actor.user',
  operator: 'audit.actor.operator',
  system: 'audit.actor.system',
  anonymous: 'audit.actor.anonymous',
};

/** The name of an actor type (利用者, 運営担当者, システム, …); unknown types as written. */
export const auditActorTypeLabel = labelFrom(ACTOR_KEYS);

export const OUTCOME_KEYS: Readonly<Record<AuditOutcome, MessageKey>> = {
  success: 'audit.outcome.success',
  failure: 'audit.outcome.failure',
  denied: 'audit.outcome.denied',
};

export function isAuditOutcome(value: unknown): value is AuditOutcome {
  return typeof value === 'string' && (AUDIT_OUTCOMES as readonly string[]).includes(value);
}

/** The filter form: dates are JST calendar days (`YYYY-MM-DD`), '' means "any". */
export interface AuditFilters {
  fromDate: string;
  toDate: string;
  action: string;
  actorId: string;
  outcome: AuditOutcome | '';
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = {
  fromDate: '',
  toDate: '',
  action: '',
  actorId: '',
  outcome: '',
};

/** Which filters cannot be sent as they are. */
export function auditFilterIssues(filters: AuditFilters): { fromDate?: true; toDate?: true; order?: true } {
  const issues: { fromDate?: true; toDate?: true; order?: true } = {};
  if (filters.fromDate && !jstDayStartIso(filters.fromDate)) issues.fromDate = true;
  if (filters.toDate && !jstDayStartIso(filters.toDate)) issues.toDate = true;
  if (
    !issues.fromDate &&
    !issues.toDate &&
    filters.fromDate &&
    filters.toDate &&
    filters.toDate < filters.fromDate
  )
    issues.order = true;
  return issues;
}

/**
 * The query string for the API (without `?`): the period from the start of the first JST day to
 * the end of the last one (exclusive), in UTC; empty filters are left out.
 */
export function auditQueryString(
  filters: AuditFilters,
  page: { before?: number; limit?: number } = {},
): string {
  const params = new URLSearchParams();
  const from = filters.fromDate ? jstDayStartIso(filters.fromDate) : undefined;
  const to = filters.toDate ? jstDayEndExclusiveIso(filters.toDate) : undefined;
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (/^[a-z0-9_.]+$/.test(filters.action)) params.set('action', filters.action);
  if (filters.actorId) params.set('actorId', filters.actorId);
  if (filters.outcome) params.set('outcome', filters.outcome);
  if (page.before !== undefined) params.set('before', String(page.before));
  if (page.limit !== undefined) params.set('limit', String(page.limit));
  return params.toString();
}

/** `details` as short readable text for the table; '' when there is nothing to show. */
export function auditDetailsText(details: Record<string, unknown> | null | undefined): string {
  if (!details || Object.keys(details).length === 0) return '';
  return JSON.stringify(details, null, 2);
}
