import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CONTENT_MODULES } from '../../platform/access/permissions.js';
import { currentAuth } from '../../platform/http/current-auth.js';
import { defineGetRoute, defineListRoute } from '../../platform/http/list-route.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
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

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/users',
    access: manage,
    scope: 'tenant',
    schema: {
      summary: 'Register a user and send the invitation mail',
      tags,
      body: CreateUserInput,
      response: { 201: User },
    },
    async handler(ctx, input, _request, reply) {
      const user = await inviteUser(ctx, deps.mail, input.body);
      reply.code(201);
      return user;
    },
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

  defineRoute(app, deps, {
    method: 'PATCH',
    url: '/api/v1/users/:id',
    access: manage,
    scope: 'tenant',
    schema: {
      summary: 'Change a user’s name, role or rights',
      tags,
      params: UserIdParams,
      body: UpdateUserInput,
      response: { 200: User },
    },
    async handler(ctx, input) {
      return updateUser(ctx, input.params.id, input.body);
    },
  });

  const action = (
    path: string,
    summary: string,
    run: (ctx: Parameters<typeof suspendUser>[0], id: string) => Promise<unknown>,
  ) =>
    defineRoute(app, deps, {
      method: 'POST',
      url: `/api/v1/users/:id/${path}`,
      access: manage,
      scope: 'tenant',
      schema: { summary, tags, params: UserIdParams, response: { 200: User } },
      async handler(ctx, input) {
        return run(ctx, input.params.id);
      },
    });
  action('suspend', 'Suspend a user (their sessions end)', suspendUser);
  action('resume', 'Resume a suspended user', resumeUser);
  action('reset-totp', 'Reset a user’s two-factor (they enrol again)', resetUserTotp);
  action('invitation', 'Re-send the invitation mail', (ctx, id) => resendInvitation(ctx, deps.mail, id));

  const removal = (
    path: string,
    summary: string,
    run: (ctx: Parameters<typeof deleteUser>[0], id: string) => Promise<unknown>,
  ) =>
    defineRoute(app, deps, {
      method: 'DELETE',
      url: `/api/v1/users/:id${path}`,
      access: manage,
      scope: 'tenant',
      schema: { summary, tags, params: UserIdParams },
      async handler(ctx, input, _request, reply) {
        await run(ctx, input.params.id);
        return reply.code(204).send();
      },
    });
  removal('/invitation', 'Revoke an invitation (the never-activated account is removed)', revokeInvitation);
  removal('', 'Delete a user (personal data removed; audit history kept)', deleteUser);

  defineGetRoute(app, deps, {
    url: '/api/v1/organisation/security',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    summary: 'Sign-in policy of the organisation',
    tags: ['organisation'],
    item: SecuritySettings,
    get: getSecuritySettings,
  });

  defineRoute(app, deps, {
    method: 'PUT',
    url: '/api/v1/organisation/security',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    schema: {
      summary: 'Change the sign-in policy',
      tags: ['organisation'],
      body: SecuritySettings,
      response: { 200: SecuritySettings },
    },
    async handler(ctx, input) {
      return updateSecuritySettings(ctx, input.body);
    },
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
      return reply.code(204).send();
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

  defineRoute(app, deps, {
    method: 'PUT',
    url: '/api/v1/me/notice-mail',
    access: { account: 'user' },
    scope: 'tenant',
    schema: {
      summary: "Receive the provider's notices (mail and banner) or not; off by default for general users",
      tags: me,
      body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: NoticeMail },
    },
    async handler(ctx, input) {
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

  defineRoute(app, deps, {
    method: 'DELETE',
    url: '/api/v1/me/sessions/:id',
    access: { account: 'user' },
    scope: 'tenant',
    schema: { summary: 'End one of own sessions', tags: me, params: UserIdParams },
    async handler(ctx, input, _request, reply) {
      await endOwnSession(ctx, input.params.id);
      return reply.code(204).send();
    },
  });
}
