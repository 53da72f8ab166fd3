import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
import { isLanguage } from '../contract/languages.js';
import type { ModuleDeps } from '../modules/app-module.js';
import {
  type ApplicationInput,
  applyByRequest,
  campaignJsonLd,
  campaignManifest,
  checkInByRequest,
  confirmApplication,
  joinCampaign,
  type PublicCampaign,
  readParticipantCookie,
  recoverCard,
  type StampCard,
  setParticipantCookie,
  stampCard,
  visibleCampaign,
} from '../modules/rally/index.js';
import { publicSiteSettings } from '../modules/site-settings/index.js';
import type { OrganisationRef, TenantContext } from '../platform/access/context.js';
import { AppError, Errors } from '../platform/errors.js';
import { defineRoute, type RouteDeps, type RouteInput } from '../platform/http/route.js';
import { isUuid } from '../platform/ids.js';
import {
  type ApplyFormState,
  appliedPage,
  applyPage,
  campaignPage,
  cardPage,
  checkInPage,
  checkInResultPage,
  confirmPage,
  confirmResultPage,
  emptyApplication,
  joinedPage,
  privacyPage,
  rallyPath,
} from './rally-pages.js';
import { notFound, pageFor, shownMaintenance, visitorLanguage } from './site.routes.js';
import { assetBody, assetUrl } from './site-assets.js';
import { negotiateLanguage } from './site-i18n.js';
import { primaryColour, type SitePage } from './site-layout.js';
import { siteLinks } from './site-url.js';

/** The campaign app's icons: the SVG for browsers that take it, PNGs (and a maskable one) for the rest. */
const RALLY_ICONS = [
  { name: 'rally-icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
  { name: 'rally-icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
  { name: 'rally-icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
  { name: 'rally-icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
] as const;

const Params = Type.Object({
  serviceCode: Type.String({ maxLength: 64 }),
  lang: Type.String({ maxLength: 16 }),
  slug: Type.String({ maxLength: 64 }),
});
const CheckpointParams = Type.Object({
  serviceCode: Type.String({ maxLength: 64 }),
  lang: Type.String({ maxLength: 16 }),
  slug: Type.String({ maxLength: 64 }),
  checkpointId: Type.String({ maxLength: 64 }),
});
const TokenQuery = Type.Object({
  t: Type.Optional(Type.String({ maxLength: 64 })),
  // A rotating-code screen's QR code carries the code of the minute it was shown.
  code: Type.Optional(Type.String({ maxLength: 8 })),
});
const ConfirmQuery = Type.Object(
  { t: Type.Optional(Type.String({ maxLength: 128 })) },
  { additionalProperties: false },
);
// Forms send strings: numbers are read (and range-checked) by the check-in's own schema rules below.
const CheckInForm = Type.Object(
  {
    t: Type.Optional(Type.String({ maxLength: 64 })),
    staffCode: Type.Optional(Type.String({ maxLength: 16 })),
    lat: Type.Optional(Type.String({ maxLength: 32 })),
    lng: Type.Optional(Type.String({ maxLength: 32 })),
    accuracy: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { additionalProperties: false },
);
// The application form as sent: field names as the refusals name them (`answers.<id>`, `personal.<name>`).
const ApplyForm = Type.Record(
  Type.String({ maxLength: 60 }),
  Type.Union([
    Type.String({ maxLength: 4000 }),
    Type.Array(Type.String({ maxLength: 100 }), { maxItems: 40 }),
  ]),
);

/** The form's fields as the application the API takes (the operation checks every value). */
function applicationFromForm(form: Static<typeof ApplyForm>): ApplicationInput {
  const text = (name: string) => {
    const value = form[name];
    return typeof value === 'string' ? value : (value?.[0] ?? '');
  };
  const answers: ApplicationInput['answers'] = {};
  for (const [name, value] of Object.entries(form)) {
    if (name.startsWith('answers.')) answers[name.slice('answers.'.length)] = value;
  }
  return {
    tierId: text('tierId'),
    answers,
    personal: {
      name: text('personal.name'),
      postalCode: text('personal.postalCode'),
      address: text('personal.address'),
      phone: text('personal.phone'),
      email: text('personal.email'),
    },
  };
}

/** A refusal of the application shown on the form, or null when it is not one to show there. */
function formRefusal(error: unknown): Pick<ApplyFormState, 'problems' | 'message'> | null {
  if (!(error instanceof AppError) || error.status === 404) return null;
  const listed = error.details?.visitorProblems;
  const message = error.details?.visitorMessage;
  if (Array.isArray(listed)) {
    return { problems: new Map(listed.map((p: { field: string; message: string }) => [p.field, p.message])) };
  }
  if (typeof message !== 'string') return null;
  // A refusal about the chosen prize stands next to it; the rest above the form.
  return error.field ? { problems: new Map([[error.field, message]]) } : { problems: new Map(), message };
}

const RecoverForm = Type.Object(
  { recoveryCode: Type.String({ maxLength: 40 }) },
  { additionalProperties: false },
);

/** A number from a form field: empty is absent, anything else must be a number in range. */
function formNumber(field: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw Errors.invalidField(field, {
      ja: `${min} から ${max} までの数値を指定してください。`,
      en: `Give a number from ${min} to ${max}.`,
    });
  }
  return n;
}

function checkInInput(checkpointId: string, form: Static<typeof CheckInForm>) {
  return {
    checkpointId,
    ...(form.t ? { token: form.t } : {}),
    ...(form.staffCode ? { staffCode: form.staffCode } : {}),
    lat: formNumber('lat', form.lat, -90, 90),
    lng: formNumber('lng', form.lng, -180, 180),
    accuracy: formNumber('accuracy', form.accuracy, 0, 100_000),
  };
}

/** What a visitor's page declares besides its summary: the page's parameters and its query or form. */
interface VisitorPageSchema {
  params: typeof Params | typeof CheckpointParams;
  querystring?: TSchema;
  body?: TSchema;
}

interface CardView {
  model: PublicCampaign;
  card: StampCard | null;
  /** The site's base for absolute links (open data). */
  base: string;
  org: OrganisationRef;
}

/**
 * The stamp rally's pages under `/s/{code}/{lang}/rally/{slug}/…`. Personal (the participant's
 * cookie decides what they show), so never cached; a GET never stamps — the QR code opens a page
 * whose button does.
 */
export function registerRallySitePages(
  app: FastifyInstance,
  deps: RouteDeps & Pick<ModuleDeps, 'config' | 'rallyKeys' | 'media' | 'mail'>,
): void {
  const { config, rallyKeys } = deps;
  // Forms post urlencoded (no JavaScript needed); only these routes' plugin reads that type.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    // 32 KB: the application form's free text and address in Japanese, percent-encoded.
    { parseAs: 'string', bodyLimit: 32_768 },
    (_request, body, done) => {
      // A repeated name (the checkboxes of a multiple-choice question) becomes a list.
      const fields: Record<string, string | string[]> = {};
      for (const [name, value] of new URLSearchParams(String(body))) {
        const had = fields[name];
        fields[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
      }
      done(null, fields);
    },
  );

  /** The page in the site's language, or null (then the 404 page was prepared). */
  async function sitePage(ctx: TenantContext, request: FastifyRequest, langParam: string) {
    const settings = await publicSiteSettings(ctx);
    const lang = settings.languages.find((l) => l === langParam);
    const page = pageFor(
      ctx.org,
      request,
      settings,
      lang ?? visitorLanguage(request, settings.languages, settings.defaultLanguage),
      config,
    );
    page.maintenance = await shownMaintenance(settings, (read) => read(ctx));
    return { page, found: lang !== undefined };
  }

  /** Renders through `fn`; an unknown language, campaign or checkpoint is the site's 404 page. */
  async function respond(
    ctx: TenantContext,
    request: FastifyRequest,
    reply: FastifyReply,
    langParam: string,
    fn: (page: SitePage) => Promise<string>,
  ) {
    const { page, found } = await sitePage(ctx, request, langParam);
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('x-robots-tag', 'noindex');
    if (!found) return notFound(reply, page);
    try {
      return await fn(page);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return notFound(reply, page);
      throw error;
    }
  }

  const page = (url: string) => `/s/:serviceCode/:lang${url}`;

  /**
   * A visitor's page of the campaign (`/s/{code}/{lang}{path}`): public, the organisation's, kept
   * out of the API documentation, and rendered through `respond`.
   */
  function visitorPage<const S extends VisitorPageSchema>(
    method: 'GET' | 'POST',
    path: string,
    summary: string,
    schema: S,
    render: (
      p: SitePage,
      ctx: TenantContext,
      input: RouteInput<S & { summary: string }>,
      request: FastifyRequest,
      reply: FastifyReply,
    ) => Promise<string>,
  ): void {
    defineRoute(app, deps, {
      method,
      url: page(path),
      access: { public: true },
      scope: 'tenant',
      schema: { summary, hide: true, ...schema },
      handler: (ctx, input, request, reply) =>
        respond(ctx, request, reply, input.params.lang, (p) => render(p, ctx, input, request, reply)),
    });
  }

  /**
   * The campaign's pages that show the visitor's own card: the same load (campaign, checkpoints,
   * the cookie's card), each with its renderer.
   */
  const withCard =
    (render: (p: SitePage, view: CardView) => string) =>
    async (
      p: SitePage,
      ctx: TenantContext,
      input: { params: Static<typeof Params> },
      request: FastifyRequest,
    ) => {
      const { serviceCode, slug } = input.params;
      const model = await visibleCampaign(ctx, slug);
      const card = await stampCard(ctx, slug, readParticipantCookie(request, serviceCode, slug));
      const site = siteLinks(request, ctx.org, config);
      return render(p, { model, card, base: `${site.origin}${site.prefix}`, org: ctx.org });
    };

  /** The checkpoint a page is about, or not found. */
  async function checkpointOf(ctx: TenantContext, slug: string, checkpointId: string) {
    const model = await visibleCampaign(ctx, slug);
    const checkpoint = model.checkpoints.find((c) => c.id === checkpointId);
    if (!checkpoint) throw Errors.notFound();
    return { model, checkpoint };
  }

  visitorPage(
    'GET',
    '/rally/:slug/',
    'Stamp rally: campaign page',
    { params: Params },
    withCard((p, v) => campaignPage(p, v.model, v.card, campaignJsonLd(v.model, p.lang, v.base, v.org))),
  );

  visitorPage(
    'POST',
    '/rally/:slug/join',
    'Stamp rally: join (form)',
    { params: Params },
    async (p, ctx, input, request, reply) => {
      const { serviceCode, slug } = input.params;
      const model = await visibleCampaign(ctx, slug);
      const joined = await joinCampaign(ctx, slug, p.lang);
      setParticipantCookie(request, reply, config.baseUrl, serviceCode, slug, joined.cookie);
      return joinedPage(p, model, joined.recoveryCode);
    },
  );

  defineRoute(app, deps, {
    method: 'POST',
    url: page('/rally/:slug/recover'),
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Stamp rally: restore a card (form)', hide: true, params: Params, body: RecoverForm },
    async handler(ctx, input, request, reply) {
      const { serviceCode, slug, lang } = input.params;
      const recovered = await recoverCard(ctx, slug, input.body.recoveryCode, isLanguage(lang) ? lang : 'ja');
      setParticipantCookie(request, reply, config.baseUrl, serviceCode, slug, recovered.cookie);
      const prefix = siteLinks(request, ctx.org, config).prefix;
      return reply.redirect(`${prefix}/${lang}${rallyPath(slug, 'card')}`, 303);
    },
  });

  visitorPage(
    'GET',
    '/rally/:slug/privacy',
    'Stamp rally: how personal data is handled',
    { params: Params },
    async (p, ctx, input) => privacyPage(p, await visibleCampaign(ctx, input.params.slug)),
  );

  visitorPage(
    'GET',
    '/rally/:slug/card',
    'Stamp rally: my stamp card',
    { params: Params },
    withCard((p, v) => cardPage(p, v.model, v.card)),
  );

  visitorPage(
    'GET',
    '/rally/:slug/c/:checkpointId',
    'Stamp rally: a checkpoint (what its QR code opens)',
    { params: CheckpointParams, querystring: TokenQuery },
    async (p, ctx, input, request) => {
      const { serviceCode, slug, checkpointId } = input.params;
      const { model, checkpoint } = await checkpointOf(ctx, slug, checkpointId);
      const card = await stampCard(ctx, slug, readParticipantCookie(request, serviceCode, slug));
      const view = { checkpoint, token: input.query.t ?? '', code: input.query.code ?? '' };
      return checkInPage(p, model, view, card !== null);
    },
  );

  visitorPage(
    'POST',
    '/rally/:slug/c/:checkpointId',
    'Stamp rally: check in (form)',
    { params: CheckpointParams, body: CheckInForm },
    async (p, ctx, input, request, reply) => {
      const { serviceCode, slug, checkpointId } = input.params;
      const { model, checkpoint } = await checkpointOf(ctx, slug, checkpointId);
      const form = checkInInput(checkpointId, input.body);
      const outcome = await checkInByRequest(ctx, deps, request, { serviceCode, slug }, form, p.lang);
      if (!outcome.ok) {
        reply.code(outcome.error.status);
        const message = outcome.error.details?.visitorMessage;
        return checkInResultPage(p, model, checkpoint, {
          ok: false,
          message: typeof message === 'string' ? message : outcome.error.text.en,
        });
      }
      reply.code(outcome.alreadyStamped ? 200 : 201);
      return checkInResultPage(p, model, checkpoint, outcome);
    },
  );

  visitorPage(
    'GET',
    '/rally/:slug/confirm',
    'Stamp rally: the mailed confirmation link of a prize application',
    { params: Params, querystring: ConfirmQuery },
    async (p, ctx, input) =>
      confirmPage(p, await visibleCampaign(ctx, input.params.slug), input.query.t ?? ''),
  );

  visitorPage(
    'POST',
    '/rally/:slug/confirm',
    'Stamp rally: confirm a prize application (form)',
    { params: Params, body: ConfirmQuery },
    async (p, ctx, input, _request, reply) => {
      const model = await visibleCampaign(ctx, input.params.slug);
      try {
        await confirmApplication(ctx, rallyKeys, input.params.slug, input.body.t ?? '', p.lang);
        return confirmResultPage(p, model, null);
      } catch (error) {
        const message = error instanceof AppError ? error.details?.visitorMessage : undefined;
        if (typeof message !== 'string' || !(error instanceof AppError)) throw error;
        reply.code(error.status);
        return confirmResultPage(p, model, message);
      }
    },
  );

  visitorPage(
    'GET',
    '/rally/:slug/apply',
    'Stamp rally: survey and prize application (form)',
    { params: Params },
    withCard((p, v) => applyPage(p, v.model, v.card, emptyApplication())),
  );

  // The same operation as the API's; a refusal comes back on the form (values kept, nothing
  // stored), a success redirects (POST-redirect-GET) so that reloading does not send it again.
  defineRoute(app, deps, {
    method: 'POST',
    url: page('/rally/:slug/apply'),
    access: { public: true },
    scope: 'tenant',
    transaction: 'lazy',
    schema: { summary: 'Stamp rally: apply for a prize (form)', hide: true, params: Params, body: ApplyForm },
    async handler(ctx, input, request, reply) {
      const { serviceCode, slug, lang } = input.params;
      const values = applicationFromForm(input.body);
      const siteLang = await ctx.transaction(async (inner) =>
        (await publicSiteSettings(inner)).languages.find((l) => l === lang),
      );
      let refused: Pick<ApplyFormState, 'problems' | 'message'> | null = null;
      let status = 200;
      if (siteLang) {
        try {
          await applyByRequest(ctx, deps, request, { serviceCode, slug }, values, siteLang);
          const prefix = siteLinks(request, { serviceCode }, config).prefix;
          return reply
            .header('cache-control', 'no-store')
            .redirect(`${prefix}/${siteLang}${rallyPath(slug, 'applied')}`, 303);
        } catch (error) {
          refused = formRefusal(error);
          if (!refused) throw error;
          status = (error as AppError).status;
        }
      }
      return ctx.transaction((inner) =>
        respond(inner, request, reply, lang, async (p) => {
          const model = await visibleCampaign(inner, slug);
          const card = await stampCard(inner, slug, readParticipantCookie(request, serviceCode, slug));
          reply.code(status);
          return applyPage(p, model, card, { values, problems: new Map(), ...refused });
        }),
      );
    },
  });

  visitorPage(
    'GET',
    '/rally/:slug/applied',
    'Stamp rally: application received',
    { params: Params },
    async (p, ctx, input) => appliedPage(p, await visibleCampaign(ctx, input.params.slug)),
  );

  // Installable: the manifest names the campaign in the page's language; start at the card.
  defineRoute(app, deps, {
    method: 'GET',
    url: page('/rally/:slug/manifest.webmanifest'),
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Stamp rally: web app manifest', hide: true, params: Params },
    async handler(ctx, input, _request, reply) {
      const settings = await publicSiteSettings(ctx);
      const lang = settings.languages.find((l) => l === input.params.lang);
      if (!lang) throw Errors.notFound();
      const { campaign } = await visibleCampaign(ctx, input.params.slug);
      reply
        .type('application/manifest+json; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .header('x-robots-tag', 'noindex');
      return JSON.stringify(
        campaignManifest(campaign, lang, {
          themeColour: primaryColour(settings),
          icons: RALLY_ICONS.map(({ name, ...icon }) => ({ ...icon, src: assetUrl(name) })),
        }),
      );
    },
  });

  // Served under the campaign's path so that its scope is the campaign's pages and no more.
  defineRoute(app, deps, {
    method: 'GET',
    url: page('/rally/:slug/sw.js'),
    access: { public: true },
    scope: 'tenant',
    transaction: 'published',
    schema: { summary: 'Stamp rally: service worker (offline stamp card)', hide: true, params: Params },
    async handler(_ctx, _input, _request, reply) {
      // Browsers check a worker for updates themselves; no-cache makes each check reach the server.
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(assetBody('rally-sw.js'));
    },
  });

  // The poster's QR code: no language in it, so the visitor's is chosen here.
  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/rally/:slug/c/:checkpointId',
    access: { public: true },
    scope: 'tenant',
    schema: {
      summary: 'Stamp rally: QR code entry (redirect to the visitor’s language)',
      hide: true,
      params: Type.Object({
        serviceCode: Type.String({ maxLength: 64 }),
        slug: Type.String({ maxLength: 64 }),
        checkpointId: Type.String({ maxLength: 64 }),
      }),
      querystring: TokenQuery,
    },
    async handler(ctx, input, request, reply) {
      const { slug, checkpointId } = input.params;
      if (!isUuid(checkpointId) || !/^[a-z0-9-]{2,40}$/.test(slug)) throw Errors.notFound();
      const settings = await publicSiteSettings(ctx);
      const lang =
        negotiateLanguage(request.headers['accept-language'], settings.languages) ?? settings.defaultLanguage;
      const { t, code } = input.query;
      const query = new URLSearchParams({ ...(t ? { t } : {}), ...(code ? { code } : {}) }).toString();
      const token = query ? `?${query}` : '';
      const prefix = siteLinks(request, ctx.org, config).prefix;
      reply.header('cache-control', 'private, no-store').header('vary', 'Accept-Language');
      return reply.redirect(`${prefix}/${lang}${rallyPath(slug, `c/${checkpointId}`)}${token}`, 302);
    },
  });
}
