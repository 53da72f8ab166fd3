import type { Database } from '../../db/database.js';
import { SERVICE_CODE_PATTERN, type Tx, withScope } from '../../db/scope.js';
import { audit } from '../../platform/audit/audit.js';
import { normaliseEmail } from '../../platform/auth/email.js';
import { endAccountSessions } from '../../platform/auth/sessions.js';
import { organisationToken, parseOrganisationToken } from '../../platform/auth/tokens.js';
import { AppError } from '../../platform/errors.js';
import {
  PASSWORD_RESET_VALIDITY_MINUTES,
  passwordChangedMail,
  passwordResetMail,
} from '../../platform/mail/templates.js';
import { findOrganisationSummary } from '../../platform/tenancy/organisations.repo.js';
import {
  type AccountMail,
  findLiveToken,
  insertToken,
  markTokenUsed,
  recentPasswordResetExists,
  refuseWeakPassword,
  revokeTokens,
  storePassword,
} from '../users/index.js';
import { type AccountRealm, type AccountRecord, organisationRealm } from './account-realms.js';
import type { AuthServices, RequestMeta, SignInResult } from './auth.service.js';

// Mailed links: invitation and password reset (no session; the token names its organisation).
// The accounts are the users module's; this is the sign-in side of them.

const linkInvalid = () =>
  new AppError(404, 'link_invalid', {
    ja: 'このリンクは無効です（有効期限切れ、使用済み、または取り消し済み）。管理者に再送を依頼してください。',
    en: 'This link is not valid (expired, used or revoked). Ask your admin to send a new one.',
  });

async function orgNames(db: Database, serviceCode: string) {
  return withScope(db, { kind: 'provider' }, (tx) => findOrganisationSummary(tx, serviceCode));
}

interface LinkedAccount {
  tx: Tx;
  realm: AccountRealm;
  org: NonNullable<Awaited<ReturnType<typeof orgNames>>>;
  user: AccountRecord;
  tokenHash: string;
}

/**
 * Resolves a mailed link: its organisation must be active, the token live (unexpired, unused,
 * not revoked, locked for this transaction) and its account in the expected state. Anything
 * else is the same "link invalid". Runs fn in that organisation's scope.
 */
async function withLinkedAccount<T>(
  db: Database,
  token: string,
  purpose: 'invitation' | 'password_reset',
  fn: (linked: LinkedAccount) => Promise<T>,
): Promise<T> {
  const parsed = parseOrganisationToken(token);
  if (!parsed) throw linkInvalid();
  const org = await orgNames(db, parsed.serviceCode);
  if (!org || org.status !== 'active') throw linkInvalid();
  const realm = organisationRealm(org.serviceCode);
  return withScope(db, realm.scope, async (tx) => {
    const live = await findLiveToken(tx, org.serviceCode, parsed.hash, purpose);
    if (!live) throw linkInvalid();
    const user = await realm.findById(tx, live.user_id);
    if (!user || user.status !== (purpose === 'invitation' ? 'invited' : 'active')) throw linkInvalid();
    return fn({ tx, realm, org, user, tokenHash: parsed.hash });
  });
}

/** Stores the new password the link's holder chose (policy checked) and uses the link up. */
async function setPasswordFromLink(
  { tx, org, user, tokenHash }: LinkedAccount,
  password: string,
  field: string,
  options: { activate?: boolean } = {},
): Promise<void> {
  refuseWeakPassword(password, user.email, org.serviceCode, field);
  await storePassword(tx, org.serviceCode, user.id, password, options);
  await markTokenUsed(tx, org.serviceCode, tokenHash);
}

export async function describeInvitation(db: Database, token: string) {
  return withLinkedAccount(db, token, 'invitation', async ({ tx, realm, org: o, user }) => {
    return {
      organisation: { serviceCode: o.serviceCode, nameJa: o.nameJa, nameEn: o.nameEn },
      email: user.email,
      name: user.name,
      totpRequired: await realm.totpRequired(tx, user),
    };
  });
}

/** The invited user sets a password; the account becomes active and a session opens. */
export async function acceptInvitation(
  svc: AuthServices,
  token: string,
  password: string,
  meta: RequestMeta,
  openSession: (org: string, userId: string, stage: 'enrol' | 'full') => Promise<SignInResult>,
): Promise<SignInResult> {
  const accepted = await withLinkedAccount(svc.db, token, 'invitation', async (linked) => {
    const { tx, realm, org: o, user } = linked;
    await setPasswordFromLink(linked, password, 'password', { activate: true });
    await audit(
      { tx, scope: realm.scope, actor: realm.actor(user), ip: meta.ip, requestId: meta.requestId },
      { action: 'user.invitation_accepted', target: { type: 'user', id: user.id } },
    );
    return { org: o.serviceCode, user, totpRequired: await realm.totpRequired(tx, user) };
  });
  return openSession(accepted.org, accepted.user.id, accepted.totpRequired ? 'enrol' : 'full');
}

/**
 * Records the request and mails the link to an active account. Callers answer before awaiting
 * it, so known and unknown addresses answer alike, never waiting for the mail server.
 */
export async function requestPasswordReset(
  svc: AuthServices,
  mail: AccountMail,
  serviceCode: string,
  rawEmail: string,
  meta: RequestMeta,
): Promise<void> {
  const code = serviceCode.normalize('NFKC').trim().toLowerCase();
  const email = normaliseEmail(rawEmail);
  if (!SERVICE_CODE_PATTERN.test(code)) return;
  const o = await orgNames(svc.db, code);
  if (!o || o.status !== 'active') return;
  const realm = organisationRealm(code);
  // The mail goes out after the commit: no transaction waits on the mail server.
  const outgoing = await withScope(svc.db, realm.scope, async (tx) => {
    const user = await realm.findByEmail(tx, email);
    const source = {
      tx,
      scope: realm.scope,
      actor: { type: 'anonymous' as const },
      ip: meta.ip,
      requestId: meta.requestId,
    };
    if (!user || user.status !== 'active') {
      await audit(source, {
        action: 'auth.password_reset_requested',
        outcome: 'failure',
        details: { email, reason: 'no_active_account' },
      });
      return;
    }
    // At most one live reset mail per minute per account: the form cannot be used to flood a mailbox.
    if (await recentPasswordResetExists(tx, code, user.id)) {
      await audit(source, {
        action: 'auth.password_reset_requested',
        outcome: 'denied',
        target: { type: 'user', id: user.id },
        details: { reason: 'too_soon' },
      });
      return;
    }
    const token = organisationToken(code);
    const expiresAt = new Date(Date.now() + PASSWORD_RESET_VALIDITY_MINUTES * 60_000);
    await revokeTokens(tx, code, user.id, 'password_reset');
    await insertToken(tx, code, user.id, 'password_reset', parseOrganisationToken(token)!.hash, expiresAt);
    await audit(source, { action: 'auth.password_reset_requested', target: { type: 'user', id: user.id } });
    const content = passwordResetMail({
      orgNameJa: o.nameJa,
      orgNameEn: o.nameEn,
      link: `${mail.baseUrl}/console/password-reset?token=${encodeURIComponent(token)}`,
      expiresAt,
    });
    return { to: user.email, ...content, serviceCode: code };
  });
  if (outgoing) await mail.mailer.send(outgoing);
}

/** Sets a new password from a mailed link; every session ends. Two-factor still applies at sign-in. */
export async function confirmPasswordReset(
  svc: AuthServices,
  mail: AccountMail,
  token: string,
  password: string,
  meta: RequestMeta,
): Promise<void> {
  const done = await withLinkedAccount(svc.db, token, 'password_reset', async (linked) => {
    const { tx, realm, org: o, user } = linked;
    await setPasswordFromLink(linked, password, 'newPassword');
    const ended = await endAccountSessions(tx, o.serviceCode, user.id, 'password_reset');
    await audit(
      { tx, scope: realm.scope, actor: realm.actor(user), ip: meta.ip, requestId: meta.requestId },
      {
        action: 'user.password_reset',
        target: { type: 'user', id: user.id },
        details: { sessionsEnded: ended },
      },
    );
    return { email: user.email, realm, org: o };
  });
  await svc.limiter.clear(done.realm.throttleKey(done.email));
  const content = passwordChangedMail({
    orgNameJa: done.org.nameJa,
    orgNameEn: done.org.nameEn,
    at: new Date(),
  });
  await mail.mailer
    .send({ to: done.email, ...content, serviceCode: done.org.serviceCode })
    .catch(() => undefined);
}
