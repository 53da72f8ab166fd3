import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
import type { Authentication } from '../../platform/auth/sessions.js';
import { Errors } from '../../platform/errors.js';
import { type Access, defineRoute, noContent, type RouteDeps } from '../../platform/http/route.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import {
  CodeInput,
  Enrolment,
  EnrolmentConfirmed,
  LoginInput,
  OperatorLoginInput,
  SignInStatusBody,
} from './auth.schema.js';
import {
  type AuthServices,
  completeTotp,
  confirmTotpEnrolment,
  type RequestMeta,
  regenerateRecoveryCodes,
  signIn,
  signOut,
  startTotpEnrolment,
} from './auth.service.js';

export interface AccountDeps extends RouteDeps {
  auth: AuthServices;
  /** Where account mails go and what links in them point at. */
  mail: { mailer: Mailer; baseUrl: string };
}

type SessionCookies = { token: string; csrfToken: string };

/** Hands the browser a new session (no-op when the flow kept the current one). */
export function setSessionCookies(auth: AuthServices, reply: FastifyReply, session: SessionCookies): void {
  if (session.token) auth.sessions.setCookies(reply, session.token, session.csrfToken);
}

/** A step of signing in: one body, a result with the session to hand over, answered as its status. */
export interface SignInStep<B extends TSchema> {
  url: string;
  access: Access;
  summary: string;
  description?: string;
  tags: string[];
  body: B;
  step: (
    body: Static<B>,
    meta: RequestMeta,
    request: FastifyRequest,
  ) => Promise<SessionCookies & { status: string }>;
}

/**
 * Registers a sign-in step (password, operator password, TOTP, invitation): the same declaration,
 * cookies and `{ status }` answer for each; what differs is the operation it runs.
 */
export function defineSignInStep<B extends TSchema>(
  app: FastifyInstance,
  deps: AccountDeps,
  spec: SignInStep<B>,
): void {
  defineRoute(app, deps, {
    method: 'POST',
    url: spec.url,
    access: spec.access,
    scope: 'none',
    schema: {
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags,
      body: spec.body,
      response: { 200: SignInStatusBody },
    },
    async handler(_ctx, input, request, reply) {
      const result = await spec.step(input.body as Static<B>, requestMeta(request, deps.auth), request);
      setSessionCookies(deps.auth, reply, result);
      return { status: result.status };
    },
  });
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

export function currentAuth(request: FastifyRequest): Authentication {
  // The guard has run: a non-public route always has one.
  if (!request.auth) throw Errors.unauthenticated();
  return request.auth;
}

const tags = ['auth'];

/** Sign-in, two-factor and sign-out (the mailed-link flows are the users module's). */
export function registerAuthRoutes(app: FastifyInstance, deps: AccountDeps): void {
  const { auth } = deps;
  const withCookies = (reply: FastifyReply, session: SessionCookies) =>
    setSessionCookies(auth, reply, session);

  defineSignInStep(app, deps, {
    url: '/api/v1/auth/login',
    access: { public: true },
    summary: 'Sign in to an organisation (password step)',
    description: 'Answers 401 invalid_credentials for any wrong detail; 429 with Retry-After when throttled.',
    tags,
    body: LoginInput,
    step: ({ serviceCode, email, password }, meta) => signIn(auth, { serviceCode }, email, password, meta),
  });

  defineSignInStep(app, deps, {
    url: '/api/v1/ops/auth/login',
    access: { public: true },
    summary: 'Operator sign-in (password step)',
    tags: ['operations'],
    body: OperatorLoginInput,
    step: ({ email, password }, meta) => signIn(auth, { operator: true }, email, password, meta),
  });

  defineSignInStep(app, deps, {
    url: '/api/v1/auth/totp',
    access: { pending: 'totp' },
    summary: 'Second step: TOTP or recovery code',
    tags,
    body: CodeInput,
    step: ({ code }, meta, request) => completeTotp(auth, currentAuth(request), code, meta),
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/auth/totp/enrolment',
    access: { pending: 'enrolment' },
    scope: 'none',
    noStore: true,
    schema: {
      summary: 'Start two-factor enrolment: a new secret and its QR code',
      tags,
      response: { 200: Enrolment },
    },
    async handler(_ctx, _input, request) {
      return startTotpEnrolment(auth, currentAuth(request));
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/auth/totp/enrolment',
    access: { pending: 'enrolment' },
    scope: 'none',
    noStore: true,
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
      return noContent(reply);
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/me/totp/recovery-codes',
    access: { account: 'user' },
    scope: 'tenant',
    noStore: true,
    schema: {
      summary: 'New recovery codes (needs a current TOTP code)',
      tags: ['account'],
      body: CodeInput,
      response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }) },
    },
    async handler(ctx, input, request) {
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
