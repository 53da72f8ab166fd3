import { BREAK_GLASS_MAX_MINUTES, type BreakGlassGrant } from '../../contract/support.js';
import type { Database } from '../../db/database.js';
import { loadOrganisationRef } from '../../db/organisation-ref.js';
import { asOrganisation } from '../../db/scope.js';
import type { LazyContext, ProviderContext, TenantContext } from '../../platform/access/context.js';
import { permissionChecks } from '../../platform/access/context.js';
import { type AuditEntry, audit, recordSecurityEvent } from '../../platform/audit/audit.js';
import { AppError, Errors } from '../../platform/errors.js';
import { findOrganisation } from '../../platform/tenancy/organisations.repo.js';
import { CONTENT_KINDS, type ContentKind, listItems } from '../content/index.js';
import { findIncident } from '../incidents/index.js';
import { listMedia } from '../media/index.js';
import { supportTicketOrganisation } from '../support/index.js';
import { listUserRows } from '../users/index.js';
import {
  findApprovalSetting,
  findGrant,
  type GrantRow,
  insertGrant,
  insertRead,
  listGrants,
  listReads,
  makeReadOnly,
  saveApprovalSetting,
  updateGrant,
} from './break-glass.repo.js';

const LIST_LIMIT = 200;
/** A request not approved within this time must be made again. */
export const REQUEST_VALID_MS = 60 * 60_000;

export interface BreakGlassRequest {
  org: string;
  reason: string;
  ticketId?: string | undefined;
  incidentId?: string | undefined;
  durationMinutes: number;
}

/** What may be read under a grant: content lists, media metadata, the accounts without secrets. */
export const READABLE = ['spots', 'events', 'courses', 'articles', 'media', 'users'] as const;
export type Readable = (typeof READABLE)[number];

const KIND_OF: Record<string, ContentKind> = Object.fromEntries(
  CONTENT_KINDS.map((k) => [`${k}s`, k]),
) as Record<string, ContentKind>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toGrant(row: GrantRow, reads: { grant_id: string; what: string; at: Date }[]): BreakGlassGrant {
  return {
    id: row.id,
    org: row.org,
    operatorId: row.operator_id,
    reason: row.reason,
    ticketId: row.ticket_id,
    incidentId: row.incident_id,
    durationMinutes: row.duration_minutes,
    approval: row.approval,
    status: row.status,
    requestedAt: row.requested_at.toISOString(),
    approvedBy: row.approved_by,
    approvedAt: iso(row.approved_at),
    expiresAt: iso(row.expires_at),
    endedAt: iso(row.ended_at),
    endReason: row.end_reason,
    reads: reads.filter((r) => r.grant_id === row.id).map((r) => ({ what: r.what, at: r.at.toISOString() })),
  };
}

async function withReads(tx: ProviderContext['tx'], rows: GrantRow[]): Promise<BreakGlassGrant[]> {
  const reads = await listReads(
    tx,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toGrant(row, reads));
}

function operatorOf(ctx: { actor: ProviderContext['actor'] }): string {
  if (ctx.actor.type !== 'operator') throw Errors.forbidden();
  return ctx.actor.id;
}

const entryFor = (action: string, row: GrantRow, details: Record<string, unknown> = {}): AuditEntry => ({
  action,
  target: { type: 'break_glass', id: row.id },
  details: { org: row.org, operator: row.operator_id, ...details },
});

/** Both chains: the provider's and the organisation's, in the provider's transaction. */
function auditBoth(ctx: ProviderContext, entry: AuditEntry, org: string) {
  return audit(ctx, entry, { onOrganisation: org });
}

const conflict = (code: string, ja: string, en: string) => new AppError(409, code, { ja, en });

/** An operator asks to read one organisation's data: reason, linked ticket or incident, ≤ 4 h. */
export async function requestBreakGlass(
  ctx: ProviderContext,
  input: BreakGlassRequest,
): Promise<BreakGlassGrant> {
  ctx.require('ops:support');
  const me = operatorOf(ctx);
  const reason = input.reason.trim();
  if (reason === '')
    throw Errors.invalidField('reason', { ja: '理由を入力してください。', en: 'Enter the reason.' });
  if (
    !Number.isInteger(input.durationMinutes) ||
    input.durationMinutes < 1 ||
    input.durationMinutes > BREAK_GLASS_MAX_MINUTES
  )
    throw Errors.invalidField('durationMinutes', {
      ja: `期間は1分から${BREAK_GLASS_MAX_MINUTES / 60}時間までで指定してください。`,
      en: `The duration must be between 1 minute and ${BREAK_GLASS_MAX_MINUTES / 60} hours.`,
    });
  const org = await findOrganisation(ctx.tx, input.org);
  if (!org || org.status !== 'active')
    throw Errors.invalidField('org', {
      ja: '契約中の組織ではありません。',
      en: 'Not an organisation under contract.',
    });
  if (!input.ticketId && !input.incidentId)
    throw Errors.invalidField('ticketId', {
      ja: '関連する問い合わせまたは障害を指定してください。',
      en: 'Link the support ticket or incident this access is for.',
    });
  if (input.ticketId && (await supportTicketOrganisation(ctx, input.ticketId)) !== input.org)
    throw Errors.invalidField('ticketId', {
      ja: 'この組織の問い合わせではありません。',
      en: 'Not a support ticket of this organisation.',
    });
  if (input.incidentId && !(await findIncident(ctx.tx, input.incidentId)))
    throw Errors.invalidField('incidentId', {
      ja: '指定された障害は見つかりません。',
      en: 'No such incident.',
    });
  const approval = await asOrganisation(ctx.tx, input.org, () => findApprovalSetting(ctx.tx, input.org));
  const row = await insertGrant(ctx.tx, {
    org: input.org,
    operator_id: me,
    reason,
    ticket_id: input.ticketId ?? null,
    incident_id: input.incidentId ?? null,
    duration_minutes: input.durationMinutes,
    approval,
  });
  await auditBoth(
    ctx,
    entryFor('break_glass.requested', row, { reason, minutes: row.duration_minutes, approval }),
    row.org,
  );
  return toGrant(row, []);
}

function refuseUnlessWaiting(row: GrantRow, now: Date) {
  if (row.status !== 'requested')
    throw conflict(
      'break_glass_not_waiting',
      'この申請は承認待ちではありません。',
      'This request is not waiting for approval.',
    );
  if (now.getTime() - row.requested_at.getTime() > REQUEST_VALID_MS)
    throw conflict(
      'break_glass_request_expired',
      '申請から1時間を過ぎたため承認できません。改めて申請してください。',
      'The request is more than an hour old and can no longer be approved; request again.',
    );
}

/** A second operator approves: the access starts now, for the requested duration. */
export async function approveBreakGlass(
  ctx: ProviderContext,
  id: string,
  now = new Date(),
): Promise<BreakGlassGrant> {
  ctx.require('ops:break-glass-approve');
  const me = operatorOf(ctx);
  const row = await findGrant(ctx.tx, id, true);
  if (!row) throw Errors.notFound();
  if (row.operator_id === me)
    throw new AppError(403, 'self_approval', {
      ja: '自分の申請は承認できません。別の運営担当者が承認してください。',
      en: 'You cannot approve your own request; another operator must approve it.',
    });
  refuseUnlessWaiting(row, now);
  if (row.approval === 'admin')
    throw conflict(
      'break_glass_admin_approves',
      'この組織では、組織の管理者が承認します。',
      "This organisation's admin approves its requests.",
    );
  const updated = await updateGrant(ctx.tx, id, {
    status: 'active',
    approved_by: me,
    approved_at: now,
    expires_at: new Date(now.getTime() + row.duration_minutes * 60_000),
  });
  await auditBoth(
    ctx,
    entryFor('break_glass.started', updated, { approvedBy: me, until: iso(updated.expires_at) }),
    row.org,
  );
  return (await withReads(ctx.tx, [updated]))[0]!;
}

/** The requester (or an approver) ends an open access early. */
export async function endBreakGlass(
  ctx: ProviderContext,
  id: string,
  now = new Date(),
): Promise<BreakGlassGrant> {
  ctx.require('ops:support');
  const me = operatorOf(ctx);
  const row = await findGrant(ctx.tx, id, true);
  if (!row || (row.operator_id !== me && !ctx.can('ops:break-glass-approve'))) throw Errors.notFound();
  if (row.status !== 'active')
    throw conflict(
      'break_glass_not_active',
      'このアクセスは有効ではありません。',
      'This access is not open.',
    );
  const updated = await updateGrant(ctx.tx, id, {
    status: 'ended',
    ended_at: now,
    end_reason: 'ended_by_operator',
  });
  await auditBoth(
    ctx,
    entryFor('break_glass.ended', updated, { by: me, reason: 'ended_by_operator' }),
    row.org,
  );
  return (await withReads(ctx.tx, [updated]))[0]!;
}

export async function listBreakGlass(ctx: ProviderContext): Promise<BreakGlassGrant[]> {
  ctx.require('ops:support');
  return withReads(ctx.tx, await listGrants(ctx.tx, LIST_LIMIT));
}

/** Ends an access whose time is up (at a read, or by the job): both chains. */
export async function expireGrant(ctx: ProviderContext, row: GrantRow): Promise<void> {
  const ended = await updateGrant(ctx.tx, row.id, {
    status: 'ended',
    ended_at: row.expires_at,
    end_reason: 'expired',
  });
  await auditBoth(ctx, entryFor('break_glass.ended', ended, { reason: 'expired' }), row.org);
}

const noOpenAccess = () =>
  new AppError(403, 'no_break_glass_access', {
    ja: 'この組織のデータを閲覧できる承認済みのアクセスがありません。',
    en: 'You have no approved access to read this organisation’s data.',
  });

/**
 * A read under a grant, in the operator's provider transaction: the grant is checked (this
 * operator's, approved, unexpired — an expired one is ended here and refused), the read is
 * recorded in both chains, then the transaction turns read-only and switches into the
 * organisation for the one read. Answers 'expired' (committed) rather than throwing, so the
 * ending is kept; the route refuses it.
 */
export async function readUnderGrant(
  ctx: ProviderContext,
  grantId: string,
  what: Readable,
  now = new Date(),
): Promise<{ expired: true } | { expired: false; items: unknown[] }> {
  ctx.require('ops:support');
  const me = operatorOf(ctx);
  const row = await findGrant(ctx.tx, grantId, true);
  if (!row || row.operator_id !== me || row.status !== 'active' || !row.expires_at) throw noOpenAccess();
  if (row.expires_at <= now) {
    await expireGrant(ctx, row);
    return { expired: true };
  }
  await insertRead(ctx.tx, { grant_id: row.id, org: row.org, what });
  await auditBoth(ctx, entryFor('break_glass.read', row, { what }), row.org);
  const organisation = await loadOrganisationRef(ctx.tx, row.org);
  if (!organisation) throw Errors.notFound();
  const items = await asOrganisation(ctx.tx, row.org, async () => {
    await makeReadOnly(ctx.tx);
    // The organisation's own operations, with view rights only: read-only twice over.
    const viewer: TenantContext = {
      actor: ctx.actor,
      ip: ctx.ip,
      requestId: ctx.requestId,
      scope: { kind: 'tenant', org: row.org },
      org: organisation,
      tx: ctx.tx,
      ...permissionChecks((p) => p.endsWith(':view') && !p.startsWith('ops:')),
    };
    if (what === 'media') return (await listMedia(viewer)).items as unknown[];
    if (what === 'users')
      return (await listUserRows(ctx.tx, row.org)).map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        role: u.role,
        status: u.status,
        lastSignInAt: iso(u.last_sign_in_at),
      }));
    return (await listItems(viewer, KIND_OF[what]!, { limit: 50 })).items as unknown[];
  });
  return { expired: false, items };
}

// ---- The organisation's side ------------------------------------------------------------------

/** Every access to the organisation, live: who, why, until when, what was read (admins). */
export async function listOwnBreakGlass(ctx: TenantContext): Promise<BreakGlassGrant[]> {
  ctx.require('organisation:manage');
  return withReads(ctx.tx, await listGrants(ctx.tx, LIST_LIMIT));
}

export async function getApprovalSetting(ctx: TenantContext): Promise<{ approval: 'operator' | 'admin' }> {
  ctx.require('organisation:manage');
  return { approval: await findApprovalSetting(ctx.tx, ctx.scope.org) };
}

export async function setApprovalSetting(
  ctx: TenantContext,
  approval: 'operator' | 'admin',
): Promise<{ approval: 'operator' | 'admin' }> {
  ctx.require('organisation:manage');
  await saveApprovalSetting(ctx.tx, ctx.scope.org, approval);
  await audit(ctx, { action: 'break_glass.setting_changed', details: { approval } });
  return { approval };
}

/**
 * The organisation's admin approves or refuses a request that waits for it (its setting); the
 * database sets the times. Recorded in the organisation's chain here, the provider's after.
 */
export async function decideBreakGlass(
  db: Database,
  ctx: LazyContext<TenantContext>,
  id: string,
  decision: 'approve' | 'refuse',
  now = new Date(),
): Promise<BreakGlassGrant> {
  ctx.require('organisation:manage');
  if (ctx.actor.type !== 'user') throw Errors.forbidden();
  const adminId = ctx.actor.id;
  const { grant, entry } = await ctx.transaction(async (tctx) => {
    const row = await findGrant(tctx.tx, id, true);
    if (!row) throw Errors.notFound();
    refuseUnlessWaiting(row, now);
    if (row.approval !== 'admin')
      throw conflict(
        'break_glass_operator_approves',
        'この申請は運営担当者が承認します。',
        'A second operator approves this request.',
      );
    const updated = await updateGrant(tctx.tx, id, {
      status: decision === 'approve' ? 'active' : 'refused',
      approved_by: decision === 'approve' ? adminId : null,
    });
    const e = entryFor(decision === 'approve' ? 'break_glass.started' : 'break_glass.refused', updated, {
      approvedBy: adminId,
      until: iso(updated.expires_at),
    });
    await audit(tctx, e);
    return { grant: (await withReads(tctx.tx, [updated]))[0]!, entry: e };
  });
  await recordSecurityEvent(db, null, { actor: ctx.actor, ip: ctx.ip, requestId: ctx.requestId }, entry);
  return grant;
}
