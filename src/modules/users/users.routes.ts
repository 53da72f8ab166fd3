import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TenantContext } from '../../platform/access/context.js';
import { CONTENT_MODULES } from '../../platform/access/permissions.js';
import { currentAuth } from '../../platform/http/current-auth.js';
import { defineChangeRoute, defineGetRoute, defineListRoute } from '../../platform/http/list-route.js';
import { defineRoute, noContent, type RouteDeps } from '../../platform/http/route.js';
import {
  ChangePasswordInput,
  CreateUserInput,
  SecuritySettings,
  SessionInfo,
  UpdateUserInput,
  User,
  UserIdParams,
} from './users.schema.js';
import {
  type AccountMail,
  changeOwnPassword,
  deleteUser,
  endOwnSession,
  getOwnNoticeMail,
  getOwnUser,
  getSecuritySettings,
  getUser,
  inviteUser,
  listOwnSessions,
  listUsers,
  organisationDataRegion,
  resendInvitation,
  resetUserTotp,
  resumeUser,
  revokeInvitation,
  setOwnNoticeMail,
  suspendUser,
  updateSecuritySettings,
  updateUser,
} from './users.service.js';

const tags = ['users'];
const manage = { permission: 'users:manage' } as const;

/** The admin's user management (管理者: ユーザー管理) and everyone's own account. */
/** What the users' routes need besides the database: where account mails go. */
export interface UserRouteDeps extends RouteDeps {
  mail: AccountMail;
}

const NoticeMail = Type.Object({ enabled: Type.Boolean(), alwaysForAdmins: Type.Boolean() });

export function registerUserRoutes(app: FastifyInstance, deps: UserRouteDeps): void {
  defineListRoute(app, deps, {
    url: '/api/v1/users',
    access: manage,
    scope: 'tenant',
    summary: 'List the organisation’s users',
    tags,
    item: User,
    list: listUsers,
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/users',
    access: manage,
    scope: 'tenant',
    summary: 'Register a user and send the invitation mail',
    tags,
    body: CreateUserInput,
    item: User,
    created: true,
    change: (ctx, input) => inviteUser(ctx, deps.mail, input.body),
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/users/:id',
    access: manage,
    scope: 'tenant',
    summary: 'One user',
    tags,
    params: UserIdParams,
    item: User,
    get: (ctx, params) => getUser(ctx, params.id),
  });

  defineChangeRoute(app, deps, {
    method: 'PATCH',
    url: '/api/v1/users/:id',
    access: manage,
    scope: 'tenant',
    summary: 'Change a user’s name, role or rights',
    tags,
    params: UserIdParams,
    body: UpdateUserInput,
    item: User,
    change: (ctx, input) => updateUser(ctx, input.params.id, input.body),
  });

  // A change to one user: answers the user, or nothing (204) when it removes them.
  const change = (
    method: 'POST' | 'DELETE',
    path: string,
    summary: string,
    run: (ctx: TenantContext, id: string) => Promise<unknown>,
  ) =>
    defineChangeRoute(app, deps, {
      method,
      url: `/api/v1/users/:id${path}`,
      access: manage,
      scope: 'tenant',
      summary,
      tags,
      params: UserIdParams,
      ...(method === 'POST' ? { item: User } : {}),
      change: (ctx, input) => run(ctx, input.params.id),
    });
  change('POST', '/suspend', 'Suspend a user (their sessions end)', suspendUser);
  change('POST', '/resume', 'Resume a suspended user', resumeUser);
  change('POST', '/reset-totp', 'Reset a user’s two-factor (they enrol again)', resetUserTotp);
  change('POST', '/invitation', 'Re-send the invitation mail', (ctx, id) =>
    resendInvitation(ctx, deps.mail, id),
  );
  change(
    'DELETE',
    '/invitation',
    'Revoke an invitation (the never-activated account is removed)',
    revokeInvitation,
  );
  change('DELETE', '', 'Delete a user (personal data removed; audit history kept)', deleteUser);

  defineGetRoute(app, deps, {
    url: '/api/v1/organisation/security',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    summary: 'Sign-in policy of the organisation',
    tags: ['organisation'],
    item: SecuritySettings,
    get: getSecuritySettings,
  });

  defineChangeRoute(app, deps, {
    method: 'PUT',
    url: '/api/v1/organisation/security',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    summary: 'Change the sign-in policy',
    tags: ['organisation'],
    body: SecuritySettings,
    item: SecuritySettings,
    change: (ctx, input) => updateSecuritySettings(ctx, input.body),
  });

  // ---- own account
  const me = ['account'];

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/me',
    access: { account: 'user' },
    scope: 'tenant',
    noStore: true,
    schema: {
      summary: 'The signed-in user and organisation',
      tags: me,
      response: {
        200: Type.Object({
          user: Type.Object({
            id: Type.String(),
            name: Type.String(),
            email: Type.String(),
            role: Type.String(),
            totpEnabled: Type.Boolean(),
            rights: Type.Record(Type.String(), Type.String()),
          }),
          organisation: Type.Object({
            serviceCode: Type.String(),
            nameJa: Type.String(),
            nameEn: Type.String(),
            dataRegion: Type.String(),
          }),
        }),
      },
    },
    async handler(ctx) {
      const user = await getOwnUser(ctx);
      // Admins hold every right by their role.
      const dataRegion = await organisationDataRegion(ctx);
      const rights =
        user.role === 'admin' ? Object.fromEntries(CONTENT_MODULES.map((m) => [m, 'publish'])) : user.rights;
      return {
        user: {
          id: user.id,
          name: user.name,
          email: user.email,
          role: user.role,
          totpEnabled: user.totpEnabled,
          rights,
        },
        organisation: {
          serviceCode: ctx.org.serviceCode,
          nameJa: ctx.org.nameJa,
          nameEn: ctx.org.nameEn,
          dataRegion,
        },
      };
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/me/password',
    access: { account: 'user' },
    scope: 'tenant',
    schema: { summary: 'Change own password (other sessions end)', tags: me, body: ChangePasswordInput },
    async handler(ctx, input, request, reply) {
      await changeOwnPassword(ctx, deps.mail, currentAuth(request), input.body);
      return noContent(reply);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/me/notice-mail',
    access: { account: 'user' },
    scope: 'tenant',
    noStore: true,
    schema: {
      summary: "Whether I receive the provider's notices (admins always do)",
      tags: me,
      response: { 200: NoticeMail },
    },
    async handler(ctx) {
      return {
        enabled: await getOwnNoticeMail(ctx),
        alwaysForAdmins: ctx.actor.type === 'user' && ctx.actor.role === 'admin',
      };
    },
  });

  defineChangeRoute(app, deps, {
    method: 'PUT',
    url: '/api/v1/me/notice-mail',
    access: { account: 'user' },
    scope: 'tenant',
    summary: "Receive the provider's notices (mail and banner) or not; off by default for general users",
    tags: me,
    body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
    item: NoticeMail,
    change: async (ctx, input) => {
      const enabled = await setOwnNoticeMail(ctx, input.body.enabled);
      return { enabled, alwaysForAdmins: ctx.actor.type === 'user' && ctx.actor.role === 'admin' };
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/me/sessions',
    access: { account: 'user' },
    scope: 'tenant',
    schema: {
      summary: 'Own active sessions',
      tags: me,
      response: { 200: Type.Object({ items: Type.Array(SessionInfo) }) },
    },
    async handler(ctx, _input, request) {
      return { items: await listOwnSessions(ctx, currentAuth(request).sessionId) };
    },
  });

  defineChangeRoute(app, deps, {
    method: 'DELETE',
    url: '/api/v1/me/sessions/:id',
    access: { account: 'user' },
    scope: 'tenant',
    summary: 'End one of own sessions',
    tags: me,
    params: UserIdParams,
    change: (ctx, input) => endOwnSession(ctx, input.params.id),
  });
}
