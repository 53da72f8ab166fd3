import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import {
  NewNoticeInput,
  NoticeDetail,
  NoticeId,
  NoticeSummary,
  OrganisationNotice,
} from './notices.schema.js';
import {
  acknowledgeNotice,
  createNotice,
  getNotice,
  listNotices,
  listOwnNotices,
} from './notices.service.js';

const ops = { permission: 'ops:notices' } as const;

/** Notices (お知らせ): operators write and follow them; an organisation's staff read and acknowledge. */
export function registerNoticeRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/notices',
    access: ops,
    scope: 'provider',
    schema: {
      summary: 'Write a notice: published now (mails queued) or at publishAt (operators)',
      tags: ['notices'],
      body: NewNoticeInput,
      response: { 201: NoticeDetail },
    },
    async handler(ctx, input, _request, reply) {
      const notice = await createNotice(ctx, input.body);
      reply.code(201);
      return notice;
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/notices',
    access: ops,
    scope: 'provider',
    schema: {
      summary: 'Every notice, newest first, with delivery and acknowledgement figures (operators)',
      tags: ['notices'],
      response: { 200: Type.Object({ items: Type.Array(NoticeSummary) }) },
    },
    async handler(ctx) {
      return { items: await listNotices(ctx) };
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/notices/:id',
    access: ops,
    scope: 'provider',
    schema: {
      summary: "A notice with its organisations and every admin's mail and read receipt (operators)",
      tags: ['notices'],
      params: NoticeId,
      response: { 200: NoticeDetail },
    },
    async handler(ctx, input) {
      return getNotice(ctx, input.params.id);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/notices',
    access: { account: 'user' },
    scope: 'tenant',
    schema: {
      summary: "The provider's notices to my organisation, newest first",
      tags: ['notices'],
      response: { 200: Type.Object({ items: Type.Array(OrganisationNotice) }) },
    },
    async handler(ctx) {
      return { items: await listOwnNotices(ctx) };
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/notices/:id/acknowledge',
    access: { account: 'user' },
    scope: 'tenant',
    // Reading the provider's notices stays possible while only the export window is open.
    duringExportWindow: true,
    schema: {
      summary: 'Acknowledge a notice addressed to me (ends its banner)',
      tags: ['notices'],
      params: NoticeId,
      response: { 200: OrganisationNotice },
    },
    async handler(ctx, input) {
      return acknowledgeNotice(ctx, input.params.id);
    },
  });
}
