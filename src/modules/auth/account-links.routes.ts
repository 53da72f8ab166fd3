import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { defineRoute, noContent } from '../../platform/http/route.js';
import { organisationRealm } from './account-realms.js';
import { type AccountDeps, defineSignInStep, requestMeta } from './auth.routes.js';
import {
  AcceptInvitationInput,
  InvitationInfo,
  InvitationParams,
  PasswordResetConfirm,
  PasswordResetRequest,
} from './auth.schema.js';
import { openSession } from './auth.service.js';
import {
  acceptInvitation,
  confirmPasswordReset,
  describeInvitation,
  requestPasswordReset,
} from './mailed-links.service.js';

const tags = ['auth'];

/**
 * The mailed-link flows of organisation accounts: password reset and invitations. The accounts are the
 * users module's; these are their sign-in side (auth uses users, never the other way round).
 */
export function registerAccountLinkRoutes(app: FastifyInstance, deps: AccountDeps): void {
  const { auth } = deps;

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/auth/password-reset',
    access: { public: true },
    scope: 'none',
    schema: {
      summary: 'Request a password-reset mail (same answer whether or not the account exists)',
      tags,
      body: PasswordResetRequest,
      response: { 202: Type.Object({ status: Type.Literal('sent_if_exists') }) },
    },
    async handler(_ctx, input, request, reply) {
      // Not awaited: the answer leaves at once, whether or not the account exists or mail is slow.
      void requestPasswordReset(
        auth,
        deps.mail,
        input.body.serviceCode,
        input.body.email,
        requestMeta(request, auth),
      ).catch((error: unknown) => request.log.warn({ err: error }, 'password reset mail failed'));
      reply.code(202);
      return { status: 'sent_if_exists' as const };
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/auth/password-reset/confirm',
    access: { public: true },
    scope: 'none',
    schema: { summary: 'Set a new password with a mailed reset token', tags, body: PasswordResetConfirm },
    async handler(_ctx, input, request, reply) {
      await confirmPasswordReset(
        auth,
        deps.mail,
        input.body.token,
        input.body.newPassword,
        requestMeta(request, auth),
      );
      return noContent(reply);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/auth/invitations/:token',
    access: { public: true },
    scope: 'none',
    noStore: true,
    schema: {
      summary: 'Describe an invitation link',
      tags,
      params: InvitationParams,
      response: { 200: InvitationInfo },
    },
    async handler(_ctx, input) {
      return describeInvitation(deps.db, input.params.token);
    },
  });

  defineSignInStep(app, deps, {
    url: '/api/v1/auth/invitations/accept',
    access: { public: true },
    summary: 'Accept an invitation: set a password and sign in',
    tags,
    body: AcceptInvitationInput,
    step: ({ token, password }, meta) =>
      acceptInvitation(auth, token, password, meta, async (org, userId, stage) => {
        const session = await openSession(auth, organisationRealm(org), { id: userId }, stage, meta);
        return { status: stage === 'full' ? 'signed_in' : 'totp_enrolment_required', ...session };
      }),
  });
}
