import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { currentAuth } from '../../platform/http/current-auth.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import type { AccountMail } from '../users/index.js';
import { organisationRealm } from './account-realms.js';
import {
  AcceptInvitationInput,
  CodeInput,
  Enrolment,
  EnrolmentConfirmed,
  InvitationInfo,
  InvitationParams,
  LoginInput,
  OperatorLoginInput,
  PasswordResetConfirm,
  PasswordResetRequest,
  SignInStatusBody,
} from './auth.schema.js';
import {
  type AuthServices,
  completeTotp,
  confirmTotpEnrolment,
  openSession,
  type RequestMeta,
  regenerateRecoveryCodes,
  signIn,
  signOut,
  startTotpEnrolment,
} from './auth.service.js';
import {
  acceptInvitation,
  confirmPasswordReset,
  describeInvitation,
  requestPasswordReset,
} from './mailed-links.service.js';

export interface AccountDeps extends RouteDeps {
  auth: AuthServices;
  mail: AccountMail;
}

export function requestMeta(request: FastifyRequest, auth: AuthServices): RequestMeta {
  const agent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof agent === 'string' ? agent : null,
    requestId: request.id,
    previousToken: auth.sessions.tokenFrom(request),
  };
}

const tags = ['auth'];

/** Sign-in, two-factor, sign-out, and the mailed-link flows (invitation, password reset). */
export function registerAuthRoutes(app: FastifyInstance, deps: AccountDeps): void {
  const { auth } = deps;
  const withCookies = (reply: FastifyReply, session: { token: string; csrfToken: string }) => {
    if (session.token) auth.sessions.setCookies(reply, session.token, session.csrfToken);
  };

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/auth/login',
    access: { public: true },
    scope: 'none',
    schema: {
      summary: 'Sign in to an organisation (password step)',
      description:
        'Answers 401 invalid_credentials for any wrong detail; 429 with Retry-After when throttled.',
      tags,
      body: LoginInput,
      response: { 200: SignInStatusBody },
    },
    async handler(_ctx, input, request, reply) {
      const { serviceCode, email, password } = input.body;
      const result = await signIn(auth, { serviceCode }, email, password, requestMeta(request, auth));
      withCookies(reply, result);
      return { status: result.status };
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/auth/login',
    access: { public: true },
    scope: 'none',
    schema: {
      summary: 'Operator sign-in (password step)',
      tags: ['operations'],
      body: OperatorLoginInput,
      response: { 200: SignInStatusBody },
    },
    async handler(_ctx, input, request, reply) {
      const result = await signIn(
        auth,
        { operator: true },
        input.body.email,
        input.body.password,
        requestMeta(request, auth),
      );
      withCookies(reply, result);
      return { status: result.status };
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/auth/totp',
    access: { pending: 'totp' },
    scope: 'none',
    schema: {
      summary: 'Second step: TOTP or recovery code',
      tags,
      body: CodeInput,
      response: { 200: SignInStatusBody },
    },
    async handler(_ctx, input, request, reply) {
      const result = await completeTotp(
        auth,
        currentAuth(request),
        input.body.code,
        requestMeta(request, auth),
      );
      withCookies(reply, result);
      return { status: result.status };
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/auth/totp/enrolment',
    access: { pending: 'enrolment' },
    scope: 'none',
    schema: {
      summary: 'Start two-factor enrolment: a new secret and its QR code',
      tags,
      response: { 200: Enrolment },
    },
    async handler(_ctx, _input, request, reply) {
      reply.header('cache-control', 'no-store');
      return startTotpEnrolment(auth, currentAuth(request));
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/auth/totp/enrolment',
    access: { pending: 'enrolment' },
    scope: 'none',
    schema: {
      summary: 'Confirm two-factor enrolment with a first code',
      tags,
      body: CodeInput,
      response: { 200: EnrolmentConfirmed },
    },
    async handler(_ctx, input, request, reply) {
      const result = await confirmTotpEnrolment(
        auth,
        currentAuth(request),
        input.body.code,
        requestMeta(request, auth),
      );
      withCookies(reply, result);
      reply.header('cache-control', 'no-store');
      return { status: result.status, recoveryCodes: result.recoveryCodes };
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/auth/logout',
    access: { pending: 'any' },
    scope: 'none',
    schema: { summary: 'Sign out: ends the session on the server', tags },
    async handler(_ctx, _input, request, reply) {
      await signOut(auth, currentAuth(request), requestMeta(request, auth));
      auth.sessions.clearCookies(reply);
      return reply.code(204).send();
    },
  });

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
      return reply.code(204).send();
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/auth/invitations/:token',
    access: { public: true },
    scope: 'none',
    schema: {
      summary: 'Describe an invitation link',
      tags,
      params: InvitationParams,
      response: { 200: InvitationInfo },
    },
    async handler(_ctx, input, _request, reply) {
      reply.header('cache-control', 'no-store');
      return describeInvitation(deps.db, input.params.token);
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/auth/invitations/accept',
    access: { public: true },
    scope: 'none',
    schema: {
      summary: 'Accept an invitation: set a password and sign in',
      tags,
      body: AcceptInvitationInput,
      response: { 200: SignInStatusBody },
    },
    async handler(_ctx, input, request, reply) {
      const meta = requestMeta(request, auth);
      const result = await acceptInvitation(
        auth,
        input.body.token,
        input.body.password,
        meta,
        async (org, userId, stage) => {
          const session = await openSession(auth, organisationRealm(org), { id: userId }, stage, meta);
          return { status: stage === 'full' ? 'signed_in' : 'totp_enrolment_required', ...session };
        },
      );
      withCookies(reply, result);
      return { status: result.status };
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/me/totp/recovery-codes',
    access: { account: 'user' },
    scope: 'tenant',
    schema: {
      summary: 'New recovery codes (needs a current TOTP code)',
      tags: ['account'],
      body: CodeInput,
      response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }) },
    },
    async handler(ctx, input, request, reply) {
      reply.header('cache-control', 'no-store');
      const codes = await regenerateRecoveryCodes(
        auth,
        currentAuth(request),
        input.body.code,
        requestMeta(request, auth),
        ctx.tx,
      );
      return { recoveryCodes: codes };
    },
  });
}
