import { asOrganisation } from '../../db/scope.js';
import { CONTENT_MODULES } from '../../platform/access/permissions.js';
import { audit } from '../../platform/audit/audit.js';
import { normaliseEmail } from '../../platform/auth/email.js';
import { checkPasswordPolicy } from '../../platform/auth/password-policy.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { type Authentication, endAccountSessions } from '../../platform/auth/sessions.js';
import { endSessionById, listOpenSessions } from '../../platform/auth/sessions.repo.js';
import { organisationToken, parseOrganisationToken } from '../../platform/auth/tokens.js';
import type { Context } from '../../platform/http/context.js';
import { AppError, Errors } from '../../platform/http/errors.js';
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

function org(ctx: Context) {
  if (ctx.scope.kind !== 'tenant' || !ctx.org) throw Errors.forbidden();
  return ctx.org;
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
  tx: Context['tx'],
  org: string,
  userId: string,
  password: string,
  options: { activate?: boolean } = {},
) {
  await updateUserPassword(tx, org, userId, await hashPassword(password), options);
}

async function requireUser(ctx: Context, id: string): Promise<UserRow> {
  const row = await findUserRow(ctx.tx, org(ctx).serviceCode, id);
  if (!row) throw Errors.notFound();
  return row;
}

async function reload(ctx: Context, id: string): Promise<User> {
  return toUser(await requireUser(ctx, id));
}

/** Where the organisation's data is kept (shown to its own accounts). */
export async function organisationDataRegion(ctx: Context): Promise<string> {
  const facts = await findOrganisationFacts(ctx.tx, org(ctx).serviceCode);
  if (!facts) throw Errors.notFound();
  return facts.dataRegion;
}

export async function listUsers(ctx: Context): Promise<User[]> {
  return (await listUserRows(ctx.tx, org(ctx).serviceCode)).map(toUser);
}

export async function getUser(ctx: Context, id: string): Promise<User> {
  return reload(ctx, id);
}

async function sendInvitation(
  tx: Context['tx'],
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
export async function inviteUser(ctx: Context, mail: AccountMail, input: CreateUserInput): Promise<User> {
  const o = org(ctx);
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
 * Provisioning: the provider registers an organisation's first admin and mails the invitation.
 * Runs in the provider scope, switching into the new organisation only for its own rows.
 */
export async function inviteFirstAdmin(
  ctx: Context,
  mail: AccountMail,
  o: { serviceCode: string; nameJa: string; nameEn: string },
  admin: { name: string; email: string },
): Promise<string> {
  const email = normaliseEmail(admin.email);
  const id = await asOrganisation(ctx.tx, o.serviceCode, async () => {
    const userId = await insertUser(ctx.tx, o.serviceCode, {
      name: admin.name.trim(),
      email,
      role: 'admin',
      rights: {},
    });
    await sendInvitation(ctx.tx, o, mail, { id: userId, name: admin.name.trim(), email });
    return userId;
  });
  await audit(
    ctx,
    {
      action: 'user.invited',
      target: { type: 'user', id },
      details: { email, role: 'admin', firstAdmin: true },
    },
    { onOrganisation: o.serviceCode },
  );
  return id;
}

export async function updateUser(ctx: Context, id: string, input: UpdateUserInput): Promise<User> {
  const o = org(ctx);
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

async function guardOthers(ctx: Context, user: UserRow, removesAdmin: boolean): Promise<void> {
  if (user.id === actorId(ctx)) throw notSelf();
  if (removesAdmin && user.role === 'admin' && user.status === 'active') {
    if ((await countActiveAdmins(ctx.tx, org(ctx).serviceCode, user.id)) === 0) throw lastAdmin();
  }
}

export async function suspendUser(ctx: Context, id: string): Promise<User> {
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
  const ended = await endAccountSessions(ctx.tx, org(ctx).serviceCode, id, 'suspended');
  await audit(ctx, {
    action: 'user.suspended',
    target: { type: 'user', id },
    details: { sessionsEnded: ended },
  });
  return reload(ctx, id);
}

export async function resumeUser(ctx: Context, id: string): Promise<User> {
  const user = await requireUser(ctx, id);
  if (user.status !== 'suspended') {
    throw conflict('not_suspended', '利用停止中のユーザーではありません。', 'The user is not suspended.');
  }
  await setStatus(ctx, id, 'active');
  await audit(ctx, { action: 'user.resumed', target: { type: 'user', id } });
  return reload(ctx, id);
}

async function setStatus(ctx: Context, id: string, status: 'active' | 'suspended') {
  await setUserStatus(ctx.tx, org(ctx).serviceCode, id, status);
}

/** For a lost authenticator: the user enrols again at the next sign-in. */
export async function resetUserTotp(ctx: Context, id: string): Promise<User> {
  const user = await requireUser(ctx, id);
  await guardOthers(ctx, user, false);
  const o = org(ctx).serviceCode;
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

export async function resendInvitation(ctx: Context, mail: AccountMail, id: string): Promise<User> {
  const user = await requireUser(ctx, id);
  if (user.status !== 'invited') {
    throw conflict(
      'not_invited',
      'このユーザーは既に招待を受け入れています。',
      'This user has already accepted the invitation.',
    );
  }
  await sendInvitation(ctx.tx, org(ctx), mail, user);
  await audit(ctx, { action: 'user.invitation_resent', target: { type: 'user', id } });
  return reload(ctx, id);
}

/** Withdraws an invitation; the never-activated account is removed. */
export async function revokeInvitation(ctx: Context, id: string): Promise<void> {
  const user = await requireUser(ctx, id);
  if (user.status !== 'invited') {
    throw conflict(
      'not_invited',
      'このユーザーは既に招待を受け入れています。',
      'This user has already accepted the invitation.',
    );
  }
  await deleteInvitedUser(ctx.tx, org(ctx).serviceCode, id);
  await audit(ctx, {
    action: 'user.invitation_revoked',
    target: { type: 'user', id },
    details: { email: user.email },
  });
}

/** Deletes a user: personal data goes, the row stays anonymised so the audit history keeps its ids. */
export async function deleteUser(ctx: Context, id: string): Promise<void> {
  const user = await requireUser(ctx, id);
  await guardOthers(ctx, user, true);
  const o = org(ctx).serviceCode;
  await anonymiseUser(ctx.tx, o, id);
  const ended = await endAccountSessions(ctx.tx, o, id, 'deleted');
  await audit(ctx, {
    action: 'user.deleted',
    target: { type: 'user', id },
    details: { role: user.role, sessionsEnded: ended },
  });
}

export async function getSecuritySettings(ctx: Context): Promise<SecuritySettings> {
  const row = await findAccountSettings(ctx.tx, org(ctx).serviceCode);
  if (!row) throw Errors.notFound();
  return {
    totpRequiredForGeneral: row.totp_required_for_general,
    idleTimeoutMinutes: row.idle_timeout_minutes,
    absoluteLifetimeHours: row.absolute_lifetime_hours,
  };
}

export async function updateSecuritySettings(
  ctx: Context,
  input: SecuritySettings,
): Promise<SecuritySettings> {
  const before = await getSecuritySettings(ctx);
  await updateAccountSettings(ctx.tx, org(ctx).serviceCode, {
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
  ctx: Context,
  mail: AccountMail,
  auth: Authentication,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const o = org(ctx);
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

export async function listOwnSessions(ctx: Context, currentSessionId: string) {
  const rows = await listOpenSessions(ctx.tx, org(ctx).serviceCode, actorId(ctx) ?? '');
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id === currentSessionId,
  }));
}

export async function endOwnSession(ctx: Context, sessionId: string): Promise<void> {
  const sessions = await listOwnSessions(ctx, '');
  if (!sessions.some((s) => s.id === sessionId)) throw Errors.notFound();
  await endSessionById(ctx.tx, sessionId, 'ended_by_user');
  await audit(ctx, { action: 'auth.session_ended', target: { type: 'session', id: sessionId } });
}
