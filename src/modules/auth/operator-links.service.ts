import { type Tx, withScope } from '../../db/scope.js';
import { audit } from '../../platform/audit/audit.js';
import { checkPasswordPolicy } from '../../platform/auth/password-policy.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { endAccountSessions } from '../../platform/auth/sessions.js';
import { tokenHash } from '../../platform/auth/tokens.js';
import { AppError, Errors } from '../../platform/errors.js';
import { findLiveOperatorToken, markOperatorTokenUsed, updateOperatorPassword } from '../operators/index.js';
import { type AccountRecord, operatorRealm } from './account-realms.js';
import type { AuthServices, RequestMeta, SignInResult } from './auth.service.js';

// Operators' mailed links: the invitation and the password set-up after an approved reset. The
// accounts are the operators module's; this is their sign-in side (as mailed-links is for users).

export type OperatorLinkPurpose = 'invitation' | 'password_reset';

const linkInvalid = () =>
  new AppError(404, 'link_invalid', {
    ja: 'このリンクは無効です（有効期限切れ、使用済み、または取り消し済み）。運用担当者の管理者に再送を依頼してください。',
    en: 'This link is not valid (expired, used or revoked). Ask an operator who manages operators for a new one.',
  });

/** Resolves a live link of an operator in the expected state; anything else is "link invalid". */
async function withLinkedOperator<T>(
  svc: AuthServices,
  token: string,
  purpose: OperatorLinkPurpose,
  fn: (linked: {
    tx: Parameters<Parameters<typeof withScope>[2]>[0];
    operator: AccountRecord;
    hash: string;
  }) => Promise<T>,
): Promise<T> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw linkInvalid();
  const hash = tokenHash(token);
  return withScope(svc.db, operatorRealm.scope, async (tx) => {
    const live = await findLiveOperatorToken(tx, hash, purpose);
    if (!live) throw linkInvalid();
    const operator = await operatorRealm.findById(tx, live.operator_id);
    if (!operator || operator.status !== (purpose === 'invitation' ? 'invited' : 'active'))
      throw linkInvalid();
    return fn({ tx, operator, hash });
  });
}

function refuseWeak(password: string, email: string, field: string): void {
  const problem = checkPasswordPolicy(password, { email, serviceCode: 'mitte' }, field);
  if (problem) throw Errors.validation([problem]);
}

export function describeOperatorLink(svc: AuthServices, token: string, purpose: OperatorLinkPurpose) {
  return withLinkedOperator(svc, token, purpose, async ({ operator }) => ({
    email: operator.email,
    name: operator.name,
    totpRequired: true,
  }));
}

/**
 * Uses a link: the password (policy checked) is stored, the link used up, `then` does what the
 * link's purpose adds, and the operator's own event records it, all in one transaction.
 */
function setPasswordFromLink<T>(
  svc: AuthServices,
  link: { token: string; purpose: OperatorLinkPurpose; field: string; action: string },
  password: string,
  meta: RequestMeta,
  then: (tx: Tx, operator: AccountRecord) => Promise<{ result: T; details?: Record<string, unknown> }>,
): Promise<T> {
  return withLinkedOperator(svc, link.token, link.purpose, async ({ tx, operator, hash }) => {
    refuseWeak(password, operator.email, link.field);
    await updateOperatorPassword(tx, operator.id, await hashPassword(password));
    await markOperatorTokenUsed(tx, hash);
    const { result, details } = await then(tx, operator);
    await audit(
      {
        tx,
        scope: operatorRealm.scope,
        actor: operatorRealm.actor(operator),
        ip: meta.ip,
        requestId: meta.requestId,
      },
      { action: link.action, target: { type: 'operator', id: operator.id }, ...(details ? { details } : {}) },
    );
    return result;
  });
}

/** The invited operator sets a password; the account becomes active and two-factor enrolment starts. */
export async function acceptOperatorInvitation(
  svc: AuthServices,
  token: string,
  password: string,
  meta: RequestMeta,
  openSession: (operatorId: string) => Promise<SignInResult>,
): Promise<SignInResult> {
  const operatorId = await setPasswordFromLink(
    svc,
    { token, purpose: 'invitation', field: 'password', action: 'operator.invitation_accepted' },
    password,
    meta,
    async (_tx, operator) => ({ result: operator.id }),
  );
  return openSession(operatorId);
}

/** Sets the new password after an approved reset; every session ends; two-factor still applies. */
export async function confirmOperatorPassword(
  svc: AuthServices,
  token: string,
  password: string,
  meta: RequestMeta,
): Promise<void> {
  const email = await setPasswordFromLink(
    svc,
    { token, purpose: 'password_reset', field: 'newPassword', action: 'operator.password_set' },
    password,
    meta,
    async (tx, operator) => ({
      result: operator.email,
      details: { sessionsEnded: await endAccountSessions(tx, null, operator.id, 'password_reset') },
    }),
  );
  await svc.limiter.clear(operatorRealm.throttleKey(email));
}
