import type { Database } from '../../db/database.js';
import { asOrganisation, SERVICE_CODE_PATTERN, type Tx, withScope } from '../../db/scope.js';
import type { Context, ProviderContext, TenantContext } from '../../platform/access/context.js';
import { CONTENT_MODULES } from '../../platform/access/permissions.js';
import { audit } from '../../platform/audit/audit.js';
import { checkPasswordPolicy } from '../../platform/auth/password-policy.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { type Authentication, endAccountSessions } from '../../platform/auth/sessions.js';
import { organisationToken, parseOrganisationToken } from '../../platform/auth/tokens.js';
import { AppError, Errors } from '../../platform/http/errors.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import {
  INVITATION_VALIDITY_HOURS,
  invitationMail,
  PASSWORD_RESET_VALIDITY_MINUTES,
  passwordChangedMail,
  passwordResetMail,
} from '../../platform/mail/templates.js';
import {
  type AccountRealm,
  type AccountRecord,
  normaliseEmail,
  organisationRealm,
} from '../auth/account-realms.js';
import type { AuthServices, RequestMeta, SignInResult } from '../auth/auth.service.js';
import {
  countActiveAdmins,
  emailInUse,
  findLiveToken,
  findUserRow,
  insertToken,
  insertUser,
  listUserRows,
  markTokenUsed,
  revokeTokens,
  toUser,
  type UserRow,
} from './users.repo.js';
import type {
  CreateUserInput,
  RightsInput,
  SecuritySettings,
  UpdateUserInput,
  User,
} from './users.schema.js';

/** Where account mails go and what links in them point at. */
export interface AccountMail {
  mailer: Mailer;
  baseUrl: string;
}

function actorId(ctx: Context): string | null {
  return ctx.actor.type === 'user' ? ctx.actor.id : null;
}

const conflict = (code: string, ja: string, en: string, field?: string) =>
  new AppError(409, code, { ja, en }, field ? { field } : {});

const lastAdmin = () =>
  conflict(
    'last_admin',
    '組織には有効な管理者が少なくとも 1 人必要です。',
    'The organisation needs at least one active admin.',
  );
const notSelf = () =>
  conflict(
    'not_on_yourself',
    'この操作は自分自身には行えません。別の管理者に依頼してください。',
    'You cannot do this to your own account; ask another admin.',
  );

/** Stored rights: every module named, admins' kept empty (they hold all rights by role). */
function normaliseRights(role: 'admin' | 'general', rights: RightsInput | undefined): Record<string, string> {
  if (role === 'admin') return {};
  return Object.fromEntries(CONTENT_MODULES.map((m) => [m, rights?.[m] ?? 'none']));
}

/** Stores a new password (Argon2id); on accepting an invitation the account becomes active too. */
async function storePassword(
  tx: Tx,
  org: string,
  userId: string,
  password: string,
  options: { activate?: boolean } = {},
) {
  await tx
    .updateTable('tenant.users')
    .set({
      ...(options.activate ? { status: 'active' as const } : {}),
      password_hash: await hashPassword(password),
      password_changed_at: new Date(),
      updated_at: new Date(),
    })
    .where('org', '=', org)
    .where('id', '=', userId)
    .execute();
}

async function requireUser(ctx: TenantContext, id: string): Promise<UserRow> {
  const row = await findUserRow(ctx.tx, ctx.org.serviceCode, id);
  if (!row) throw Errors.notFound();
  return row;
}

async function reload(ctx: TenantContext, id: string): Promise<User> {
  return toUser(await requireUser(ctx, id));
}

export async function listUsers(ctx: TenantContext): Promise<User[]> {
  ctx.require('users:manage');
  return (await listUserRows(ctx.tx, ctx.org.serviceCode)).map(toUser);
}

export async function getUser(ctx: TenantContext, id: string): Promise<User> {
  ctx.require('users:manage');
  return reload(ctx, id);
}

/** The signed-in user's own account: needs no right beyond being that account. */
export async function getOwnUser(ctx: TenantContext): Promise<User> {
  if (ctx.actor.type !== 'user') throw Errors.forbidden();
  return reload(ctx, ctx.actor.id);
}

async function sendInvitation(
  tx: Tx,
  o: { serviceCode: string; nameJa: string; nameEn: string },
  mail: AccountMail,
  user: { id: string; name: string; email: string },
) {
  const token = organisationToken(o.serviceCode);
  const expiresAt = new Date(Date.now() + INVITATION_VALIDITY_HOURS * 3600_000);
  const parsed = parseOrganisationToken(token)!;
  await revokeTokens(tx, o.serviceCode, user.id, 'invitation');
  await insertToken(tx, o.serviceCode, user.id, 'invitation', parsed.hash, expiresAt);
  const content = invitationMail({
    orgNameJa: o.nameJa,
    orgNameEn: o.nameEn,
    inviteeName: user.name,
    link: `${mail.baseUrl}/console/invitation?token=${encodeURIComponent(token)}`,
    expiresAt,
  });
  // Sent before commit: if the mail cannot go out, nothing is stored and the admin is told.
  await mail.mailer
    .send({ to: user.email, ...content, serviceCode: o.serviceCode })
    .catch((error: unknown) => {
      throw Errors.unavailable({ ja: 'メール送信', en: 'Mail delivery' }, error);
    });
}

/** An admin registers a user: the account waits, invited, until the mailed link is used. */
export async function inviteUser(
  ctx: TenantContext,
  mail: AccountMail,
  input: CreateUserInput,
): Promise<User> {
  ctx.require('users:manage');
  const o = ctx.org;
  const email = normaliseEmail(input.email);
  if (await emailInUse(ctx.tx, o.serviceCode, email)) {
    throw conflict(
      'email_taken',
      'このメールアドレスは既に登録されています。',
      'This e-mail address is already registered.',
      'email',
    );
  }
  const role = input.role ?? 'general';
  const rights = normaliseRights(role, input.rights);
  const id = await insertUser(ctx.tx, o.serviceCode, { name: input.name.trim(), email, role, rights });
  await audit(ctx, {
    action: 'user.invited',
    target: { type: 'user', id },
    details: { email, role, rights },
  });
  await sendInvitation(ctx.tx, o, mail, { id, name: input.name.trim(), email });
  return reload(ctx, id);
}

/**
 * Provisioning: the organisation's first admin, written from the provider scope (switching into the
 * new organisation only for its own rows) and audited in the organisation's chain. `then` finishes
 * the account: an invitation mail, or (the embedded demo) a password that makes it active at once.
 */
async function provisionFirstAdmin(
  ctx: ProviderContext,
  serviceCode: string,
  admin: { name: string; email: string },
  action: 'user.invited' | 'user.created',
  then: (user: { id: string; name: string; email: string }) => Promise<void>,
): Promise<string> {
  ctx.require('ops:organisations');
  const email = normaliseEmail(admin.email);
  const name = admin.name.trim();
  const id = await asOrganisation(ctx.tx, serviceCode, async () => {
    const userId = await insertUser(ctx.tx, serviceCode, { name, email, role: 'admin', rights: {} });
    await then({ id: userId, name, email });
    return userId;
  });
  await audit(
    ctx,
    { action, target: { type: 'user', id }, details: { email, role: 'admin', firstAdmin: true } },
    { onOrganisation: serviceCode },
  );
  return id;
}

/** The provider registers an organisation's first admin and mails the invitation. */
export function inviteFirstAdmin(
  ctx: ProviderContext,
  mail: AccountMail,
  o: { serviceCode: string; nameJa: string; nameEn: string },
  admin: { name: string; email: string },
): Promise<string> {
  return provisionFirstAdmin(ctx, o.serviceCode, admin, 'user.invited', (user) =>
    sendInvitation(ctx.tx, o, mail, user),
  );
}

/** Without mail (the embedded demo): the first admin, active at once with the given password. */
export function createFirstAdminWithPassword(
  ctx: ProviderContext,
  serviceCode: string,
  admin: { name: string; email: string; password: string },
): Promise<string> {
  return provisionFirstAdmin(ctx, serviceCode, admin, 'user.created', (user) =>
    storePassword(ctx.tx, serviceCode, user.id, admin.password, { activate: true }),
  );
}

export async function updateUser(ctx: TenantContext, id: string, input: UpdateUserInput): Promise<User> {
  ctx.require('users:manage');
  const o = ctx.org;
  const user = await requireUser(ctx, id);
  const role = input.role ?? user.role;
  if (user.role === 'admin' && role === 'general' && user.status === 'active') {
    if ((await countActiveAdmins(ctx.tx, o.serviceCode, id)) === 0) throw lastAdmin();
  }
  const rights =
    input.rights !== undefined || role !== user.role
      ? normaliseRights(role, input.rights ?? (user.rights as RightsInput))
      : user.rights;
  await ctx.tx
    .updateTable('tenant.users')
    .set({
      name: input.name?.trim() ?? user.name,
      role,
      rights: JSON.stringify(rights),
      updated_at: new Date(),
    })
    .where('org', '=', o.serviceCode)
    .where('id', '=', id)
    .execute();
  await audit(ctx, {
    action: 'user.updated',
    target: { type: 'user', id },
    details: {
      before: { name: user.name, role: user.role, rights: user.rights },
      after: { name: input.name ?? user.name, role, rights },
    },
  });
  return reload(ctx, id);
}

async function guardOthers(ctx: TenantContext, user: UserRow, removesAdmin: boolean): Promise<void> {
  if (user.id === actorId(ctx)) throw notSelf();
  if (removesAdmin && user.role === 'admin' && user.status === 'active') {
    if ((await countActiveAdmins(ctx.tx, ctx.org.serviceCode, user.id)) === 0) throw lastAdmin();
  }
}

export async function suspendUser(ctx: TenantContext, id: string): Promise<User> {
  ctx.require('users:manage');
  const user = await requireUser(ctx, id);
  await guardOthers(ctx, user, true);
  if (user.status !== 'active') {
    throw conflict(
      'not_active',
      '有効なユーザーのみ利用停止にできます。',
      'Only active users can be suspended.',
    );
  }
  await setStatus(ctx, id, 'suspended');
  const ended = await endAccountSessions(ctx.tx, ctx.org.serviceCode, id, 'suspended');
  await audit(ctx, {
    action: 'user.suspended',
    target: { type: 'user', id },
    details: { sessionsEnded: ended },
  });
  return reload(ctx, id);
}

export async function resumeUser(ctx: TenantContext, id: string): Promise<User> {
  ctx.require('users:manage');
  const user = await requireUser(ctx, id);
  if (user.status !== 'suspended') {
    throw conflict('not_suspended', '利用停止中のユーザーではありません。', 'The user is not suspended.');
  }
  await setStatus(ctx, id, 'active');
  await audit(ctx, { action: 'user.resumed', target: { type: 'user', id } });
  return reload(ctx, id);
}

async function setStatus(ctx: TenantContext, id: string, status: 'active' | 'suspended') {
  await ctx.tx
    .updateTable('tenant.users')
    .set({ status, updated_at: new Date() })
    .where('org', '=', ctx.org.serviceCode)
    .where('id', '=', id)
    .execute();
}

/** For a lost authenticator: the user enrols again at the next sign-in. */
export async function resetUserTotp(ctx: TenantContext, id: string): Promise<User> {
  ctx.require('users:manage');
  const user = await requireUser(ctx, id);
  await guardOthers(ctx, user, false);
  const o = ctx.org.serviceCode;
  const realm = organisationRealm(o);
  await realm.setTotp(ctx.tx, id, null, false);
  await realm.replaceRecoveryCodes(ctx.tx, id, []);
  const ended = await endAccountSessions(ctx.tx, o, id, 'totp_reset');
  await audit(ctx, {
    action: 'user.totp_reset',
    target: { type: 'user', id },
    details: { sessionsEnded: ended },
  });
  return reload(ctx, id);
}

export async function resendInvitation(ctx: TenantContext, mail: AccountMail, id: string): Promise<User> {
  ctx.require('users:manage');
  const user = await requireUser(ctx, id);
  if (user.status !== 'invited') {
    throw conflict(
      'not_invited',
      'このユーザーは既に招待を受け入れています。',
      'This user has already accepted the invitation.',
    );
  }
  await sendInvitation(ctx.tx, ctx.org, mail, user);
  await audit(ctx, { action: 'user.invitation_resent', target: { type: 'user', id } });
  return reload(ctx, id);
}

/** Withdraws an invitation; the never-activated account is removed. */
export async function revokeInvitation(ctx: TenantContext, id: string): Promise<void> {
  ctx.require('users:manage');
  const user = await requireUser(ctx, id);
  if (user.status !== 'invited') {
    throw conflict(
      'not_invited',
      'このユーザーは既に招待を受け入れています。',
      'This user has already accepted the invitation.',
    );
  }
  await ctx.tx
    .deleteFrom('tenant.users')
    .where('org', '=', ctx.org.serviceCode)
    .where('id', '=', id)
    .execute();
  await audit(ctx, {
    action: 'user.invitation_revoked',
    target: { type: 'user', id },
    details: { email: user.email },
  });
}

/** Deletes a user: personal data goes, the row stays anonymised so the audit history keeps its ids. */
export async function deleteUser(ctx: TenantContext, id: string): Promise<void> {
  ctx.require('users:manage');
  const user = await requireUser(ctx, id);
  await guardOthers(ctx, user, true);
  const o = ctx.org.serviceCode;
  await ctx.tx
    .updateTable('tenant.users')
    .set({
      status: 'deleted',
      email: `deleted-${id}@deleted.invalid`,
      name: '（削除済み / deleted）',
      rights: '{}',
      password_hash: null,
      totp_secret: null,
      totp_enabled: false,
      deleted_at: new Date(),
      updated_at: new Date(),
    })
    .where('org', '=', o)
    .where('id', '=', id)
    .execute();
  await ctx.tx
    .deleteFrom('tenant.user_recovery_codes')
    .where('org', '=', o)
    .where('user_id', '=', id)
    .execute();
  await ctx.tx.deleteFrom('tenant.user_tokens').where('org', '=', o).where('user_id', '=', id).execute();
  const ended = await endAccountSessions(ctx.tx, o, id, 'deleted');
  await audit(ctx, {
    action: 'user.deleted',
    target: { type: 'user', id },
    details: { role: user.role, sessionsEnded: ended },
  });
}

export async function getSecuritySettings(ctx: TenantContext): Promise<SecuritySettings> {
  ctx.require('organisation:manage');
  const row = await ctx.tx
    .selectFrom('tenant.account_settings')
    .selectAll()
    .where('org', '=', ctx.org.serviceCode)
    .executeTakeFirstOrThrow();
  return {
    totpRequiredForGeneral: row.totp_required_for_general,
    idleTimeoutMinutes: row.idle_timeout_minutes,
    absoluteLifetimeHours: row.absolute_lifetime_hours,
  };
}

export async function updateSecuritySettings(
  ctx: TenantContext,
  input: SecuritySettings,
): Promise<SecuritySettings> {
  ctx.require('organisation:manage');
  const before = await getSecuritySettings(ctx);
  await ctx.tx
    .updateTable('tenant.account_settings')
    .set({
      totp_required_for_general: input.totpRequiredForGeneral,
      idle_timeout_minutes: input.idleTimeoutMinutes,
      absolute_lifetime_hours: input.absoluteLifetimeHours,
      updated_at: new Date(),
    })
    .where('org', '=', ctx.org.serviceCode)
    .execute();
  await audit(ctx, { action: 'organisation.security_settings_changed', details: { before, after: input } });
  return getSecuritySettings(ctx);
}

// ---------------------------------------------------------------------------------------------
// Own account

function passwordProblem(password: string, email: string, serviceCode: string, field: string) {
  const problem = checkPasswordPolicy(password, { email, serviceCode }, field);
  if (problem) throw Errors.validation([problem]);
}

export async function changeOwnPassword(
  ctx: TenantContext,
  mail: AccountMail,
  auth: Authentication,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const o = ctx.org;
  const realm = organisationRealm(o.serviceCode);
  const account = await realm.findById(ctx.tx, actorId(ctx) ?? '');
  if (!account) throw Errors.unauthenticated();
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw new AppError(
      400,
      'wrong_current_password',
      { ja: '現在のパスワードが正しくありません。', en: 'The current password is not correct.' },
      { field: 'currentPassword' },
    );
  }
  passwordProblem(input.newPassword, account.email, o.serviceCode, 'newPassword');
  await storePassword(ctx.tx, o.serviceCode, account.id, input.newPassword);
  const ended = await endAccountSessions(
    ctx.tx,
    o.serviceCode,
    account.id,
    'password_changed',
    auth.sessionId,
  );
  await audit(ctx, {
    action: 'user.password_changed',
    target: { type: 'user', id: account.id },
    details: { sessionsEnded: ended },
  });
  const content = passwordChangedMail({ orgNameJa: o.nameJa, orgNameEn: o.nameEn, at: new Date() });
  await mail.mailer
    .send({ to: account.email, ...content, serviceCode: o.serviceCode })
    .catch(() => undefined);
}

export async function listOwnSessions(ctx: TenantContext, currentSessionId: string) {
  const rows = await ctx.tx
    .selectFrom('auth.sessions')
    .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('org', '=', ctx.org.serviceCode)
    .where('account_id', '=', actorId(ctx) ?? '')
    .where('ended_at', 'is', null)
    .where('expires_at', '>', new Date())
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id === currentSessionId,
  }));
}

export async function endOwnSession(ctx: TenantContext, sessionId: string): Promise<void> {
  const sessions = await listOwnSessions(ctx, '');
  if (!sessions.some((s) => s.id === sessionId)) throw Errors.notFound();
  await ctx.tx
    .updateTable('auth.sessions')
    .set({ ended_at: new Date(), end_reason: 'ended_by_user' })
    .where('id', '=', sessionId)
    .execute();
  await audit(ctx, { action: 'auth.session_ended', target: { type: 'session', id: sessionId } });
}

// ---------------------------------------------------------------------------------------------
// Mailed links: invitation and password reset (no session; the token names its organisation)

const linkInvalid = () =>
  new AppError(404, 'link_invalid', {
    ja: 'このリンクは無効です（有効期限切れ、使用済み、または取り消し済み）。管理者に再送を依頼してください。',
    en: 'This link is not valid (expired, used or revoked). Ask your admin to send a new one.',
  });

async function orgNames(db: Database, serviceCode: string) {
  return withScope(db, { kind: 'provider' }, (tx) =>
    tx
      .selectFrom('provider.organisations')
      .select(['service_code', 'name_ja', 'name_en', 'status'])
      .where('service_code', '=', serviceCode)
      .executeTakeFirst(),
  );
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
  const realm = organisationRealm(org.service_code);
  return withScope(db, realm.scope, async (tx) => {
    const live = await findLiveToken(tx, org.service_code, parsed.hash, purpose);
    if (!live) throw linkInvalid();
    const user = await realm.findById(tx, live.user_id);
    if (!user || user.status !== (purpose === 'invitation' ? 'invited' : 'active')) throw linkInvalid();
    return fn({ tx, realm, org, user, tokenHash: parsed.hash });
  });
}

export async function describeInvitation(db: Database, token: string) {
  return withLinkedAccount(db, token, 'invitation', async ({ tx, realm, org: o, user }) => {
    return {
      organisation: { serviceCode: o.service_code, nameJa: o.name_ja, nameEn: o.name_en },
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
  const accepted = await withLinkedAccount(
    svc.db,
    token,
    'invitation',
    async ({ tx, realm, org: o, user, tokenHash }) => {
      passwordProblem(password, user.email, o.service_code, 'password');
      await storePassword(tx, o.service_code, user.id, password, { activate: true });
      await markTokenUsed(tx, o.service_code, tokenHash);
      await audit(
        { tx, scope: realm.scope, actor: realm.actor(user), ip: meta.ip, requestId: meta.requestId },
        { action: 'user.invitation_accepted', target: { type: 'user', id: user.id } },
      );
      return { org: o.service_code, user, totpRequired: await realm.totpRequired(tx, user) };
    },
  );
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
    const recent = await tx
      .selectFrom('tenant.user_tokens')
      .select('created_at')
      .where('org', '=', code)
      .where('user_id', '=', user.id)
      .where('purpose', '=', 'password_reset')
      .where('created_at', '>', new Date(Date.now() - 60_000))
      .executeTakeFirst();
    if (recent) {
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
      orgNameJa: o.name_ja,
      orgNameEn: o.name_en,
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
  const done = await withLinkedAccount(
    svc.db,
    token,
    'password_reset',
    async ({ tx, realm, org: o, user, tokenHash }) => {
      passwordProblem(password, user.email, o.service_code, 'newPassword');
      await storePassword(tx, o.service_code, user.id, password);
      await markTokenUsed(tx, o.service_code, tokenHash);
      const ended = await endAccountSessions(tx, o.service_code, user.id, 'password_reset');
      await audit(
        { tx, scope: realm.scope, actor: realm.actor(user), ip: meta.ip, requestId: meta.requestId },
        {
          action: 'user.password_reset',
          target: { type: 'user', id: user.id },
          details: { sessionsEnded: ended },
        },
      );
      return { email: user.email, realm, org: o };
    },
  );
  await svc.limiter.clear(done.realm.throttleKey(done.email));
  const content = passwordChangedMail({
    orgNameJa: done.org.name_ja,
    orgNameEn: done.org.name_en,
    at: new Date(),
  });
  await mail.mailer
    .send({ to: done.email, ...content, serviceCode: done.org.service_code })
    .catch(() => undefined);
}
