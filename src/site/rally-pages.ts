/**
 * The stamp rally's pages on the public site: campaign top, joined (recovery code shown once),
 * stamp card, check-in and its result, privacy. Server-rendered; only the location check-in needs
 * JavaScript (rally.js reads the position into the form), everything else is plain links and forms.
 */
import type { Language } from '../contract/languages.js';
import {
  AGE_BANDS,
  type ApplicationInput,
  nextCheckpoint,
  PREFECTURES,
  type PrizeTier,
  type PublicCampaign,
  qualifyingTiers,
  type StampCard,
  type SurveyQuestion,
} from '../modules/rally/index.js';
import { html, type Raw } from './html.js';
import { assetUrl } from './site-assets.js';
import { RALLY_TEXTS, textIn } from './site-i18n.js';
import { href, mapBlock, mapLink, primaryColour, renderShell, type SitePage } from './site-layout.js';

type RallyKey = keyof typeof RALLY_TEXTS;

const r = (page: SitePage, key: RallyKey, vars: Record<string, string | number> = {}): string =>
  textIn(RALLY_TEXTS, key, page.lang, vars);

/** A text of the campaign in the page language, else Japanese (marked with its language). */
function local(page: SitePage, texts: Record<string, string> | undefined): Raw | string {
  const own = texts?.[page.lang];
  if (own) return own;
  const ja = texts?.ja;
  return ja ? html`<span lang="ja">${ja}</span>` : '';
}

const jstDate = (date: Date, lang: Language) =>
  new Intl.DateTimeFormat(lang, { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }).format(
    date,
  );

const campaignOver = ({ campaign }: PublicCampaign) =>
  campaign.status === 'ended' || campaign.ends_at <= new Date();

export const rallyPath = (slug: string, rest = '') => `/rally/${slug}/${rest}`;

function heading(page: SitePage, title: Raw | string, lead?: Raw | string): Raw {
  return html`<div class="page-head"><div class="wrap"><p class="rally-kicker">${r(page, 'rally')}</p><h1>${title}</h1>${lead ? html`<div class="lead">${lead}</div>` : ''}</div></div>`;
}

function checkpointList(page: SitePage, card: StampCard | null, model: PublicCampaign): Raw {
  const stampedAt = new Map(card?.checkpoints.map((c) => [c.id, c.stampedAt]) ?? []);
  return html`<ol class="rally-checkpoints">${model.checkpoints.map((c) => {
    const at = stampedAt.get(c.id);
    return html`<li class="${at ? 'rally-stamped' : 'rally-open'}"><span class="rally-name">${local(page, c.name)}</span>
${card ? html` <span class="rally-state">${at ? html`✓ ${r(page, 'stamped')} <time datetime="${at.toISOString()}">${jstDate(at, page.lang)}</time>` : r(page, 'notYet')}</span>` : ''}
 <a href="${mapLink(c.lat, c.lng)}" rel="noopener">${r(page, 'map')}<span class="visually-hidden">: ${local(page, c.name)}</span></a></li>`;
  })}</ol>`;
}

/**
 * Every rally page loads rally.js (the location check-in, and the service worker that keeps the
 * campaign top and the card readable offline); each names the campaign's manifest.
 */
function shell(
  page: SitePage,
  slug: string,
  title: string,
  body: Raw,
  options: { jsonLd?: Record<string, unknown>[]; map?: boolean } = {},
): string {
  const withScript = html`${body}<script src="${assetUrl('rally.js')}" defer></script>`;
  return renderShell(page, {
    title,
    body: withScript,
    noindex: true,
    jsonLd: options.jsonLd ?? [],
    ...(options.map ? { map: true } : {}),
    app: {
      manifest: href(page, rallyPath(slug, 'manifest.webmanifest')),
      serviceWorker: href(page, rallyPath(slug, 'sw.js')),
      themeColor: primaryColour(page.settings),
    },
  });
}

/** Hidden unless the service worker serves this page as the saved copy (then it says so). */
function offlineNote(page: SitePage): Raw {
  return html`<p class="rally-offline" hidden>${r(page, 'offline', { time: jstDate(new Date(), page.lang) })}</p>`;
}

function checkpointMap(page: SitePage, model: PublicCampaign): Raw | string {
  const places = model.checkpoints.map((c) => ({
    lat: c.lat,
    lng: c.lng,
    name: c.name[page.lang] ?? c.name.ja ?? '',
  }));
  return mapBlock(page, r(page, 'checkpointsMap'), places);
}

/** A distance in the page's language: metres up to a kilometre, then kilometres. */
function distanceText(page: SitePage, metres: number): string {
  const km = metres >= 1000;
  return new Intl.NumberFormat(page.lang, {
    style: 'unit',
    unit: km ? 'kilometer' : 'meter',
    unitDisplay: 'short',
    maximumFractionDigits: km && metres < 10_000 ? 1 : 0,
  }).format(km ? metres / 1000 : Math.round(metres / 10) * 10);
}

function nextBlock(page: SitePage, card: StampCard): Raw {
  const next = nextCheckpoint(card);
  if (!next) return html`<p class="rally-next">${r(page, 'complete')}</p>`;
  const { checkpoint: c, distanceM } = next;
  return html`<section class="rally-next" aria-labelledby="rally-next"><h2 id="rally-next">${r(page, 'next')}</h2>
<p><strong>${local(page, c.name)}</strong></p>
<p>${distanceM === null ? r(page, 'nextFirst') : r(page, 'nextNearest', { distance: distanceText(page, distanceM) })}</p>
<p><a href="${mapLink(c.lat, c.lng)}" rel="noopener">${r(page, 'map')}<span class="visually-hidden">: ${local(page, c.name)}</span></a></p></section>`;
}

/** The campaign's top page: what, when, rules, checkpoints, and join or go to the card. */
export function campaignPage(
  page: SitePage,
  model: PublicCampaign,
  card: StampCard | null,
  jsonLd: Record<string, unknown>,
): string {
  const { campaign } = model;
  const base = rallyPath(campaign.slug);
  const ended = campaignOver(model);
  const body = html`${heading(page, local(page, campaign.texts.name), local(page, campaign.texts.description))}
<div class="wrap detail">
${offlineNote(page)}
<h2>${r(page, 'period')}</h2>
<p><time datetime="${campaign.starts_at.toISOString()}">${jstDate(campaign.starts_at, page.lang)}</time> – <time datetime="${campaign.ends_at.toISOString()}">${jstDate(campaign.ends_at, page.lang)}</time></p>
${campaign.texts.rules ? html`<h2>${r(page, 'rules')}</h2><p class="rally-rules">${local(page, campaign.texts.rules)}</p>` : ''}
<h2>${r(page, 'checkpoints')}</h2>
${checkpointList(page, card, model)}
${checkpointMap(page, model)}
${
  ended
    ? html`<p class="notice">${r(page, 'ended')}</p>`
    : card
      ? html`<p><a class="rally-button" href="${href(page, `${base}card`)}">${r(page, 'myCard')}</a></p>`
      : html`<form method="post" action="${href(page, `${base}join`)}"><button type="submit">${r(page, 'join')}</button></form>
<h2>${r(page, 'recoverTitle')}</h2>${recoverForm(page, campaign.slug)}`
}
<p><a href="${href(page, `${base}privacy`)}">${r(page, 'privacyTitle')}</a></p>
</div>`;
  return shell(page, campaign.slug, campaign.texts.name?.[page.lang] ?? campaign.texts.name?.ja ?? '', body, {
    jsonLd: [jsonLd],
    map: true,
  });
}

function recoverForm(page: SitePage, slug: string): Raw {
  return html`<form method="post" action="${href(page, rallyPath(slug, 'recover'))}" class="rally-form">
<label for="recovery-code">${r(page, 'recoveryCode')}</label>
<input id="recovery-code" name="recoveryCode" type="text" autocomplete="off" maxlength="40" required>
<button type="submit">${r(page, 'recover')}</button></form>`;
}

/** Right after joining: the recovery code, once. */
export function joinedPage(page: SitePage, model: PublicCampaign, recoveryCode: string): string {
  const body = html`${heading(page, r(page, 'joinedTitle'), local(page, model.campaign.texts.name))}
<div class="wrap detail">
<p>${r(page, 'recoveryLead')}</p>
<p class="rally-code"><span class="visually-hidden">${r(page, 'recoveryCode')}: </span><strong>${recoveryCode}</strong></p>
<p><a class="rally-button" href="${href(page, rallyPath(model.campaign.slug, 'card'))}">${r(page, 'myCard')}</a></p>
</div>`;
  return shell(page, model.campaign.slug, r(page, 'joinedTitle'), body);
}

/** The stamp card: progress, the next nearest checkpoint, each checkpoint's stamp and the map. */
export function cardPage(page: SitePage, model: PublicCampaign, card: StampCard | null): string {
  const slug = model.campaign.slug;
  const total = model.checkpoints.length;
  const body = html`${heading(page, r(page, 'card'), local(page, model.campaign.texts.name))}
<div class="wrap detail">
${offlineNote(page)}
${
  card
    ? html`<p class="rally-progress"><progress max="${total}" value="${card.stamps}" aria-hidden="true"></progress> ${r(page, 'progress', { n: card.stamps, total })}</p>
${nextBlock(page, card)}
${qualifyingTiers(card).length && !campaignOver(model) ? html`<p><a class="rally-button" href="${href(page, rallyPath(slug, 'apply'))}">${r(page, 'applyLink')}</a></p>` : ''}`
    : html`<p>${r(page, 'notJoined')}</p><form method="post" action="${href(page, rallyPath(slug, 'join'))}"><button type="submit">${r(page, 'join')}</button></form>`
}
<h2>${r(page, 'checkpoints')}</h2>
${checkpointList(page, card, model)}
${checkpointMap(page, model)}
<p><a href="${href(page, rallyPath(slug))}">${r(page, 'backToCampaign')}</a></p>
</div>`;
  return shell(page, slug, r(page, 'card'), body, { map: true });
}

export interface CheckInView {
  checkpoint: PublicCampaign['checkpoints'][number];
  token: string;
  /** A rotating code from the screen's QR code, filled in for the visitor. */
  code: string;
}

/** What a QR code opens: the checkpoint and one button (a GET never stamps). */
export function checkInPage(
  page: SitePage,
  model: PublicCampaign,
  view: CheckInView,
  joined: boolean,
): string {
  const { checkpoint } = view;
  const slug = model.campaign.slug;
  const action = href(page, rallyPath(slug, `c/${checkpoint.id}`));
  const location = checkpoint.method === 'location' || checkpoint.method === 'qr_location';
  const form = html`<form method="post" action="${action}" class="rally-form"${location ? html` data-rally-location` : ''}>
${view.token ? html`<input type="hidden" name="t" value="${view.token}">` : ''}
${
  checkpoint.method === 'staff_code'
    ? html`<label for="staff-code">${r(page, 'staffCode')}</label><input id="staff-code" name="staffCode" type="text" inputmode="numeric" autocomplete="off" maxlength="8" required>`
    : checkpoint.method === 'rotating_code'
      ? html`<label for="staff-code">${r(page, 'screenCode')}</label><input id="staff-code" name="staffCode" type="text" inputmode="numeric" autocomplete="off" maxlength="8" value="${/^\d{6}$/.test(view.code) ? view.code : ''}" required>`
      : ''
}
${
  location
    ? html`<input type="hidden" name="lat" value=""><input type="hidden" name="lng" value=""><input type="hidden" name="accuracy" value=""><p>${r(page, 'locationNote')}</p>`
    : ''
}
<button type="submit">${location ? r(page, 'collectHere') : r(page, 'collect')}</button></form>`;
  const body = html`${heading(page, local(page, checkpoint.name), local(page, model.campaign.texts.name))}
<div class="wrap detail">
${joined ? form : html`<p>${r(page, 'notJoined')}</p><form method="post" action="${href(page, rallyPath(slug, 'join'))}"><button type="submit">${r(page, 'join')}</button></form>`}
<p><a href="${href(page, rallyPath(slug, 'card'))}">${r(page, 'myCard')}</a></p>
</div>`;
  return shell(page, slug, checkpoint.name[page.lang] ?? checkpoint.name.ja ?? '', body);
}

export type CheckInResult =
  | { ok: true; alreadyStamped: boolean; stamps: number; total: number }
  | { ok: false; message: string };

export function checkInResultPage(
  page: SitePage,
  model: PublicCampaign,
  checkpoint: PublicCampaign['checkpoints'][number],
  result: CheckInResult,
): string {
  const slug = model.campaign.slug;
  const title = result.ok
    ? r(page, result.alreadyStamped ? 'alreadyTitle' : 'stampedTitle')
    : r(page, 'refusedTitle');
  const body = html`${heading(page, title, local(page, checkpoint.name))}
<div class="wrap detail">
${
  result.ok
    ? html`<p class="rally-progress" role="status">${r(page, 'progress', { n: result.stamps, total: result.total })}</p>`
    : html`<p class="notice" role="alert">${result.message}</p>`
}
<p><a class="rally-button" href="${href(page, rallyPath(slug, 'card'))}">${r(page, 'myCard')}</a></p>
<p><a href="${href(page, rallyPath(slug))}">${r(page, 'backToCampaign')}</a></p>
</div>`;
  return shell(page, slug, title, body);
}

/** What the mailed link opens: one button that confirms (a GET never changes anything). */
export function confirmPage(page: SitePage, model: PublicCampaign, token: string): string {
  const slug = model.campaign.slug;
  const body = html`${heading(page, r(page, 'confirmTitle'), local(page, model.campaign.texts.name))}
<div class="wrap detail">
<p>${r(page, 'confirmLead')}</p>
<form method="post" action="${href(page, rallyPath(slug, 'confirm'))}" class="rally-form">
<input type="hidden" name="t" value="${token}">
<button type="submit">${r(page, 'confirm')}</button></form>
</div>`;
  return shell(page, slug, r(page, 'confirmTitle'), body);
}

/** What the rally keeps about visitors and applicants, and when applicants' data is deleted. */
export function privacyPage(page: SitePage, model: PublicCampaign): string {
  const { campaign } = model;
  const title = r(page, 'privacyTitle');
  const deletedOn = new Date(campaign.ends_at.getTime() + campaign.retention_days * 86_400_000);
  const body = html`${heading(page, title, local(page, campaign.texts.name))}
<div class="wrap detail">
<p>${r(page, 'privacyParticipant')}</p>
<p>${r(page, 'privacyApplicant')}</p>
<p>${r(page, 'privacyRetention', { days: campaign.retention_days, date: jstDate(deletedOn, page.lang) })}</p>
<p><a href="${href(page, rallyPath(campaign.slug))}">${r(page, 'backToCampaign')}</a></p>
</div>`;
  return shell(page, campaign.slug, title, body);
}

export function confirmResultPage(page: SitePage, model: PublicCampaign, refusal: string | null): string {
  const slug = model.campaign.slug;
  const title = r(page, refusal ? 'notConfirmedTitle' : 'confirmedTitle');
  const body = html`${heading(page, title, local(page, model.campaign.texts.name))}
<div class="wrap detail">
${refusal ? html`<p class="notice" role="alert">${refusal}</p>` : ''}
<p><a class="rally-button" href="${href(page, rallyPath(slug, 'card'))}">${r(page, 'myCard')}</a></p>
<p><a href="${href(page, rallyPath(slug))}">${r(page, 'backToCampaign')}</a></p>
</div>`;
  return shell(page, slug, title, body);
}

/** What the application form shows again after a refusal: the values sent, and why, per field. */
export interface ApplyFormState {
  values: ApplicationInput;
  /** Field (`tierId`, `answers.<id>`, `personal.<name>`) → the reason in the page language. */
  problems: Map<string, string>;
  /** A refusal of the whole form (after the period, second application, mail not sent). */
  message?: string;
}

export const emptyApplication = (): ApplyFormState => ({
  values: {
    tierId: '',
    answers: {},
    personal: { name: '', postalCode: '', address: '', phone: '', email: '' },
  },
  problems: new Map(),
});

/** The form's ids: a field name with only letters, digits and hyphens. */
const fieldId = (field: string) => `f-${field.replace(/[^A-Za-z0-9-]/g, '-')}`;

/** A field's error, and the attributes that tie it to the field for screen readers. */
function fieldError(
  state: ApplyFormState,
  field: string,
): { attrs: Raw | string; group: Raw | string; note: Raw | string } {
  const problem = state.problems.get(field);
  if (!problem) return { attrs: '', group: '', note: '' };
  const id = `${fieldId(field)}-error`;
  return {
    attrs: html` aria-invalid="true" aria-describedby="${id}"`,
    // A group (fieldset) is described by its error; its inputs carry no invalid state of their own.
    group: html` aria-describedby="${id}"`,
    note: html`<p class="rally-field-error" id="${id}">${problem}</p>`,
  };
}

function codeOptions(
  page: SitePage,
  list: readonly (readonly [string, string, string])[],
  value: string,
): Raw {
  return html`<option value="">${r(page, 'choose')}</option>${list.map(
    ([code, ja, en]) =>
      html`<option value="${code}"${value === code ? ' selected' : ''}>${page.lang === 'ja' ? ja : en}</option>`,
  )}`;
}

function questionField(page: SitePage, q: SurveyQuestion, state: ApplyFormState): Raw {
  const field = `answers.${q.id}`;
  const id = fieldId(field);
  const raw = state.values.answers[q.id];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const error = fieldError(state, field);
  const label = html`${local(page, q.label)}${q.required ? ' *' : ''}`;
  if (q.kind === 'single' || q.kind === 'multiple') {
    const type = q.kind === 'single' ? 'radio' : 'checkbox';
    return html`<fieldset class="rally-choices" id="${id}"${error.group}><legend>${label}</legend>${error.note}
${(q.choices ?? []).map(
  (c, i) =>
    html`<div><input type="${type}" id="${id}-${i}" name="${field}" value="${c.id}"${values.includes(c.id) ? ' checked' : ''}> <label for="${id}-${i}">${local(page, c.label)}</label></div>`,
)}</fieldset>`;
  }
  if (q.kind === 'text') {
    return html`<div class="rally-field"><label for="${id}">${label}</label>${error.note}
<textarea id="${id}" name="${field}" rows="3"${error.attrs}>${values[0] ?? ''}</textarea></div>`;
  }
  const list = q.kind === 'prefecture' ? PREFECTURES : AGE_BANDS;
  return html`<div class="rally-field"><label for="${id}">${label}</label>${error.note}
<select id="${id}" name="${field}"${error.attrs}>${codeOptions(page, list, values[0] ?? '')}</select></div>`;
}

const PERSONAL: {
  key: keyof ApplicationInput['personal'];
  label: RallyKey;
  type: string;
  autocomplete: string;
}[] = [
  { key: 'name', label: 'name', type: 'text', autocomplete: 'name' },
  { key: 'postalCode', label: 'postalCode', type: 'text', autocomplete: 'postal-code' },
  { key: 'address', label: 'address', type: 'text', autocomplete: 'street-address' },
  { key: 'phone', label: 'phone', type: 'tel', autocomplete: 'tel' },
  { key: 'email', label: 'email', type: 'email', autocomplete: 'email' },
];

function personalField(page: SitePage, p: (typeof PERSONAL)[number], state: ApplyFormState): Raw {
  const field = `personal.${p.key}`;
  const id = fieldId(field);
  const error = fieldError(state, field);
  return html`<div class="rally-field"><label for="${id}">${r(page, p.label)} *</label>${error.note}
<input id="${id}" name="${field}" type="${p.type}" autocomplete="${p.autocomplete}" value="${state.values.personal[p.key]}" required${error.attrs}></div>`;
}

function tierField(page: SitePage, tiers: PrizeTier[], state: ApplyFormState): Raw {
  const error = fieldError(state, 'tierId');
  const id = fieldId('tierId');
  return html`<fieldset class="rally-choices" id="${id}"${error.group}><legend>${r(page, 'prize')} *</legend>${error.note}
${tiers.map(
  (t, i) =>
    html`<div><input type="radio" id="${id}-${i}" name="tierId" value="${t.id}" required${state.values.tierId === t.id || tiers.length === 1 ? ' checked' : ''}> <label for="${id}-${i}">${local(page, t.name)}</label></div>`,
)}</fieldset>`;
}

/**
 * The survey, then the application: one plain form (no script), sent once, so that nothing is
 * stored unless all of it is valid. After a refusal it comes back with the values and the reasons.
 */
export function applyPage(
  page: SitePage,
  model: PublicCampaign,
  card: StampCard | null,
  state: ApplyFormState,
): string {
  const slug = model.campaign.slug;
  const title = r(page, 'applyTitle');
  const tiers = card ? qualifyingTiers(card) : [];
  const survey = model.campaign.survey as SurveyQuestion[];
  const listed = [...state.problems.keys()];
  const showForm = card !== null && !campaignOver(model) && tiers.length > 0;
  const summary =
    state.message || listed.length
      ? html`<div class="notice" role="alert"><p>${state.message ?? r(page, 'fixErrors')}</p>${
          listed.length
            ? html`<ul>${listed.map((f) => html`<li>${showForm ? html`<a href="#${fieldId(f)}">${state.problems.get(f) ?? ''}</a>` : (state.problems.get(f) ?? '')}</li>`)}</ul>`
            : ''
        }</div>`
      : '';
  const form = html`<form method="post" action="${href(page, rallyPath(slug, 'apply'))}" class="rally-form rally-apply" novalidate>
${survey.length ? html`<h2>${r(page, 'survey')}</h2>${survey.map((q) => questionField(page, q, state))}` : ''}
<h2>${r(page, 'applicant')}</h2>
${tierField(page, tiers, state)}
${PERSONAL.map((p) => personalField(page, p, state))}
<button type="submit">${r(page, 'submitApplication')}</button></form>`;
  const body = html`${heading(page, title, local(page, model.campaign.texts.name))}
<div class="wrap detail">
${summary}
${
  !card
    ? html`<p>${r(page, 'notJoined')}</p><form method="post" action="${href(page, rallyPath(slug, 'join'))}"><button type="submit">${r(page, 'join')}</button></form>`
    : campaignOver(model)
      ? html`<p class="notice">${r(page, 'ended')}</p>`
      : tiers.length
        ? html`<p>${r(page, 'applyLead')}</p>${form}`
        : html`<p>${r(page, 'noPrizeYet')}</p>`
}
<p><a href="${href(page, rallyPath(slug, 'privacy'))}">${r(page, 'privacyTitle')}</a></p>
<p><a href="${href(page, rallyPath(slug, 'card'))}">${r(page, 'myCard')}</a></p>
</div>`;
  return shell(page, slug, title, body);
}

/** After applying (the redirect's page): the mailed link must still be opened. */
export function appliedPage(page: SitePage, model: PublicCampaign): string {
  const slug = model.campaign.slug;
  const title = r(page, 'appliedTitle');
  const body = html`${heading(page, title, local(page, model.campaign.texts.name))}
<div class="wrap detail">
<p role="status">${r(page, 'appliedLead')}</p>
<p><a class="rally-button" href="${href(page, rallyPath(slug, 'card'))}">${r(page, 'myCard')}</a></p>
</div>`;
  return shell(page, slug, title, body);
}
