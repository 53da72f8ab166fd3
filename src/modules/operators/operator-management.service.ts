import type { ProviderContext } from '../../platform/access/context.js';
import { OPS_PERMISSIONS } from '../../platform/access/permissions.js';
import { audit } from '../../platform/audit/audit.js';
import { endAccountSessions } from '../../platform/auth/sessions.js';
import { randomToken, tokenHash } from '../../platform/auth/tokens.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import {
  INVITATION_VALIDITY_HOURS,
  OPERATOR_PASSWORD_LINK_VALIDITY_HOURS,
  operatorInvitationMail,
  operatorPasswordResetMail,
} from '../../platform/mail/templates.js';
import {
  decideResetRequest,
  insertOperator,
  insertOperatorToken,
  insertResetRequest,
  listOperatorRows,
  listResetRequests,
  lockActiveHolders,
  lockOperatorRow,
  lockResetRequest,
  replaceOperatorRecoveryCodes,
  setOperatorTotp,
  updateOperatorPassword,
  updateOperatorRights,
  updateOperatorStatus,
} from './operators.repo.js';
import type { InviteOperatorInput, Operator, ResetRequest, ResetRequestInput } from './operators.schema.js';
import { assertOperatorEmailFree, newOperatorEmail } from './operators.service.js';

/** Where operator mails go and what their links point at. */
export interface OperatorMail {
  mailer: Mailer;
  baseUrl: string;
}

/** A reset request waits this long for a second operator's approval. */
export const RESET_REQUEST_VALIDITY_HOURS = 24;
/** The right that manages operators; its last active holder keeps it. */
const MANAGE = 'ops:operators';

const conflict = (code: string, ja: string, en: string) => new AppError(409, code, { ja, en });

const notOnYourself = () =>
  conflict(
    'not_on_yourself',
    'この操作は自分自身には行えません。別の運用担当者に依頼してください。',
    'You cannot do this to your own account; ask another operator.',
  );

const lastManager = () =>
  conflict(
    'last_operator_manager',
    '運用担当者を管理できる有効な運用担当者（ops:operators）が少なくとも 1 人必要です。',
    'At least one active operator must keep the right to manage operators (ops:operators).',
  );

function actingOperator(ctx: ProviderContext): string {
  if (ctx.actor.type !== 'operator') throw Errors.forbidden();
  return ctx.actor.id;
}

/** The rights as given, each one checked against the one list; an unknown right names itself. */
function checkedRights(rights: readonly string[]): string[] {
  const known = OPS_PERMISSIONS as readonly string[];
  const unknown = rights.find((r) => !known.includes(r));
  if (unknown !== undefined) {
    throw Errors.invalidField('rights', {
      ja: `「${unknown}」という権限はありません。使える権限: ${known.join(', ')}`,
      en: `There is no right "${unknown}". Rights: ${known.join(', ')}`,
    });
  }
  // Stored in the list's order, so the same rights always read the same.
  return known.filter((r) => rights.includes(r));
}

function toOperator(row: NonNullable<Awaited<ReturnType<typeof lockOperatorRow>>>): Operator {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    rights: row.rights,
    totpEnabled: row.totp_enabled,
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    invitedBy: row.invited_by,
  };
}

function toResetRequest(row: Awaited<ReturnType<typeof listResetRequests>>[number]): ResetRequest {
  const expired = row.status === 'pending' && row.expires_at.getTime() <= Date.now();
  return {
    id: row.id,
    operatorId: row.operator_id,
    operatorName: row.operator_name,
    kind: row.kind,
    reason: row.reason,
    requestedBy: row.requested_by,
    requestedByName: row.requested_by_name,
    requestedAt: row.requested_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    status: expired ? 'expired' : row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
  };
}

async function requireOperator(ctx: ProviderContext, id: string) {
  const row = await lockOperatorRow(ctx.tx, id);
  if (!row) throw Errors.notFound();
  return row;
}

/** Ends every session of the operator a change concerns (its rights, status or credentials). */
function endSessionsOf(ctx: ProviderContext, operatorId: string, reason: string): Promise<number> {
  return endAccountSessions(ctx.tx, null, operatorId, reason);
}

/** Whether taking `right` from the operator (suspension or a rights change) leaves another holder. */
async function refuseLastHolder(ctx: ProviderContext, operatorId: string): Promise<void> {
  const holders = await lockActiveHolders(ctx.tx, MANAGE);
  if (holders.length === 1 && holders[0] === operatorId) throw lastManager();
}

export async function listOperatorAccounts(ctx: ProviderContext) {
  ctx.require('ops:operators');
  const [operators, requests] = await Promise.all([listOperatorRows(ctx.tx), listResetRequests(ctx.tx, 50)]);
  return {
    operators: operators.map(toOperator),
    availableRights: [...OPS_PERMISSIONS],
    resetRequests: requests.map(toResetRequest),
  };
}

/**
 * Invites an operator by mail: the account waits, invited and without a password, until the link
 * is used; two-factor enrolment follows at once. The mail goes out before the commit: if it cannot,
 * nothing is stored and the inviter is told.
 */
export async function inviteOperator(
  ctx: ProviderContext,
  mail: OperatorMail,
  input: InviteOperatorInput,
): Promise<Operator> {
  ctx.require('ops:operators');
  const inviter = actingOperator(ctx);
  const email = newOperatorEmail(input.email);
  const name = input.name.trim();
  if (name === '') {
    throw Errors.invalidField('name', { ja: '名前を入力してください。', en: 'Enter a name.' });
  }
  const rights = checkedRights(input.rights);
  await assertOperatorEmailFree(ctx.tx, email);
  const id = await insertOperator(ctx.tx, { email, name, passwordHash: null, rights, invitedBy: inviter });
  await audit(ctx, {
    action: 'operator.invited',
    target: { type: 'operator', id },
    details: { email, rights },
  });
  const token = randomToken();
  const expiresAt = new Date(Date.now() + INVITATION_VALIDITY_HOURS * 3600_000);
  await insertOperatorToken(ctx.tx, {
    hash: tokenHash(token),
    operatorId: id,
    purpose: 'invitation',
    expiresAt,
  });
  const content = operatorInvitationMail({
    inviteeName: name,
    link: `${mail.baseUrl}/ops/invitation?token=${encodeURIComponent(token)}`,
    expiresAt,
  });
  await mail.mailer.send({ to: email, ...content }).catch((error: unknown) => {
    throw Errors.unavailable({ ja: 'メール送信', en: 'Mail delivery' }, error);
  });
  return toOperator((await lockOperatorRow(ctx.tx, id))!);
}

/** Gives an operator exactly these rights; their sessions end, so the change applies at once. */
export async function setOperatorRights(
  ctx: ProviderContext,
  id: string,
  input: { rights: readonly string[] },
): Promise<Operator> {
  ctx.require('ops:operators');
  const rights = checkedRights(input.rights);
  const before = await requireOperator(ctx, id);
  if (before.rights.includes(MANAGE) && !rights.includes(MANAGE)) await refuseLastHolder(ctx, id);
  await updateOperatorRights(ctx.tx, id, rights);
  const sessionsEnded = await endSessionsOf(ctx, id, 'rights_changed');
  await audit(ctx, {
    action: 'operator.rights_changed',
    target: { type: 'operator', id },
    details: { before: before.rights, after: rights, sessionsEnded },
  });
  return toOperator((await requireOperator(ctx, id))!);
}

/** Suspends an operator (never oneself, never the last who can manage operators); sessions end. */
export async function suspendOperator(ctx: ProviderContext, id: string): Promise<Operator> {
  ctx.require('ops:operators');
  if (actingOperator(ctx) === id) throw notOnYourself();
  const before = await requireOperator(ctx, id);
  if (before.status === 'suspended') return toOperator(before);
  if (before.status === 'invited') {
    throw conflict(
      'operator_invited',
      '招待中の運用担当者は一時停止できません（招待は期限切れで無効になります）。',
      'An invited operator cannot be suspended (the invitation lapses when it expires).',
    );
  }
  if (before.rights.includes(MANAGE)) await refuseLastHolder(ctx, id);
  return changeOperatorStatus(ctx, id, 'suspended');
}

export async function reactivateOperator(ctx: ProviderContext, id: string): Promise<Operator> {
  ctx.require('ops:operators');
  if (actingOperator(ctx) === id) throw notOnYourself();
  const before = await requireOperator(ctx, id);
  if (before.status !== 'suspended') return toOperator(before);
  return changeOperatorStatus(ctx, id, 'active');
}

/** Suspends or reactivates: the account's sessions end either way, and the change is audited. */
async function changeOperatorStatus(
  ctx: ProviderContext,
  id: string,
  status: 'suspended' | 'active',
): Promise<Operator> {
  await updateOperatorStatus(ctx.tx, id, status);
  const suspended = status === 'suspended';
  const sessionsEnded = await endSessionsOf(ctx, id, suspended ? 'account_suspended' : 'account_reactivated');
  await audit(ctx, {
    action: suspended ? 'operator.suspended' : 'operator.reactivated',
    target: { type: 'operator', id },
    details: { sessionsEnded },
  });
  return toOperator(await requireOperator(ctx, id));
}

/** Asks for a colleague's password or two-factor reset; it happens only when a second operator approves. */
export async function requestOperatorReset(
  ctx: ProviderContext,
  id: string,
  input: ResetRequestInput,
): Promise<ResetRequest> {
  ctx.require('ops:operators');
  const requester = actingOperator(ctx);
  if (requester === id) throw notOnYourself();
  const reason = input.reason.trim();
  if (reason === '') {
    throw Errors.invalidField('reason', { ja: '理由を入力してください。', en: 'Give a reason.' });
  }
  const target = await requireOperator(ctx, id);
  if (target.status !== 'active') {
    throw conflict(
      'operator_not_active',
      '有効な運用担当者のみリセットできます。',
      'Only an active operator can be reset.',
    );
  }
  const expiresAt = new Date(Date.now() + RESET_REQUEST_VALIDITY_HOURS * 3600_000);
  const requestId = await insertResetRequest(ctx.tx, {
    operatorId: id,
    kind: input.kind,
    reason,
    requestedBy: requester,
    expiresAt,
  });
  if (!requestId) {
    throw conflict(
      'reset_already_requested',
      'この運用担当者の同じリセット依頼が承認待ちです。',
      'The same reset of this operator is already waiting for approval.',
    );
  }
  await audit(ctx, {
    action: 'operator.reset_requested',
    target: { type: 'operator', id },
    details: { requestId, kind: input.kind, reason },
  });
  return toResetRequest((await lockResetRequest(ctx.tx, requestId))!);
}

async function pendingRequest(ctx: ProviderContext, requestId: string) {
  const request = await lockResetRequest(ctx.tx, requestId);
  if (!request) throw Errors.notFound();
  if (request.status !== 'pending') {
    throw conflict('reset_decided', 'この依頼は既に処理済みです。', 'This request has already been decided.');
  }
  if (request.expires_at.getTime() <= Date.now()) {
    throw conflict(
      'reset_expired',
      'この依頼は期限切れです。もう一度依頼してください。',
      'This request has expired; make a new one.',
    );
  }
  return request;
}

/**
 * A second operator approves a reset: neither the one who asked nor the one it concerns. The reset
 * happens in the same transaction: a password reset removes the password (a mailed link sets a new
 * one), a two-factor reset removes the authenticator and recovery codes (enrolment at next sign-in).
 */
export async function approveOperatorReset(
  ctx: ProviderContext,
  mail: OperatorMail,
  requestId: string,
): Promise<ResetRequest> {
  ctx.require('ops:operators');
  const approver = actingOperator(ctx);
  const request = await pendingRequest(ctx, requestId);
  if (request.requested_by === approver || request.operator_id === approver) {
    throw conflict(
      'self_approval',
      'リセットは依頼者・対象者以外の運用担当者が承認する必要があります。',
      'A reset must be approved by an operator other than the one who asked and the one it concerns.',
    );
  }
  const target = await requireOperator(ctx, request.operator_id);
  if (target.status !== 'active') {
    throw conflict(
      'operator_not_active',
      '有効な運用担当者のみリセットできます。',
      'Only an active operator can be reset.',
    );
  }
  await decideResetRequest(ctx.tx, requestId, 'approved', approver);
  let outgoing: (() => Promise<void>) | null = null;
  if (request.kind === 'totp') {
    await setOperatorTotp(ctx.tx, target.id, null, false);
    await replaceOperatorRecoveryCodes(ctx.tx, target.id, []);
  } else {
    await updateOperatorPassword(ctx.tx, target.id, null);
    const token = randomToken();
    const expiresAt = new Date(Date.now() + OPERATOR_PASSWORD_LINK_VALIDITY_HOURS * 3600_000);
    await insertOperatorToken(ctx.tx, {
      hash: tokenHash(token),
      operatorId: target.id,
      purpose: 'password_reset',
      expiresAt,
    });
    const content = operatorPasswordResetMail({
      operatorName: target.name,
      link: `${mail.baseUrl}/ops/password?token=${encodeURIComponent(token)}`,
      expiresAt,
    });
    outgoing = () => mail.mailer.send({ to: target.email, ...content });
  }
  const sessionsEnded = await endSessionsOf(ctx, target.id, `${request.kind}_reset`);
  await audit(ctx, {
    action: request.kind === 'totp' ? 'operator.totp_reset' : 'operator.password_reset',
    target: { type: 'operator', id: target.id },
    details: { requestId, requestedBy: request.requested_by, approvedBy: approver, sessionsEnded },
  });
  // The link must reach the operator: no mail, no reset (the transaction rolls back).
  if (outgoing)
    await outgoing().catch((error: unknown) => {
      throw Errors.unavailable({ ja: 'メール送信', en: 'Mail delivery' }, error);
    });
  return toResetRequest((await lockResetRequest(ctx.tx, requestId))!);
}

/** Refuses a pending reset (another operator) or withdraws it (the one who asked). */
export async function declineOperatorReset(ctx: ProviderContext, requestId: string): Promise<ResetRequest> {
  ctx.require('ops:operators');
  const operator = actingOperator(ctx);
  const request = await lockResetRequest(ctx.tx, requestId);
  if (!request) throw Errors.notFound();
  if (request.status !== 'pending') {
    throw conflict('reset_decided', 'この依頼は既に処理済みです。', 'This request has already been decided.');
  }
  if (request.operator_id === operator) throw notOnYourself();
  const status = request.requested_by === operator ? 'cancelled' : 'refused';
  await decideResetRequest(ctx.tx, requestId, status, operator);
  await audit(ctx, {
    action: status === 'cancelled' ? 'operator.reset_cancelled' : 'operator.reset_refused',
    target: { type: 'operator', id: request.operator_id },
    details: { requestId, kind: request.kind },
  });
  return toResetRequest((await lockResetRequest(ctx.tx, requestId))!);
}
