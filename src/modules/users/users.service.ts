import { asOrganisation, type Tx } from '../../db/scope.js';
import type { Context, ProviderContext, TenantContext } from '../../platform/access/context.js';
import { CONTENT_MODULES } from '../../platform/access/permissions.js';
import { audit } from '../../platform/audit/audit.js';
import { normaliseEmail } from '../../platform/auth/email.js';
import { checkPasswordPolicy } from '../../platform/auth/password-policy.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { type Authentication, endAccountSessions } from '../../platform/auth/sessions.js';
import { endSessionById, listOpenSessions } from '../../platform/auth/sessions.repo.js';
import { organisationToken, parseOrganisationToken } from '../../platform/auth/tokens.js';
import { AppError, Errors, found } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import {
  INVITATION_VALIDITY_HOURS,
  invitationMail,
  passwordChangedMail,
} from '../../platform/mail/templates.js';
import { findOrganisationFacts } from '../../platform/tenancy/organisations.repo.js';
import {
  anonymiseUser,
  countActiveAdmins,
  deleteInvitedUser,
  emailInUse,
  findAccountSettings,
  findNoticeMail,
  findUserCredentials,
  findUserRow,
  insertToken,
  insertUser,
  listUserRows,
  replaceUserRecoveryCodes,
  revokeTokens,
  setUserStatus,
  setUserTotp,
  toUser,
  type UserRow,
  updateAccountSettings,
  updateNoticeMail,
  updateUserPassword,
  updateUserProfile,
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
export async function storePassword(
  tx: Tx,
  org: string,
  userId: string,
  password: string,
  options: { activate?: boolean } = {},
) {
  await updateUserPassword(tx, org, userId, await hashPassword(password), options);
}

async function requireUser(ctx: TenantContext, id: string): Promise<UserRow> {
  const row = found(await findUserRow(ctx.tx, ctx.org.serviceCode, id));
  return row;
}

async function reload(ctx: TenantContext, id: string): Promise<User> {
  return toUser(await requireUser(ctx, id));
}

/** Where the organisation's data is kept (shown to its own accounts). */
export async function organisationDataRegion(ctx: TenantContext): Promise<string> {
  const facts = found(await findOrganisationFacts(ctx.tx, ctx.org.serviceCode));
  return facts.dataRegion;
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

/**
 * The signed-in user's choice to receive the provider's notices by mail and banner. Admins always
 * receive them, so for them it reads true and cannot be turned off.
 */
export async function getOwnNoticeMail(ctx: TenantContext): Promise<boolean> {
  if (ctx.actor.type !== 'user') throw Errors.forbidden();
  return ctx.actor.role === 'admin' || findNoticeMail(ctx.tx, ctx.org.serviceCode, ctx.actor.id);
}

export async function setOwnNoticeMail(ctx: TenantContext, enabled: boolean): Promise<boolean> {
  if (ctx.actor.type !== 'user') throw Errors.forbidden();
  if (ctx.actor.role === 'admin') {
    if (!enabled)
      throw conflict(
        'admins_receive_notices',
        '管理者には運営者からのお知らせが必ず届きます。受け取らない設定にはできません。',
        "Admins always receive the provider's notices; this cannot be turned off.",
        'enabled',
      );
    return true;
  }
  const before = await findNoticeMail(ctx.tx, ctx.org.serviceCode, ctx.actor.id);
  if (before !== enabled) {
    await updateNoticeMail(ctx.tx, ctx.org.serviceCode, ctx.actor.id, enabled);
    await audit(ctx, {
      action: 'user.notice_mail_changed',
      target: { type: 'user', id: ctx.actor.id },
      details: { enabled },
    });
  }
  return enabled;
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
  await updateUserProfile(ctx.tx, o.serviceCode, id, { name: input.name?.trim() ?? user.name, role, rights });
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
  await setUserStatus(ctx.tx, ctx.org.serviceCode, id, status);
}

/** For a lost authenticator: the user enrols again at the next sign-in. */
export async function resetUserTotp(ctx: TenantContext, id: string): Promise<User> {
  ctx.require('users:manage');
  const user = await requireUser(ctx, id);
  await guardOthers(ctx, user, false);
  const o = ctx.org.serviceCode;
  await setUserTotp(ctx.tx, o, id, null, false);
  await replaceUserRecoveryCodes(ctx.tx, o, id, []);
  const ended = await endAccountSessions(ctx.tx, o, id, 'totp_reset');
  await audit(ctx, {
    action: 'user.totp_reset',
    target: { type: 'user', id },
    details: { sessionsEnded: ended },
  });
  return reload(ctx, id);
}

/** The user, who must not have accepted the invitation yet (re-send and revoke only apply then). */
async function requireInvitedUser(ctx: TenantContext, id: string) {
  const user = await requireUser(ctx, id);
  if (user.status !== 'invited') {
    throw conflict(
      'not_invited',
      'このユーザーは既に招待を受け入れています。',
      'This user has already accepted the invitation.',
    );
  }
  return user;
}

export async function resendInvitation(ctx: TenantContext, mail: AccountMail, id: string): Promise<User> {
  ctx.require('users:manage');
  const user = await requireInvitedUser(ctx, id);
  await sendInvitation(ctx.tx, ctx.org, mail, user);
  await audit(ctx, { action: 'user.invitation_resent', target: { type: 'user', id } });
  return reload(ctx, id);
}

/** Withdraws an invitation; the never-activated account is removed. */
export async function revokeInvitation(ctx: TenantContext, id: string): Promise<void> {
  ctx.require('users:manage');
  const user = await requireInvitedUser(ctx, id);
  await deleteInvitedUser(ctx.tx, ctx.org.serviceCode, id);
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
  await anonymiseUser(ctx.tx, o, id);
  const ended = await endAccountSessions(ctx.tx, o, id, 'deleted');
  await audit(ctx, {
    action: 'user.deleted',
    target: { type: 'user', id },
    details: { role: user.role, sessionsEnded: ended },
  });
}

export async function getSecuritySettings(ctx: TenantContext): Promise<SecuritySettings> {
  ctx.require('organisation:manage');
  const row = found(await findAccountSettings(ctx.tx, ctx.org.serviceCode));
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
  await updateAccountSettings(ctx.tx, ctx.org.serviceCode, {
    totp_required_for_general: input.totpRequiredForGeneral,
    idle_timeout_minutes: input.idleTimeoutMinutes,
    absolute_lifetime_hours: input.absoluteLifetimeHours,
  });
  await audit(ctx, { action: 'organisation.security_settings_changed', details: { before, after: input } });
  return getSecuritySettings(ctx);
}

// ---------------------------------------------------------------------------------------------
// Own account

/** Refuses a new password the policy does not allow (400 naming the field). */
export function refuseWeakPassword(
  password: string,
  email: string,
  serviceCode: string,
  field: string,
): void {
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
  const account = await findUserCredentials(ctx.tx, o.serviceCode, { id: actorId(ctx) ?? '' });
  if (!account) throw Errors.unauthenticated();
  if (!(await verifyPassword(account.password_hash, input.currentPassword))) {
    throw new AppError(
      400,
      'wrong_current_password',
      { ja: '現在のパスワードが正しくありません。', en: 'The current password is not correct.' },
      { field: 'currentPassword' },
    );
  }
  refuseWeakPassword(input.newPassword, account.email, o.serviceCode, 'newPassword');
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
  const rows = await listOpenSessions(ctx.tx, ctx.org.serviceCode, actorId(ctx) ?? '');
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
  await endSessionById(ctx.tx, sessionId, 'ended_by_user');
  await audit(ctx, { action: 'auth.session_ended', target: { type: 'session', id: sessionId } });
}
