import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { defineRoute, noContent } from '../../platform/http/route.js';
import { operatorRealm } from './account-realms.js';
import { type AccountDeps, defineSignInStep, requestMeta } from './auth.routes.js';
import { openSession } from './auth.service.js';
import {
  acceptOperatorInvitation,
  confirmOperatorPassword,
  describeOperatorLink,
} from './operator-links.service.js';

const tags = ['operations'];
const Token = Type.String({ minLength: 1, maxLength: 200 });
const Password = Type.String({ minLength: 1, maxLength: 1024 });

/** Operators' mailed links: accept an invitation, set a password after an approved reset. */
export function registerOperatorLinkRoutes(app: FastifyInstance, deps: AccountDeps): void {
  const { auth } = deps;

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/auth/links/:purpose/:token',
    access: { public: true },
    scope: 'none',
    noStore: true,
    schema: {
      summary: "Describe an operator's mailed link (invitation or password set-up)",
      tags,
      params: Type.Object({ purpose: Type.Enum(['invitation', 'password_reset']), token: Token }),
      response: {
        200: Type.Object({ email: Type.String(), name: Type.String(), totpRequired: Type.Boolean() }),
      },
    },
    async handler(_ctx, input) {
      return describeOperatorLink(auth, input.params.token, input.params.purpose);
    },
  });

  defineSignInStep(app, deps, {
    url: '/api/v1/ops/auth/invitations/accept',
    access: { public: true },
    summary: 'Accept an operator invitation: set a password, then enrol two-factor',
    tags,
    body: Type.Object({ token: Token, password: Password }, { additionalProperties: false }),
    step: ({ token, password }, meta) =>
      acceptOperatorInvitation(auth, token, password, meta, async (operatorId) => {
        const session = await openSession(auth, operatorRealm, { id: operatorId }, 'enrol', meta);
        return { status: 'totp_enrolment_required', ...session };
      }),
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/auth/password/confirm',
    access: { public: true },
    scope: 'none',
    schema: {
      summary: 'Set a new operator password with the link mailed after an approved reset',
      tags,
      body: Type.Object({ token: Token, newPassword: Password }, { additionalProperties: false }),
    },
    async handler(_ctx, input, request, reply) {
      await confirmOperatorPassword(
        auth,
        input.body.token,
        input.body.newPassword,
        requestMeta(request, auth),
      );
      return noContent(reply);
    },
  });
}
