import type { FastifyInstance } from 'fastify';
import { defineChangeRoute, defineGetRoute, defineListRoute } from '../../platform/http/list-route.js';
import type { RouteDeps } from '../../platform/http/route.js';
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
const tags = ['notices'];

/** Notices (お知らせ): operators write and follow them; an organisation's staff read and acknowledge. */
export function registerNoticeRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/notices',
    access: ops,
    scope: 'provider',
    summary: 'Write a notice: published now (mails queued) or at publishAt (operators)',
    tags,
    body: NewNoticeInput,
    item: NoticeDetail,
    created: true,
    change: (ctx, input) => createNotice(ctx, input.body),
  });

  defineListRoute(app, deps, {
    url: '/api/v1/ops/notices',
    access: ops,
    scope: 'provider',
    summary: 'Every notice, newest first, with delivery and acknowledgement figures (operators)',
    tags,
    item: NoticeSummary,
    list: listNotices,
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/ops/notices/:id',
    access: ops,
    scope: 'provider',
    summary: "A notice with its organisations and every admin's mail and read receipt (operators)",
    tags,
    params: NoticeId,
    item: NoticeDetail,
    get: (ctx, params) => getNotice(ctx, params.id),
  });

  defineListRoute(app, deps, {
    url: '/api/v1/notices',
    access: { account: 'user' },
    scope: 'tenant',
    summary: "The provider's notices to my organisation, newest first",
    tags,
    item: OrganisationNotice,
    list: listOwnNotices,
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/notices/:id/acknowledge',
    access: { account: 'user' },
    scope: 'tenant',
    // Reading the provider's notices stays possible while only the export window is open.
    duringExportWindow: true,
    summary: 'Acknowledge a notice addressed to me (ends its banner)',
    tags,
    params: NoticeId,
    item: OrganisationNotice,
    change: (ctx, input) => acknowledgeNotice(ctx, input.params.id),
  });
}
