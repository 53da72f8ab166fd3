import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SUPPORT_CATEGORIES, type SupportCategory } from '../../contract/support.js';
import type { LazyContext, TenantContext } from '../../platform/access/context.js';
import { Errors } from '../../platform/errors.js';
import { closingOverLimit } from '../../platform/http/close-after-answer.js';
import { defineChangeRoute, defineGetRoute, defineListRoute } from '../../platform/http/list-route.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import {
  acceptingUploads,
  type MediaDeps,
  type ScannedFile,
  scanFileForKeeping,
  sendMediaFile,
} from '../media/index.js';
import {
  AttachmentParams,
  MAX_ATTACHMENTS,
  QueueQuery,
  ReplyInput,
  ReportBody,
  ReportFields,
  Ticket,
  TicketId,
  TicketSummary,
  TicketUpdateInput,
} from './support.schema.js';
import {
  checkReport,
  getOwnTicket,
  getSupportTicket,
  listOwnTickets,
  listSupportQueue,
  type NewReport,
  ownAttachmentFile,
  replyAsOperator,
  replyAsOrganisation,
  reportTicket,
  supportAttachmentFile,
  updateSupportTicket,
} from './support.service.js';

const tags = ['support'];
const ops = { permission: 'ops:support' } as const;
type SupportRouteDeps = RouteDeps & { media: MediaDeps };

function fieldProblem(field: string, ja: string, en: string) {
  return Errors.invalidField(field, { ja, en });
}

/** The form's text fields as sent, checked against the limits (named field on each refusal). */
function reportFields(fields: Map<string, string>): NewReport {
  const category = fields.get('category') ?? '';
  if (!(ReportFields.category as readonly string[]).includes(category))
    throw fieldProblem(
      'category',
      `種類を選んでください（${SUPPORT_CATEGORIES.join(' / ')}）。`,
      `Choose a category (${SUPPORT_CATEGORIES.join(' / ')}).`,
    );
  const subject = textWithin(fields, 'subject', ReportFields.subjectMax, {
    ja: '件名は200文字以内にしてください。',
    en: 'The subject is limited to 200 characters.',
  });
  const description = textWithin(fields, 'description', ReportFields.descriptionMax, {
    ja: '内容は10,000文字以内にしてください。',
    en: 'The description is limited to 10,000 characters.',
  });
  return { category: category as SupportCategory, subject, description };
}

/** A text field of the form ('' when not sent), refused with `tooLong` when over `max` characters. */
function textWithin(
  fields: Map<string, string>,
  field: string,
  max: number,
  tooLong: { ja: string; en: string },
): string {
  const text = fields.get(field) ?? '';
  if (text.length > max) throw Errors.invalidField(field, tooLong);
  return text;
}

/**
 * Reads the multipart report: text fields, then each file straight through the media pipeline's
 * scanner (staged, not yet kept). Any refusal discards what was staged and drains the rest.
 */
async function readReport(
  media: MediaDeps,
  ctx: LazyContext<TenantContext>,
  request: FastifyRequest,
): Promise<{ input: NewReport; files: ScannedFile[] }> {
  if (!request.isMultipart())
    throw Errors.unsupportedMediaType(String(request.headers['content-type'] ?? 'none'));
  const fields = new Map<string, string>();
  const files: ScannedFile[] = [];
  const parts = request.parts();
  let input: NewReport | null = null;
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        fields.set(part.fieldname, String(part.value));
        continue;
      }
      // The texts are checked before the first file is read: a bad form costs no scan.
      input ??= checkReport(ctx, reportFields(fields));
      files.push(
        await scanFileForKeeping(media, ctx, {
          filename: part.filename,
          stream: part.file,
          declaredType: part.mimetype === 'text/plain' ? undefined : part.mimetype,
        }),
      );
    }
    return { input: input ?? checkReport(ctx, reportFields(fields)), files };
  } catch (error) {
    await Promise.all(files.map((f) => f.discard()));
    throw error;
  }
}

/** The support desk: organisations report and follow; operators work the queue. */
export async function registerSupportRoutes(app: FastifyInstance, deps: SupportRouteDeps): Promise<void> {
  const limits = { files: MAX_ATTACHMENTS, fields: 5, parts: MAX_ATTACHMENTS + 5 };
  await acceptingUploads(app, limits, (uploads) => reportRoute(uploads, deps));
  organisationRoutes(app, deps);
  operatorRoutes(app, deps);
}

/** A report with its attachments (multipart). */
function reportRoute(app: FastifyInstance, deps: SupportRouteDeps): void {
  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/support/tickets',
    access: { permission: 'support:edit' },
    scope: 'tenant',
    // Files stream through the scanner outside any transaction; the ticket is written at the end.
    transaction: 'lazy',
    schema: {
      summary: 'Report a security event, a suspected breach, a bug or an inquiry (attachments scanned)',
      tags,
      consumes: ['multipart/form-data'],
      body: ReportBody,
      response: { 201: Ticket },
    },
    async handler(ctx, _input, request, reply) {
      const ticket = await closingOverLimit(request, reply, async () => {
        const { input, files } = await readReport(deps.media, ctx, request);
        return reportTicket(deps.db, ctx, input, files);
      });
      reply.code(201);
      return ticket;
    },
  });
}

function organisationRoutes(app: FastifyInstance, deps: SupportRouteDeps): void {
  defineListRoute(app, deps, {
    url: '/api/v1/support/tickets',
    access: { permission: 'support:view' },
    scope: 'tenant',
    summary: "My organisation's tickets (admins: all; others: the ones they reported)",
    tags,
    item: TicketSummary,
    list: listOwnTickets,
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/support/tickets/:id',
    access: { permission: 'support:view' },
    scope: 'tenant',
    summary: 'A ticket with its conversation',
    tags,
    params: TicketId,
    item: Ticket,
    get: (ctx, params) => getOwnTicket(ctx, params.id),
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/support/tickets/:id/replies',
    access: { permission: 'support:edit' },
    scope: 'tenant',
    transaction: 'lazy',
    summary: 'Reply to the support desk (a closed ticket: 409)',
    tags,
    params: TicketId,
    body: ReplyInput,
    item: Ticket,
    change: (ctx, input) => replyAsOrganisation(deps.db, ctx, input.params.id, input.body.body),
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/support/tickets/:id/attachments/:attachmentId',
    access: { permission: 'support:view' },
    scope: 'tenant',
    transaction: 'lazy',
    schema: { summary: 'An attachment of a ticket, decrypted on the fly', tags, params: AttachmentParams },
    async handler(ctx, input, request, reply) {
      const file = await ctx.transaction((tx) =>
        ownAttachmentFile(tx, input.params.id, input.params.attachmentId),
      );
      return sendMediaFile(deps.media, ctx.scope.org, file, request, reply, 'private, no-store');
    },
  });
}

function operatorRoutes(app: FastifyInstance, deps: SupportRouteDeps): void {
  defineListRoute(app, deps, {
    url: '/api/v1/ops/support/tickets',
    access: ops,
    scope: 'provider',
    summary: 'The support queue with timers (operators)',
    tags,
    query: QueueQuery,
    item: TicketSummary,
    list: listSupportQueue,
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/ops/support/tickets/:id',
    access: ops,
    scope: 'provider',
    summary: 'A ticket, its conversation and the mail state of each reply (operators)',
    tags,
    params: TicketId,
    item: Ticket,
    get: (ctx, params) => getSupportTicket(ctx, params.id),
  });

  defineChangeRoute(app, deps, {
    method: 'PATCH',
    url: '/api/v1/ops/support/tickets/:id',
    access: ops,
    scope: 'provider',
    summary: 'Set status, assignee or linked incident (operators)',
    tags,
    params: TicketId,
    body: TicketUpdateInput,
    item: Ticket,
    change: (ctx, input) => updateSupportTicket(ctx, input.params.id, input.body),
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/support/tickets/:id/replies',
    access: ops,
    scope: 'provider',
    summary: 'Answer the reporter: in the console and by mail (a closed ticket: 409) (operators)',
    tags,
    params: TicketId,
    body: ReplyInput,
    item: Ticket,
    change: (ctx, input) => replyAsOperator(ctx, input.params.id, input.body.body),
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/support/tickets/:id/attachments/:attachmentId',
    access: ops,
    scope: 'provider',
    transaction: 'lazy',
    schema: {
      summary: "A ticket's attachment (operators; recorded in both chains)",
      tags,
      params: AttachmentParams,
    },
    async handler(ctx, input, request, reply) {
      const { org, file } = await ctx.transaction((tx) =>
        supportAttachmentFile(tx, input.params.id, input.params.attachmentId),
      );
      return sendMediaFile(deps.media, org, file, request, reply, 'private, no-store');
    },
  });
}
