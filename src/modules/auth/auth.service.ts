import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { organisationAdmits } from '../../db/organisation-ref.js';
import type { OrganisationStatus } from '../../db/schema.js';
import { asAccountRealm, SERVICE_CODE_PATTERN, type Tx, withScope } from '../../db/scope.js';
import { type Actor, ANONYMOUS } from '../../platform/access/actor.js';
import { type AuditEntry, audit, recordSecurityEvent } from '../../platform/audit/audit.js';
import { verifyPassword } from '../../platform/auth/passwords.js';
import type { Authentication, SessionStage, SessionStore } from '../../platform/auth/sessions.js';
import type { SignInLimiter, ThrottleDecision, ThrottleKeys } from '../../platform/auth/throttle.js';
import {
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  recoveryCodeHash,
  totpEnrolment,
  verifyTotp,
} from '../../platform/auth/totp.js';
import type { SecretBox } from '../../platform/crypto/secret-box.js';
import { AppError } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { accountLockedMail } from '../../platform/mail/templates.js';
import { findOrganisationSummary } from '../../platform/tenancy/organisations.repo.js';
import {
  type AccountRealm,
  type AccountRecord,
  normaliseEmail,
  operatorRealm,
  organisationRealm,
} from './account-realms.js';

/** What the sign-in flows need; built once in app.ts. */
export interface AuthServices {
  db: Database;
  config: Config;
  sessions: SessionStore;
  limiter: SignInLimiter;
  secrets: SecretBox;
  mailer: Mailer;
}

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  requestId: string;
  /** The session cookie the browser already had; ended so the id changes at sign-in. */
  previousToken: string | undefined;
}

export type SignInStatus = 'signed_in' | 'totp_required' | 'totp_enrolment_required';

export interface SignInResult {
  status: SignInStatus;
  token: string;
  csrfToken: string;
}

const STATUS_OF: Record<SessionStage, SignInStatus> = {
  full: 'signed_in',
  password: 'totp_required',
  enrol: 'totp_enrolment_required',
};

/**
 * The one answer to a failed password step. Operators sign in without a service code, so their
 * message does not mention one (it would send them looking for a code they do not have).
 */
export const invalidCredentials = (realm: AccountRealm['kind'] = 'tenant') =>
  new AppError(
    401,
    'invalid_credentials',
    realm === 'provider'
      ? {
          ja: 'メールアドレスまたはパスワードが正しくありません。',
          en: 'The e-mail address or password is not correct.',
        }
      : {
          ja: 'サービスコード、メールアドレスまたはパスワードが正しくありません。',
          en: 'The service code, e-mail address or password is not correct.',
        },
  );

const invalidCode = () =>
  new AppError(401, 'invalid_code', {
    ja: '確認コードが正しくないか、既に使用されています。',
    en: 'The code is not correct or has already been used.',
  });

function throttled(decision: Extract<ThrottleDecision, { allowed: false }>): AppError {
  const minutes = Math.ceil(decision.retryAfterSeconds / 60);
  const text =
    decision.code === 'account_locked'
      ? {
          ja: `失敗が続いたため、このアカウントは一時的にロックされています。約 ${minutes} 分後に再度お試しください。`,
          en: `This account is locked after repeated failures. Try again in about ${minutes} minute(s).`,
        }
      : {
          ja: `試行回数が多すぎます。${decision.retryAfterSeconds} 秒後に再度お試しください。`,
          en: `Too many attempts. Try again in ${decision.retryAfterSeconds} second(s).`,
        };
  return new AppError(429, decision.code, text, {
    headers: { 'retry-after': String(decision.retryAfterSeconds) },
  });
}

export function realmOf(auth: Authentication): AccountRealm {
  return auth.org ? organisationRealm(auth.org) : operatorRealm;
}

function sourceOf(meta: RequestMeta, actor: Actor = ANONYMOUS) {
  return { actor, ip: meta.ip, requestId: meta.requestId };
}

async function organisationStatus(
  db: Database,
  serviceCode: string,
): Promise<OrganisationStatus | undefined> {
  if (!SERVICE_CODE_PATTERN.test(serviceCode)) return undefined;
  const row = await withScope(db, { kind: 'provider' }, (tx) => findOrganisationSummary(tx, serviceCode));
  return row?.status;
}

/**
 * Said only to someone who gave the right password: a suspended organisation, or a terminated
 * one to a general user, is named as such with whom to contact, not hidden behind a 401.
 */
function organisationClosed(status: OrganisationStatus, contact: string | undefined): AppError {
  const whomJa = contact ? `サービスの運営担当（${contact}）` : 'サービスの運営担当（組織の管理者を通じて）';
  const whomEn = contact
    ? `the service provider (${contact})`
    : "the service provider (through your organisation's administrator)";
  return status === 'suspended'
    ? new AppError(403, 'organisation_suspended', {
        ja: `この組織の mitte-C は現在利用停止中のため、ログインできません。${whomJa}にお問い合わせください。`,
        en: `This organisation's mitte-C service is suspended, so nobody can sign in. Please contact ${whomEn}.`,
      })
    : new AppError(403, 'organisation_terminated', {
        ja: `この組織の契約は終了しました。データの書き出しのため、管理者のみログインできます。ご不明な点は${whomJa}にお問い合わせください。`,
        en: `This organisation's contract has ended: only administrators can sign in, to export the data. Please contact ${whomEn}.`,
      });
}

/** The session the browser already had (ended at sign-in), looked up before sign-in's transaction. */
async function previousSessionId(svc: AuthServices, meta: RequestMeta): Promise<string | undefined> {
  if (!meta.previousToken) return undefined;
  const previous = await svc.sessions.resolve(meta.previousToken).catch(() => null);
  return previous?.sessionId;
}

/**
 * Opens a session with a new id, ending the one the browser had (the id changes at sign-in),
 * with the sign-in's other writes in the same transaction (see commitSignIn).
 */
export async function openSession(
  svc: AuthServices,
  realm: AccountRealm,
  account: { id: string },
  stage: SessionStage,
  meta: RequestMeta,
  writes: Omit<SignInWrites, 'end'> = {},
): Promise<{ token: string; csrfToken: string }> {
  const previous = await previousSessionId(svc, meta);
  return commitSignIn(svc, realm, account, stage, meta, {
    ...writes,
    end: previous ? [{ sessionId: previous, reason: 'replaced' }] : [],
  });
}

interface SignInWrites {
  /** The throttle counter a successful step clears. */
  throttle?: ThrottleKeys;
  /** The sessions the new one replaces. */
  end: { sessionId: string; reason: string }[];
  /** The account's own writes, in its realm's scope. */
  inRealm?: (tx: Tx) => Promise<void>;
}

/**
 * The writes of a successful sign-in step, in ONE transaction: the auth scope clears the
 * account's throttle counter, ends the sessions this one replaces and opens the new one; then,
 * switched into the account's realm, `inRealm` writes the account's own rows (last sign-in, the
 * audit event). All commit or none do: no session without its audit event. The slow password
 * and code checks happen before, outside any transaction.
 */
async function commitSignIn(
  svc: AuthServices,
  realm: AccountRealm,
  account: { id: string },
  stage: SessionStage,
  meta: RequestMeta,
  writes: SignInWrites,
): Promise<{ token: string; csrfToken: string }> {
  return withScope(svc.db, { kind: 'auth' }, async (tx) => {
    if (writes.throttle) await svc.limiter.recordSuccess(writes.throttle, tx);
    for (const { sessionId, reason } of writes.end) await svc.sessions.end(sessionId, reason, tx);
    const policy = await asAccountRealm(tx, realm.scope, () => realm.sessionPolicy(tx));
    const session = await svc.sessions.create(
      {
        realm: realm.kind,
        org: realm.org,
        accountId: account.id,
        stage,
        idleSeconds: policy.idleSeconds,
        lifetimeSeconds: policy.lifetimeSeconds,
        ip: meta.ip,
        userAgent: meta.userAgent,
      },
      tx,
    );
    const { inRealm } = writes;
    if (inRealm) await asAccountRealm(tx, realm.scope, () => inRealm(tx));
    return { token: session.token, csrfToken: session.csrfToken };
  });
}

/** Audits in the realm's chain, in a transaction of its own (sign-in has no request transaction). */
function record(svc: AuthServices, realm: AccountRealm, meta: RequestMeta, actor: Actor, entry: AuditEntry) {
  return recordSecurityEvent(svc.db, realm.org, sourceOf(meta, actor), entry);
}

/**
 * Password step of sign-in, for either realm. Refuses throttled attempts before looking at the
 * password; a wrong password, unknown account or inactive account all answer the same 401.
 */
export async function signIn(
  svc: AuthServices,
  target: { serviceCode: string } | { operator: true },
  rawEmail: string,
  password: string,
  meta: RequestMeta,
): Promise<SignInResult> {
  const email = normaliseEmail(rawEmail);
  let realm: AccountRealm;
  let orgStatus: OrganisationStatus | undefined;
  if ('serviceCode' in target) {
    const code = target.serviceCode.normalize('NFKC').trim().toLowerCase();
    orgStatus = await organisationStatus(svc.db, code);
    if (!orgStatus || orgStatus === 'purged') {
      await verifyPassword(null, password);
      await recordSecurityEvent(svc.db, null, sourceOf(meta), {
        action: 'auth.sign_in',
        outcome: 'failure',
        details: { reason: 'unknown_organisation', serviceCode: code.slice(0, 64) },
      });
      throw invalidCredentials();
    }
    realm = organisationRealm(code);
  } else {
    realm = operatorRealm;
  }
  const keys = { account: realm.throttleKey(email), ip: meta.ip };
  const decision = await svc.limiter.check(keys);
  if (!decision.allowed) {
    await record(svc, realm, meta, ANONYMOUS, {
      action: 'auth.sign_in',
      outcome: 'denied',
      details: { reason: decision.code, email },
    });
    throw throttled(decision);
  }
  const account = await withScope(svc.db, realm.scope, (tx) => realm.findByEmail(tx, email));
  const passwordOk = await verifyPassword(account?.passwordHash, password);
  if (!account || !passwordOk || account.status !== 'active') {
    const { accountLockedUntil } = await svc.limiter.recordFailure(keys);
    await record(svc, realm, meta, ANONYMOUS, {
      action: 'auth.sign_in',
      outcome: 'failure',
      target: account ? { type: 'account', id: account.id } : undefined,
      details: {
        reason: !account ? 'unknown_account' : !passwordOk ? 'wrong_password' : `status_${account.status}`,
        email,
      },
    });
    if (accountLockedUntil && account) await notifyLockout(svc, realm, account, accountLockedUntil, meta);
    throw invalidCredentials(realm.kind);
  }
  if (orgStatus && !organisationAdmits(orgStatus, account.role === 'admin' ? 'admin' : 'general')) {
    // The password was right: the account's counter is cleared although the sign-in is refused
    // (a success commits it with the session instead, in commitSignIn).
    await svc.limiter.recordSuccess(keys);
    await record(svc, realm, meta, ANONYMOUS, {
      action: 'auth.sign_in',
      outcome: 'denied',
      target: { type: 'account', id: account.id },
      details: { reason: `organisation_${orgStatus}`, email },
    });
    throw organisationClosed(orgStatus, svc.config.providerContact);
  }
  const stage: SessionStage = account.totpEnabled
    ? 'password'
    : (await withScope(svc.db, realm.scope, (tx) => realm.totpRequired(tx, account)))
      ? 'enrol'
      : 'full';
  const session = await openSession(svc, realm, account, stage, meta, {
    throttle: keys,
    inRealm: async (tx) => {
      if (stage === 'full') await realm.recordSignIn(tx, account.id);
      await audit(
        { tx, scope: realm.scope, ...sourceOf(meta, realm.actor(account)) },
        {
          action: stage === 'full' ? 'auth.sign_in' : 'auth.password_verified',
          target: { type: 'account', id: account.id },
          details: { next: STATUS_OF[stage] },
        },
      );
    },
  });
  return { status: STATUS_OF[stage], ...session };
}

async function notifyLockout(
  svc: AuthServices,
  realm: AccountRealm,
  account: AccountRecord,
  until: Date,
  meta: RequestMeta,
): Promise<void> {
  await record(svc, realm, meta, ANONYMOUS, {
    action: 'auth.lockout',
    outcome: 'denied',
    target: { type: 'account', id: account.id },
    details: { until: until.toISOString() },
  });
  const names = await withScope(svc.db, { kind: 'provider' }, async (tx) => {
    if (!realm.org) return { ja: 'mitte-C 運営管理', en: 'mitte-C operations' };
    const org = await findOrganisationSummary(tx, realm.org);
    if (!org) throw new Error(`organisation ${realm.org} is missing`);
    return { ja: org.nameJa, en: org.nameEn };
  });
  const mail = accountLockedMail({ orgNameJa: names.ja, orgNameEn: names.en, until, ip: meta.ip });
  // The lock stands even if the notice cannot be sent; the failure is logged by the mailer.
  await svc.mailer
    .send({ to: account.email, ...mail, ...(realm.org ? { serviceCode: realm.org } : {}) })
    .catch(() => undefined);
}

/**
 * Swaps a part-way session for a fully signed-in one with a new id, recording the sign-in (last
 * sign-in, audit) in the same transaction.
 */
function completeSession(
  svc: AuthServices,
  auth: Authentication,
  realm: AccountRealm,
  account: { id: string },
  meta: RequestMeta,
  secondFactor: string,
  throttle?: ThrottleKeys,
) {
  return commitSignIn(svc, realm, account, 'full', meta, {
    throttle,
    end: [{ sessionId: auth.sessionId, reason: 'second_factor_completed' }],
    inRealm: async (tx) => {
      await realm.recordSignIn(tx, account.id);
      await audit(
        { tx, scope: realm.scope, ...sourceOf(meta, auth.actor) },
        { action: 'auth.sign_in', target: { type: 'account', id: account.id }, details: { secondFactor } },
      );
    },
  });
}

/** Second step: a TOTP code (once only) or an unused recovery code. */
export async function completeTotp(
  svc: AuthServices,
  auth: Authentication,
  rawCode: string,
  meta: RequestMeta,
): Promise<SignInResult> {
  const realm = realmOf(auth);
  const keys = { account: `totp:${auth.actor.type === 'anonymous' ? '' : auth.actor.id}`, ip: meta.ip };
  const decision = await svc.limiter.check(keys);
  if (!decision.allowed) throw throttled(decision);
  const code = rawCode.normalize('NFKC').replace(/\s/g, '');
  const outcome = await withScope(svc.db, realm.scope, async (tx) => {
    const account = await realm.findById(tx, (auth.actor as { id: string }).id);
    if (!account?.totpEnabled || !account.totpSecret) return { account, method: null };
    if (/^\d{6}$/.test(code)) {
      const secret = svc.secrets.open(account.totpSecret, realm.secretContext(account.id));
      const step = await verifyTotp(secret, code, account.totpLastStep);
      if (step === null) return { account, method: null };
      await realm.setTotpStep(tx, account.id, step);
      return { account, method: 'totp' as const };
    }
    const recovery = normaliseRecoveryCode(code);
    if (recovery && (await realm.consumeRecoveryCode(tx, account.id, recoveryCodeHash(recovery)))) {
      return { account, method: 'recovery_code' as const };
    }
    return { account, method: null };
  });
  const { account, method } = outcome;
  if (!account || !method) {
    const { accountLockedUntil } = await svc.limiter.recordFailure(keys);
    await record(svc, realm, meta, auth.actor, {
      action: 'auth.totp',
      outcome: 'failure',
      target: { type: 'account', id: account?.id ?? null },
    });
    if (accountLockedUntil) await svc.sessions.end(auth.sessionId, 'totp_locked');
    throw invalidCode();
  }
  const session = await completeSession(svc, auth, realm, account, meta, method, keys);
  return { status: 'signed_in', ...session };
}

const alreadyEnrolled = () =>
  new AppError(409, 'totp_already_enabled', {
    ja: '二要素認証は既に設定されています。',
    en: 'Two-factor authentication is already set up.',
  });

/** Starts (or restarts) enrolment: a new secret, stored sealed and not yet enabled. */
export async function startTotpEnrolment(svc: AuthServices, auth: Authentication) {
  const realm = realmOf(auth);
  return withScope(svc.db, realm.scope, async (tx) => {
    const account = await realm.findById(tx, (auth.actor as { id: string }).id);
    if (!account) throw invalidCredentials(realm.kind);
    if (account.totpEnabled) throw alreadyEnrolled();
    const secret = newTotpSecret();
    await realm.setTotp(tx, account.id, svc.secrets.seal(secret, realm.secretContext(account.id)), false);
    const label = realm.org ? `${realm.org}:${account.email}` : `operator:${account.email}`;
    return { secret, ...(await totpEnrolment(secret, label)) };
  });
}

/** Confirms enrolment with a first code; returns ten recovery codes, shown once. */
export async function confirmTotpEnrolment(
  svc: AuthServices,
  auth: Authentication,
  code: string,
  meta: RequestMeta,
): Promise<SignInResult & { recoveryCodes: string[] }> {
  const realm = realmOf(auth);
  const result = await withScope(svc.db, realm.scope, async (tx) => {
    const account = await realm.findById(tx, (auth.actor as { id: string }).id);
    if (!account) throw invalidCredentials(realm.kind);
    if (account.totpEnabled) throw alreadyEnrolled();
    if (!account.totpSecret) {
      throw new AppError(409, 'totp_enrolment_not_started', {
        ja: '二要素認証の設定を最初からやり直してください。',
        en: 'Start the two-factor set-up again.',
      });
    }
    const secret = svc.secrets.open(account.totpSecret, realm.secretContext(account.id));
    const step = await verifyTotp(secret, code.trim(), null);
    if (step === null) return { account, codes: null };
    const codes = newRecoveryCodes();
    await realm.setTotp(tx, account.id, account.totpSecret, true);
    await realm.setTotpStep(tx, account.id, step);
    await realm.replaceRecoveryCodes(tx, account.id, codes.map(recoveryCodeHash));
    await audit(
      { tx, scope: realm.scope, ...sourceOf(meta, auth.actor) },
      { action: 'auth.totp_enrolled', target: { type: 'account', id: account.id } },
    );
    return { account, codes };
  });
  if (!result.codes) {
    await record(svc, realm, meta, auth.actor, {
      action: 'auth.totp_enrolment',
      outcome: 'failure',
      target: { type: 'account', id: result.account.id },
    });
    throw invalidCode();
  }
  const session =
    auth.stage === 'full'
      ? { token: '', csrfToken: auth.csrfToken }
      : await completeSession(svc, auth, realm, result.account, meta, 'totp');
  return { status: 'signed_in', ...session, recoveryCodes: result.codes };
}

/** New recovery codes (the old ones stop working); needs a current TOTP code. */
export async function regenerateRecoveryCodes(
  svc: AuthServices,
  auth: Authentication,
  code: string,
  meta: RequestMeta,
  tx: Tx,
): Promise<string[]> {
  const realm = realmOf(auth);
  const account = await realm.findById(tx, (auth.actor as { id: string }).id);
  if (!account?.totpEnabled || !account.totpSecret) {
    throw new AppError(409, 'totp_not_enabled', {
      ja: '二要素認証が設定されていません。',
      en: 'Two-factor authentication is not set up.',
    });
  }
  const secret = svc.secrets.open(account.totpSecret, realm.secretContext(account.id));
  const step = await verifyTotp(secret, code.trim(), account.totpLastStep);
  if (step === null) throw invalidCode();
  await realm.setTotpStep(tx, account.id, step);
  const codes = newRecoveryCodes();
  await realm.replaceRecoveryCodes(tx, account.id, codes.map(recoveryCodeHash));
  await audit(
    { tx, scope: realm.scope, ...sourceOf(meta, auth.actor) },
    { action: 'auth.recovery_codes_regenerated', target: { type: 'account', id: account.id } },
  );
  return codes;
}

export async function signOut(svc: AuthServices, auth: Authentication, meta: RequestMeta): Promise<void> {
  await svc.sessions.end(auth.sessionId, 'sign_out');
  await record(svc, realmOf(auth), meta, auth.actor, {
    action: 'auth.sign_out',
    target: { type: 'session', id: auth.sessionId },
  });
}
