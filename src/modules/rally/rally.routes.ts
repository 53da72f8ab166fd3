import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import { isLanguage, type Language } from '../../contract/languages.js';
import type { LazyContext, OrganisationRef, TenantContext } from '../../platform/access/context.js';
import { randomToken } from '../../platform/auth/tokens.js';
import { attachmentNotCached } from '../../platform/http/cache.js';
import { defineChangeRoute, defineCsvRoute, defineGetRoute } from '../../platform/http/list-route.js';
import { defineRoute } from '../../platform/http/route.js';
import { siteLinks } from '../../site/site-url.js';
import type { ModuleDeps } from '../app-module.js';
import {
  Applicant,
  ApplicationInput,
  Campaign,
  CampaignDetail,
  CampaignInput,
  CampaignRevision,
  CampaignRevisionDetail,
  CampaignStatistics,
  CampaignUpdate,
  CheckInInput,
  Checkpoint,
  CheckpointInput,
  PrizesInput,
  Transition,
  VoidStampInput,
} from './rally.schema.js';
import {
  addCheckpoint,
  campaignStatistics,
  createCampaign,
  deleteCheckpoint,
  exportCampaignStatisticsCsv,
  getCampaign,
  listCampaigns,
  rotateCampaignKey,
  transitionCampaign,
  updateCampaign,
  updateCheckpoint,
  voidStamp,
} from './rally.service.js';
import {
  type Applied,
  applyForPrize,
  confirmApplication,
  drawLottery,
  exportApplicantsCsv,
  listApplicants,
  setPrizes,
} from './rally-applications.service.js';
import { campaignJsonLd, checkpointsGeoJson } from './rally-open-data.js';
import {
  campaignPosters,
  checkpointCredentials,
  checkpointPoster,
  type PosterSettings,
  rotatingCodeScreen,
} from './rally-posters.js';
import {
  getCampaignRevision,
  listCampaignRevisions,
  restoreCampaignRevision,
} from './rally-revisions.service.js';
import type { RallyKeys } from './rally-tokens.js';
import {
  type CheckInDeps,
  type CheckInOutcome,
  checkIn,
  checkInOnItsOwn,
  joinCampaign,
  type PublicCampaign,
  recoverCard,
  stampCard,
  type VisitorSource,
  visibleCampaign,
} from './rally-visitor.service.js';

const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const CheckpointParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  checkpointId: Type.String({ maxLength: 64 }),
});
const PublicParams = Type.Object({
  serviceCode: Type.String({ maxLength: 64 }),
  slug: Type.String({ maxLength: 64 }),
});
const RevisionParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  version: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
});
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 16 })) });

const TAGS = ['rally'];

/** The participant's cookie: one per organisation and campaign address (fixed once published). */
export const participantCookieName = (serviceCode: string, slug: string) =>
  `mitte_rally_${serviceCode}_${slug}`;

export function readParticipantCookie(request: FastifyRequest, serviceCode: string, slug: string) {
  return request.cookies?.[participantCookieName(serviceCode, slug)];
}

const DEVICE_COOKIE = 'mitte_rally_device';

/**
 * HttpOnly, SameSite=Lax, Secure under https; kept for half a year (the card outlives a visit).
 * A browser that joins also gets a random device cookie (first-party, no script): it goes into
 * the device fingerprint, so one phone stamping for many participants shows.
 */
export function setParticipantCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  baseUrl: string,
  serviceCode: string,
  slug: string,
  value: string,
): void {
  const options = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: baseUrl.startsWith('https:'),
    maxAge: 180 * 86_400,
  } as const;
  reply.setCookie(participantCookieName(serviceCode, slug), value, options);
  if (!/^[A-Za-z0-9_-]{22}$/.test(request.cookies?.[DEVICE_COOKIE] ?? '')) {
    reply.setCookie(DEVICE_COOKIE, randomToken(16), options);
  }
}

/** The check-in's source for the anti-fraud checks: the address and the device fingerprint. */
export function visitorSource(request: FastifyRequest): VisitorSource {
  const header = (name: string) => String(request.headers[name] ?? '').slice(0, 300);
  return {
    address: request.ip,
    device: [header('user-agent'), header('accept-language'), request.cookies?.[DEVICE_COOKIE] ?? ''].join(
      '\n',
    ),
  };
}

/** What a check-in takes from a request: the participant's cookie and the source, the keys and limits. */
function checkInRequest(
  deps: { rallyKeys: RallyKeys; config: Config },
  request: FastifyRequest,
  params: { serviceCode: string; slug: string },
): { checkInDeps: CheckInDeps; visitor: { cookie: string | undefined; source: VisitorSource } } {
  return {
    checkInDeps: {
      keys: deps.rallyKeys,
      stampsPerAddressPerMinute: deps.config.rallyStampsPerAddressPerMinute,
    },
    visitor: {
      cookie: readParticipantCookie(request, params.serviceCode, params.slug),
      source: visitorSource(request),
    },
  };
}

/** A check-in as a request makes it (API or site form) inside the request's transaction. */
export function checkInByRequest(
  ctx: TenantContext,
  deps: { rallyKeys: RallyKeys; config: Config },
  request: FastifyRequest,
  params: { serviceCode: string; slug: string },
  input: CheckInInput,
  lang: Language,
): Promise<CheckInOutcome> {
  const { checkInDeps, visitor } = checkInRequest(deps, request, params);
  return checkIn(ctx, checkInDeps, params.slug, visitor, input, lang);
}

/**
 * A prize application as a request makes it (API or site form): the participant's cookie, and
 * the confirmation link on the site in the visitor's language.
 */
export function applyByRequest(
  ctx: LazyContext<TenantContext>,
  deps: Pick<ModuleDeps, 'media' | 'mail' | 'rallyKeys' | 'config'>,
  request: FastifyRequest,
  params: { serviceCode: string; slug: string },
  input: ApplicationInput,
  lang: Language,
): Promise<Applied> {
  const { serviceCode, slug } = params;
  const site = siteLinks(request, { serviceCode }, deps.config);
  return applyForPrize(
    ctx,
    {
      dataKeys: deps.media.keys,
      rallyKeys: deps.rallyKeys,
      mailer: deps.mail.mailer,
      confirmLink: (token) =>
        `${site.origin}${site.prefix}/${lang}/rally/${slug}/confirm?t=${encodeURIComponent(token)}`,
    },
    slug,
    readParticipantCookie(request, serviceCode, slug),
    input,
    lang,
  );
}

const visitorLang = (lang: string | undefined): Language => (isLanguage(lang) ? lang : 'ja');

/** The console's API for campaigns (right `campaigns`). */
export function registerRallyRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const keys = deps.rallyKeys;
  const posters: PosterSettings = { baseUrl: deps.config.baseUrl, font: deps.config.certificateFont };
  const base = '/api/v1/rally/campaigns';

  defineGetRoute(app, deps, {
    url: base,
    access: { permission: 'campaigns:view' },
    scope: 'tenant',
    summary: 'Stamp rally campaigns',
    tags: TAGS,
    item: Type.Array(Campaign),
    get: (ctx) => listCampaigns(ctx),
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: base,
    access: { permission: 'campaigns:edit' },
    scope: 'tenant',
    summary: 'Create a campaign (draft)',
    tags: TAGS,
    body: CampaignInput,
    item: CampaignDetail,
    created: true,
    change: (ctx, input) => createCampaign(ctx, keys, input.body),
  });

  defineGetRoute(app, deps, {
    url: `${base}/:id`,
    access: { permission: 'campaigns:view' },
    scope: 'tenant',
    summary: 'A campaign with its checkpoints',
    tags: TAGS,
    params: Id,
    item: CampaignDetail,
    get: (ctx, params) => getCampaign(ctx, params.id),
  });

  defineChangeRoute(app, deps, {
    method: 'PUT',
    url: `${base}/:id`,
    access: { permission: 'campaigns:edit' },
    scope: 'tenant',
    summary: 'Change a campaign (optimistic: send the version you saw)',
    tags: TAGS,
    params: Id,
    body: CampaignUpdate,
    item: CampaignDetail,
    change: (ctx, input) => updateCampaign(ctx, input.params.id, input.body),
  });

  defineGetRoute(app, deps, {
    url: `${base}/:id/revisions`,
    access: { permission: 'campaigns:view' },
    scope: 'tenant',
    summary: 'The campaign’s history, newest first',
    tags: TAGS,
    params: Id,
    item: Type.Object({ items: Type.Array(CampaignRevision) }),
    get: async (ctx, params) => ({ items: await listCampaignRevisions(ctx, params.id) }),
  });

  defineGetRoute(app, deps, {
    url: `${base}/:id/revisions/:version`,
    access: { permission: 'campaigns:view' },
    scope: 'tenant',
    summary: 'One version of the campaign: texts, period, prizes, survey and checkpoints',
    tags: TAGS,
    params: RevisionParams,
    item: CampaignRevisionDetail,
    get: (ctx, params) => getCampaignRevision(ctx, params.id, params.version),
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: `${base}/:id/revisions/:version/restore`,
    access: { permission: 'campaigns:edit' },
    scope: 'tenant',
    summary: 'Restore an earlier version as a new version (send the current version)',
    tags: TAGS,
    params: RevisionParams,
    body: Type.Object(
      { version: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }) },
      { additionalProperties: false },
    ),
    item: CampaignDetail,
    change: (ctx, input) =>
      restoreCampaignRevision(ctx, input.params.id, input.params.version, input.body.version),
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: `${base}/:id/transition`,
    access: { permission: 'campaigns:publish' },
    scope: 'tenant',
    summary: 'Publish, end, reopen or archive a campaign',
    tags: TAGS,
    params: Id,
    body: Transition,
    item: CampaignDetail,
    change: (ctx, input) => transitionCampaign(ctx, input.params.id, input.body.to),
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: `${base}/:id/rotate-key`,
    access: { permission: 'campaigns:publish' },
    scope: 'tenant',
    summary: 'New QR key: posters printed before stop working',
    tags: TAGS,
    params: Id,
    item: CampaignDetail,
    change: (ctx, input) => rotateCampaignKey(ctx, keys, input.params.id),
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: `${base}/:id/checkpoints`,
    access: { permission: 'campaigns:edit' },
    scope: 'tenant',
    summary: 'Add a checkpoint (from a spot or an ad-hoc place)',
    tags: TAGS,
    params: Id,
    body: CheckpointInput,
    item: Checkpoint,
    created: true,
    change: (ctx, input) => addCheckpoint(ctx, input.params.id, input.body),
  });

  defineChangeRoute(app, deps, {
    method: 'PUT',
    url: `${base}/:id/checkpoints/:checkpointId`,
    access: { permission: 'campaigns:edit' },
    scope: 'tenant',
    summary: 'Change a checkpoint',
    tags: TAGS,
    params: CheckpointParams,
    body: CheckpointInput,
    item: Checkpoint,
    change: (ctx, input) => updateCheckpoint(ctx, input.params.id, input.params.checkpointId, input.body),
  });

  defineChangeRoute(app, deps, {
    method: 'DELETE',
    url: `${base}/:id/checkpoints/:checkpointId`,
    access: { permission: 'campaigns:edit' },
    scope: 'tenant',
    summary: 'Remove a checkpoint (drafts only)',
    tags: TAGS,
    params: CheckpointParams,
    change: (ctx, input) => deleteCheckpoint(ctx, input.params.id, input.params.checkpointId),
  });

  defineGetRoute(app, deps, {
    url: `${base}/:id/checkpoints/:checkpointId/credentials`,
    access: { permission: 'campaigns:edit' },
    scope: 'tenant',
    summary: 'The checkpoint’s QR link and staff code (audited: they let anyone stamp)',
    tags: TAGS,
    params: CheckpointParams,
    item: Type.Object({
      url: Type.String(),
      staffCode: Type.Union([Type.Null(), Type.String()]),
      keyVersion: Type.Integer(),
    }),
    get: (ctx, params) => checkpointCredentials(ctx, keys, posters, params.id, params.checkpointId),
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: `${base}/:id/checkpoints/:checkpointId/rotating-code`,
    access: { permission: 'campaigns:edit' },
    scope: 'tenant',
    schema: {
      summary: 'The code (and QR code) a rotating-code checkpoint’s screen shows now; changes every minute',
      tags: TAGS,
      params: CheckpointParams,
      response: {
        200: Type.Object({
          code: Type.String(),
          url: Type.String(),
          qrSvg: Type.String(),
          changesAt: Type.String({ format: 'date-time' }),
          periodSeconds: Type.Integer(),
        }),
      },
    },
    handler: async (ctx, input, _request, reply) => {
      reply.header('cache-control', 'no-store');
      return rotatingCodeScreen(ctx, keys, posters, input.params.id, input.params.checkpointId);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: `${base}/:id/checkpoints/:checkpointId/poster.pdf`,
    access: { permission: 'campaigns:edit' },
    scope: 'tenant',
    transaction: 'lazy',
    schema: {
      summary: 'A4 poster with the checkpoint’s QR code (audited)',
      tags: TAGS,
      params: CheckpointParams,
      produces: ['application/pdf'],
    },
    handler: async (ctx, input, _request, reply) => {
      const poster = await checkpointPoster(ctx, keys, posters, input.params.id, input.params.checkpointId);
      return attachmentNotCached(reply, 'application/pdf', poster.fileName).send(poster.pdf);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: `${base}/:id/posters.zip`,
    access: { permission: 'campaigns:edit' },
    scope: 'tenant',
    transaction: 'lazy',
    schema: {
      summary: 'Every checkpoint’s poster in one ZIP (audited)',
      tags: TAGS,
      params: Id,
      produces: ['application/zip'],
    },
    handler: async (ctx, input, _request, reply) => {
      const file = await campaignPosters(ctx, keys, posters, input.params.id);
      return attachmentNotCached(reply, 'application/zip', file.fileName).send(file.zip);
    },
  });

  defineGetRoute(app, deps, {
    url: `${base}/:id/statistics`,
    access: { permission: 'campaigns:view' },
    scope: 'tenant',
    summary: 'Participants, stamps per checkpoint and day, funnel, flagged participants',
    tags: TAGS,
    params: Id,
    item: CampaignStatistics,
    get: (ctx, params) => campaignStatistics(ctx, params.id),
  });

  defineCsvRoute(app, deps, {
    url: `${base}/:id/statistics.csv`,
    access: { permission: 'campaigns:view' },
    scope: 'tenant',
    summary: 'The statistics as one long table for a spreadsheet (UTF-8 with BOM; audited)',
    tags: TAGS,
    params: Id,
    csv: (ctx, _query, params) => exportCampaignStatisticsCsv(ctx, params.id),
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: `${base}/:id/stamps/void`,
    access: { permission: 'campaigns:edit' },
    scope: 'tenant',
    summary: 'Void a participant’s stamp (audited)',
    tags: TAGS,
    params: Id,
    body: VoidStampInput,
    change: (ctx, input) => voidStamp(ctx, input.params.id, input.body),
  });

  registerApplicationRoutes(app, deps);
  registerRallyPublicApi(app, deps);
}

/** Prize tiers, the survey and the applicants (their personal data: publish right, audited). */
function registerApplicationRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const keys = deps.media.keys;
  const base = '/api/v1/rally/campaigns';

  defineChangeRoute(app, deps, {
    method: 'PUT',
    url: `${base}/:id/prizes`,
    access: { permission: 'campaigns:edit' },
    scope: 'tenant',
    summary: 'Prize tiers and the survey asked before applying',
    tags: TAGS,
    params: Id,
    body: PrizesInput,
    item: CampaignDetail,
    change: (ctx, input) => setPrizes(ctx, input.params.id, input.body),
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: `${base}/:id/prizes/:tierId/draw`,
    access: { permission: 'campaigns:publish' },
    scope: 'tenant',
    summary: 'Draw a lottery tier’s winners (after the end; audited)',
    tags: TAGS,
    params: Type.Object({ id: Type.String({ maxLength: 64 }), tierId: Type.String({ maxLength: 40 }) }),
    item: Type.Object({ won: Type.Integer(), lost: Type.Integer() }),
    change: (ctx, input) => drawLottery(ctx, input.params.id, input.params.tierId),
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: `${base}/:id/applicants`,
    access: { permission: 'campaigns:publish' },
    scope: 'tenant',
    transaction: 'lazy',
    schema: {
      summary: 'Prize applicants with their personal data (publish right; every view audited)',
      tags: TAGS,
      params: Id,
      response: { 200: Type.Array(Applicant) },
    },
    handler: async (ctx, input, _request, reply) => {
      reply.header('cache-control', 'no-store');
      return listApplicants(ctx, keys, input.params.id);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: `${base}/:id/applicants.csv`,
    access: { permission: 'campaigns:publish' },
    scope: 'tenant',
    transaction: 'lazy',
    schema: {
      summary: 'Prize applicants for shipping as CSV (UTF-8 with BOM; audited)',
      tags: TAGS,
      params: Id,
      produces: ['text/csv'],
    },
    handler: async (ctx, input, _request, reply) => {
      const csv = await exportApplicantsCsv(ctx, keys, input.params.id);
      return attachmentNotCached(reply, 'text/csv; charset=utf-8', 'applicants.csv').send(csv);
    },
  });
}

/** The visitors' JSON API (the site's pages use the same operations). */
function registerRallyPublicApi(app: FastifyInstance, deps: ModuleDeps): void {
  const keys = deps.rallyKeys;
  const base = '/api/v1/public/:serviceCode/rally/:slug';
  const Joined = Type.Object({ participantId: Type.String(), recoveryCode: Type.String() });

  defineRoute(app, deps, {
    method: 'POST',
    url: `${base}/join`,
    access: { public: true },
    scope: 'tenant',
    schema: {
      summary: 'Join a stamp rally: an anonymous participant (cookie) and a recovery code shown once',
      tags: TAGS,
      params: PublicParams,
      querystring: LangQuery,
      response: { 201: Joined },
    },
    handler: async (ctx, input, request, reply) => {
      const { serviceCode, slug } = input.params;
      const joined = await joinCampaign(ctx, slug, visitorLang(input.query.lang));
      setParticipantCookie(request, reply, deps.config.baseUrl, serviceCode, slug, joined.cookie);
      reply.code(201).header('cache-control', 'no-store');
      return { participantId: joined.participantId, recoveryCode: joined.recoveryCode };
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: `${base}/recover`,
    access: { public: true },
    scope: 'tenant',
    schema: {
      summary: 'Take a stamp card to this browser with its recovery code',
      tags: TAGS,
      params: PublicParams,
      querystring: LangQuery,
      body: Type.Object({ recoveryCode: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ participantId: Type.String() }) },
    },
    handler: async (ctx, input, request, reply) => {
      const { serviceCode, slug } = input.params;
      const recovered = await recoverCard(ctx, slug, input.body.recoveryCode, visitorLang(input.query.lang));
      setParticipantCookie(request, reply, deps.config.baseUrl, serviceCode, slug, recovered.cookie);
      reply.header('cache-control', 'no-store');
      return { participantId: recovered.participantId };
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: `${base}/check-in`,
    access: { public: true },
    scope: 'tenant',
    // No transaction of the request's: the usual check-in is one statement that commits on its
    // own, the others open one (checkInOnItsOwn).
    transaction: 'published',
    schema: {
      summary: 'Check in at a checkpoint (QR token, location or staff code); idempotent',
      tags: TAGS,
      params: PublicParams,
      querystring: LangQuery,
      body: CheckInInput,
    },
    handler: async (ctx, input, request, reply) => {
      const lang = visitorLang(input.query.lang);
      const { checkInDeps, visitor } = checkInRequest(deps, request, input.params);
      const outcome = await checkInOnItsOwn(
        ctx,
        deps.db,
        checkInDeps,
        input.params.slug,
        visitor,
        input.body,
        lang,
      );
      reply.header('cache-control', 'no-store');
      // Returned, never sent from here: the answer leaves only after the transaction has committed,
      // so a crash cannot lose a stamp the phone was told about (test/system/upload-crash.test.ts).
      if (!outcome.ok) {
        // Answered, not thrown: the refusal's audit event commits with the (otherwise empty) transaction.
        if (outcome.error.headers) reply.headers(outcome.error.headers);
        reply.code(outcome.error.status);
        return outcome.error.toBody(request.id);
      }
      const { ok: _ok, ...stamp } = outcome;
      reply.code(stamp.alreadyStamped ? 200 : 201);
      return stamp;
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: `${base}/apply`,
    access: { public: true },
    scope: 'tenant',
    transaction: 'lazy',
    schema: {
      summary: 'Apply for a prize: survey answers and the personal data for shipping (one per participant)',
      tags: TAGS,
      params: PublicParams,
      querystring: LangQuery,
      body: ApplicationInput,
      response: {
        201: Type.Object({
          applicationId: Type.String(),
          tierId: Type.String(),
          status: Type.Literal('pending'),
          confirmBy: Type.String({ format: 'date-time' }),
        }),
      },
    },
    handler: async (ctx, input, request, reply) => {
      const applied = await applyByRequest(
        ctx,
        deps,
        request,
        input.params,
        input.body,
        visitorLang(input.query.lang),
      );
      reply.code(201).header('cache-control', 'no-store');
      return applied;
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: `${base}/confirm`,
    access: { public: true },
    scope: 'tenant',
    schema: {
      summary: 'Confirm a prize application with the token of the mailed link',
      tags: TAGS,
      params: PublicParams,
      querystring: LangQuery,
      body: Type.Object({ token: Type.String({ maxLength: 128 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ applicationId: Type.String(), tierId: Type.String(), status: Type.String() }),
      },
    },
    handler: async (ctx, input, _request, reply) => {
      const { applicationId, tierId, status } = await confirmApplication(
        ctx,
        keys,
        input.params.slug,
        input.body.token,
        visitorLang(input.query.lang),
      );
      reply.header('cache-control', 'no-store');
      return { applicationId, tierId, status };
    },
  });

  /** The site's base for links in open data: the organisation's own domain when it has one. */
  const siteBase = (request: FastifyRequest, serviceCode: string) => {
    const site = siteLinks(request, { serviceCode }, deps.config);
    return `${site.origin}${site.prefix}`;
  };

  // Open data of a published campaign: nothing in it lets anyone stamp.
  const feeds = [
    {
      file: 'checkpoints.geojson',
      type: 'application/geo+json',
      summary: 'Open data: a published campaign’s checkpoints as GeoJSON',
      build: (model: PublicCampaign, lang: Language, site: string) => checkpointsGeoJson(model, lang, site),
    },
    {
      file: 'event.jsonld',
      type: 'application/ld+json',
      summary:
        'Open data: a published campaign as schema.org Event (JSON-LD; the campaign page embeds the same)',
      build: (model: PublicCampaign, lang: Language, site: string, org: OrganisationRef) =>
        campaignJsonLd(model, lang, site, org),
    },
  ];
  for (const feed of feeds) {
    defineRoute(app, deps, {
      method: 'GET',
      url: `${base}/${feed.file}`,
      access: { public: true },
      scope: 'tenant',
      schema: {
        summary: feed.summary,
        tags: ['public', ...TAGS],
        params: PublicParams,
        querystring: LangQuery,
        produces: [feed.type],
      },
      handler: async (ctx, input, request, reply) => {
        const { serviceCode, slug } = input.params;
        const model = await visibleCampaign(ctx, slug);
        const body = feed.build(
          model,
          visitorLang(input.query.lang),
          siteBase(request, serviceCode),
          ctx.org,
        );
        return reply
          .type(`${feed.type}; charset=utf-8`)
          .header('cache-control', 'public, max-age=300')
          .send(JSON.stringify(body));
      },
    });
  }

  defineRoute(app, deps, {
    method: 'GET',
    url: `${base}/card`,
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'The participant’s stamp card', tags: TAGS, params: PublicParams },
    handler: async (ctx, input, request, reply) => {
      const { serviceCode, slug } = input.params;
      const card = await stampCard(ctx, slug, readParticipantCookie(request, serviceCode, slug));
      reply.header('cache-control', 'no-store');
      if (!card) return reply.code(404).send({ joined: false });
      return {
        joined: true,
        stamps: card.stamps,
        total: card.checkpoints.length,
        checkpoints: card.checkpoints.map((c) => ({
          id: c.id,
          name: c.name,
          lat: c.lat,
          lng: c.lng,
          method: c.method,
          stampedAt: c.stampedAt?.toISOString() ?? null,
        })),
      };
    },
  });
}
