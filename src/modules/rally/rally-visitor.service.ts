import type { Language } from '../../contract/languages.js';
import type { Database } from '../../db/database.js';
import type { PublishedContext, TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { type AppError, Errors } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import {
  bumpCodeFailures,
  type CampaignRow,
  type CheckInCampaign,
  type CheckInCheckpoint,
  type CheckpointRow,
  findCampaignBySlug,
  findInCampaign,
  insertParticipant,
  listCheckpointRows,
  listParticipantStamps,
  listRunningCampaignRows,
  loadCheckInRows,
  type ParticipantRow,
  recentCodeFailures,
  recordKnownCheckIn,
  recordKnownCheckInAlone,
  recordStamp,
  recoverParticipant,
  type StampLimits,
  type StampResult,
} from './rally.repo.js';
import type { CheckInInput } from './rally.schema.js';
import { type RefusalReason, refusal } from './rally-refusals.js';
import {
  newParticipantSecret,
  newRecoveryCode,
  normaliseRecoveryCode,
  type RallyKeys,
  sha256Hex,
} from './rally-tokens.js';

/**
 * What visitors do, without an account: see a public campaign, join, check in, see their card.
 * Public by nature (no right), but only ever on a published (or ended, read-only) campaign.
 */

/** More new stamps than this within a minute is not walking between checkpoints. */
export const STAMPS_PER_MINUTE = 6;
/** Wrong staff/rotating codes from one address per campaign within CODE_FAILURE_WINDOW_MINUTES. */
export const CODE_FAILURES_ALLOWED = 10;
/** This many participants stamping at one checkpoint from one device within minutes is flagged. */
const SHARED_DEVICE_PARTICIPANTS = 3;

/** Where a check-in comes from (hashed before anything is stored or compared). */
export interface VisitorSource {
  /** The client's address as the server sees it (socket, or the trusted proxy's). */
  address: string;
  /** A few request headers and the first-party device cookie, joined. */
  device: string;
}

/** What a check-in needs besides the request: the keys and the per-address limit. */
export interface CheckInDeps {
  keys: RallyKeys;
  /** New stamps per minute from one address in one campaign (a hotel or a carrier NAT is many phones). */
  stampsPerAddressPerMinute: number;
}
/** Faster than this between two checkpoints (further apart than SPEED_MIN_METRES) is flagged. */
const MAX_SPEED_M_PER_S = 42; // about 150 km/h: a Shinkansen is faster, a car or a bus is not
const SPEED_MIN_METRES = 1000;

export interface PublicCampaign {
  campaign: CampaignRow;
  checkpoints: CheckpointRow[];
}

/** A campaign visitors may see: published or ended (drafts and archives are not found). */
export async function visibleCampaign(ctx: TenantContext, slug: string): Promise<PublicCampaign> {
  const campaign = await findCampaignBySlug(ctx.tx, ctx.scope.org, slug);
  if (!campaign || (campaign.status !== 'published' && campaign.status !== 'ended')) throw Errors.notFound();
  return { campaign, checkpoints: await listCheckpointRows(ctx.tx, ctx.scope.org, campaign.id) };
}

function openState(
  campaign: Pick<CampaignRow, 'status' | 'starts_at' | 'ends_at'>,
  now: Date,
): RefusalReason | null {
  if (campaign.status === 'ended' || campaign.status === 'archived') return 'campaign_ended';
  if (campaign.status !== 'published') return 'campaign_not_open';
  if (now < campaign.starts_at) return 'campaign_not_started';
  if (now >= campaign.ends_at) return 'campaign_ended';
  return null;
}

export interface Joined {
  participantId: string;
  /** `<participant id>.<secret>`: the HttpOnly cookie's value. */
  cookie: string;
  /** Shown once; lets the visitor take the card to another phone or browser. */
  recoveryCode: string;
}

export async function joinCampaign(ctx: TenantContext, slug: string, lang: Language): Promise<Joined> {
  const campaign = await findCampaignBySlug(ctx.tx, ctx.scope.org, slug);
  if (!campaign || campaign.status === 'draft' || campaign.status === 'archived') throw Errors.notFound();
  const closed = openState(campaign, new Date());
  if (closed) throw refusal(closed, lang);
  const secret = newParticipantSecret();
  const recoveryCode = newRecoveryCode();
  const row = await insertParticipant(ctx.tx, ctx.scope.org, campaign.id, {
    secretHash: sha256Hex(secret),
    recoveryHash: sha256Hex(recoveryCode),
    lang,
  });
  return { participantId: row.id, cookie: `${row.id}.${secret}`, recoveryCode };
}

/** The card back on another device: a new cookie secret, the old cookie stops working. */
export async function recoverCard(
  ctx: TenantContext,
  slug: string,
  typedCode: string,
  lang: Language,
): Promise<Omit<Joined, 'recoveryCode'>> {
  const { campaign } = await visibleCampaign(ctx, slug);
  const code = normaliseRecoveryCode(typedCode);
  const secret = newParticipantSecret();
  const row = code
    ? await recoverParticipant(ctx.tx, ctx.scope.org, campaign.id, sha256Hex(code), sha256Hex(secret))
    : undefined;
  if (!row) {
    const error = refusal('not_joined', lang);
    throw Errors.invalidField('recoveryCode', {
      ja: '復元コードが違います。',
      en: `The recovery code is wrong. ${error.text.en}`,
    });
  }
  await audit(ctx, {
    action: 'rally.participant.recovered',
    target: { type: 'rally_participant', id: row.id },
    details: { campaignId: campaign.id },
  });
  return { participantId: row.id, cookie: `${row.id}.${secret}` };
}

/** The participant the cookie names, when its secret matches; null otherwise. */
export async function participantOf(
  ctx: TenantContext,
  campaign: CampaignRow,
  cookie: string | undefined,
): Promise<ParticipantRow | null> {
  const [id, secret] = (cookie ?? '').split('.');
  if (!id || !secret || !isUuid(id)) return null;
  const row = await findInCampaign(ctx.tx, 'tenant.rally_participants', ctx.scope.org, campaign.id, id);
  // Both sides are hex SHA-256 of the same length; a mismatch tells nothing useful.
  return row && row.secret_hash === sha256Hex(secret) ? row : null;
}

/** Great-circle distance in metres. */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type CheckInOutcome =
  | {
      ok: true;
      checkpointId: string;
      alreadyStamped: boolean;
      stampedAt: string;
      flags: string[];
      stamps: number;
      total: number;
    }
  | { ok: false; error: AppError };

/** Why the presented proof does not fit the checkpoint's method, or null when it does. */
function proofProblem(
  org: string,
  keys: RallyKeys,
  campaign: CheckInCampaign,
  checkpoint: CheckInCheckpoint,
  input: CheckInInput,
  now: Date,
): { reason: RefusalReason; details?: Record<string, unknown> } | null {
  const method = checkpoint.method;
  if (method === 'qr' || method === 'qr_location') {
    const verdict = keys.checkToken(org, campaign, checkpoint.id, input.token ?? '');
    if (verdict === 'forged') return { reason: 'token_forged' };
    if (verdict === 'rotated') return { reason: 'token_rotated' };
  }
  if (method === 'staff_code') {
    const code = (input.staffCode ?? '').replace(/\D/g, '');
    if (code !== keys.staffCode(org, campaign, checkpoint.id)) return { reason: 'staff_code_wrong' };
  }
  if (method === 'rotating_code') {
    const code = (input.staffCode ?? '').replace(/\D/g, '');
    const verdict = keys.checkRotatingCode(org, campaign, checkpoint.id, code, now);
    if (verdict === 'expired') return { reason: 'code_expired' };
    if (verdict === 'wrong') return { reason: 'staff_code_wrong' };
  }
  if (method === 'location' || method === 'qr_location') {
    if (input.lat === undefined || input.lng === undefined || input.accuracy === undefined)
      return { reason: 'location_needed' };
    // A reading less precise than the circle it must fall in proves nothing.
    if (input.accuracy > checkpoint.radius_m)
      return {
        reason: 'location_inaccurate',
        details: { accuracy: input.accuracy, radiusM: checkpoint.radius_m },
      };
    const distance = distanceMetres(checkpoint, { lat: input.lat, lng: input.lng });
    if (distance > checkpoint.radius_m)
      return {
        reason: 'too_far',
        details: { distanceM: Math.round(distance), radiusM: checkpoint.radius_m },
      };
  }
  return null;
}

/** The stamp's own columns: where the phone was, for location methods only. */
function stampPlace(checkpoint: CheckInCheckpoint, input: CheckInInput) {
  const location = checkpoint.method === 'location' || checkpoint.method === 'qr_location';
  return {
    lat: location ? (input.lat ?? null) : null,
    lng: location ? (input.lng ?? null) : null,
    accuracyM: location ? (input.accuracy ?? null) : null,
  };
}

function stampLimits(deps: CheckInDeps, now: Date): StampLimits {
  return {
    perParticipantPerMinute: STAMPS_PER_MINUTE,
    perAddressPerMinute: deps.stampsPerAddressPerMinute,
    sharedDeviceParticipants: SHARED_DEVICE_PARTICIPANTS,
    maxSpeedMPerS: MAX_SPEED_M_PER_S,
    speedMinMetres: SPEED_MIN_METRES,
    now,
  };
}

function sourceHashes(keys: RallyKeys, org: string, campaignId: string, source: VisitorSource) {
  return {
    addressHash: keys.sourceHash(org, campaignId, 'address', source.address),
    deviceHash: keys.sourceHash(org, campaignId, 'device', source.device),
  };
}

/** The answer to a stamp call: the stamp (new or there before), or why there is none. */
function stampOutcome(
  result: StampResult,
  checkpointId: string,
  total: number,
  lang: Language,
): CheckInOutcome {
  switch (result.kind) {
    case 'voided':
      return { ok: false, error: refusal('stamp_voided', lang) };
    case 'participant_limited':
      return { ok: false, error: refusal('rate_limited', lang) };
    case 'address_limited':
      return { ok: false, error: refusal('rate_limited', lang, { scope: 'address' }) };
    default:
      return {
        ok: true,
        checkpointId,
        alreadyStamped: result.kind === 'exists',
        stampedAt: result.stampedAt.toISOString(),
        flags: result.flags,
        stamps: result.stamps,
        total,
      };
  }
}

/**
 * Campaigns and checkpoints as earlier check-ins read them, per app (its keys) and by
 * organisation, slug and checkpoint: what the one-call way checks a proof against. Never trusted
 * for the answer: the database checks that it still holds (recordKnownCheckIn).
 */
const knownCheckpoints = new WeakMap<
  RallyKeys,
  Map<string, { campaign: CheckInCampaign; checkpoint: CheckInCheckpoint }>
>();
const KNOWN_CHECKPOINTS_MAX = 1000;

function knownFor(keys: RallyKeys) {
  let known = knownCheckpoints.get(keys);
  if (!known) {
    known = new Map();
    knownCheckpoints.set(keys, known);
  }
  return known;
}

type KnownRecorder = (
  known: Parameters<typeof recordKnownCheckIn>[2],
  values: Parameters<typeof recordKnownCheckIn>[3],
  limits: StampLimits,
) => ReturnType<typeof recordKnownCheckIn>;

/**
 * A check-in in one database call, for the usual case: a checkpoint an earlier check-in read,
 * proved by QR token or location, on an open campaign. Null when it cannot be decided that way
 * (nothing known, a code method, a proof that fails, or the database finds what is known
 * changed): the two-call way then answers, with its specific refusals and audit.
 */
async function checkInKnown(
  org: string,
  deps: CheckInDeps,
  slug: string,
  ids: CheckInIds,
  visitor: { source: VisitorSource },
  input: CheckInInput,
  now: Date,
  lang: Language,
  record: KnownRecorder,
): Promise<CheckInOutcome | null> {
  const { checkpointId, participantId, secret } = ids;
  if (!checkpointId || !participantId || !secret) return null;
  const known = knownFor(deps.keys).get(`${org}\n${slug}\n${checkpointId}`);
  if (!known) return null;
  const { campaign, checkpoint } = known;
  if (checkpoint.method === 'staff_code' || checkpoint.method === 'rotating_code') return null;
  if (openState(campaign, now) || proofProblem(org, deps.keys, campaign, checkpoint, input, now)) return null;
  const result = await record(
    { slug, campaign, checkpoint, participant: { id: participantId, secretHash: sha256Hex(secret) } },
    { ...stampPlace(checkpoint, input), ...sourceHashes(deps.keys, org, campaign.id, visitor.source) },
    stampLimits(deps, now),
  );
  return result.kind === 'recheck' ? null : stampOutcome(result, checkpoint.id, result.total, lang);
}

type CheckInIds = { checkpointId: string | null; participantId: string | null; secret: string | undefined };

function checkInIds(cookie: string | undefined, input: CheckInInput): CheckInIds {
  const [cookieId, secret] = (cookie ?? '').split('.');
  return {
    checkpointId: isUuid(input.checkpointId) ? input.checkpointId : null,
    participantId: cookieId && isUuid(cookieId) ? cookieId : null,
    secret,
  };
}

type Visitor = { cookie: string | undefined; source: VisitorSource };

/**
 * A check-in in one database call when it can be (see checkInKnown), else from the database's rows
 * (checkInRead) in the transaction `read` runs it in.
 */
async function checkInEither(
  org: string,
  deps: CheckInDeps,
  slug: string,
  visitor: Visitor,
  input: CheckInInput,
  lang: Language,
  record: KnownRecorder,
  read: (run: (ctx: TenantContext) => Promise<CheckInOutcome>) => Promise<CheckInOutcome>,
): Promise<CheckInOutcome> {
  const ids = checkInIds(visitor.cookie, input);
  const now = new Date();
  // Under a burst, round trips and planning are what a check-in costs: one call when it can be.
  const once = await checkInKnown(org, deps, slug, ids, visitor, input, now, lang, record);
  return once ?? read((ctx) => checkInRead(ctx, deps, slug, ids, visitor, input, now, lang));
}

/**
 * One check-in. Refusals come back as an outcome, not a throw, so that the security events among
 * them (forged or rotated tokens, wrong staff codes) commit in the audit log while nothing else is
 * written. A repeated check-in answers the stamp already there (idempotent).
 */
export function checkIn(
  ctx: TenantContext,
  deps: CheckInDeps,
  slug: string,
  visitor: Visitor,
  input: CheckInInput,
  lang: Language,
): Promise<CheckInOutcome> {
  const org = ctx.scope.org;
  const record: KnownRecorder = (known, values, limits) =>
    recordKnownCheckIn(ctx.tx, org, known, values, limits);
  return checkInEither(org, deps, slug, visitor, input, lang, record, (run) => run(ctx));
}

/**
 * checkIn for a route without a transaction of its own ('published'): a check-in at a checkpoint
 * this node has already read is one statement that commits before it answers; any other opens
 * the transaction checkIn would have had.
 */
export function checkInOnItsOwn(
  ctx: PublishedContext,
  db: Database,
  deps: CheckInDeps,
  slug: string,
  visitor: Visitor,
  input: CheckInInput,
  lang: Language,
): Promise<CheckInOutcome> {
  const org = ctx.scope.org;
  const record: KnownRecorder = (known, values, limits) =>
    recordKnownCheckInAlone(db, org, known, values, limits);
  return checkInEither(org, deps, slug, visitor, input, lang, record, (run) => ctx.transaction(run));
}

/** A check-in from the database's rows: every refusal with its reason, audited where it is a security event. */
async function checkInRead(
  ctx: TenantContext,
  deps: CheckInDeps,
  slug: string,
  ids: CheckInIds,
  visitor: { source: VisitorSource },
  input: CheckInInput,
  now: Date,
  lang: Language,
): Promise<CheckInOutcome> {
  const { keys } = deps;
  const org = ctx.scope.org;
  const secret = ids.secret;
  const rows = await loadCheckInRows(ctx.tx, org, slug, ids.checkpointId, ids.participantId);
  const campaign = rows?.campaign;
  if (!rows || !campaign || campaign.status === 'draft' || campaign.status === 'archived') {
    if (!campaign || campaign.status === 'archived') throw Errors.notFound();
    return { ok: false, error: refusal('campaign_not_open', lang) };
  }
  // Another organisation's (or campaign's) checkpoint id is simply not found here.
  const { checkpoint } = rows;
  if (!checkpoint) throw Errors.notFound();
  const known = knownFor(keys);
  if (known.size >= KNOWN_CHECKPOINTS_MAX) known.clear();
  known.set(`${org}\n${slug}\n${checkpoint.id}`, { campaign, checkpoint });
  const closed = openState(campaign, now);
  if (closed) return { ok: false, error: refusal(closed, lang) };
  // Both sides are hex SHA-256 of the same length; a mismatch tells nothing useful.
  const participant =
    rows.participant && secret && rows.participant.secret_hash === sha256Hex(secret)
      ? rows.participant
      : null;
  if (!participant) return { ok: false, error: refusal('not_joined', lang) };
  const source = sourceHashes(keys, org, campaign.id, visitor.source);
  // A 6-digit code must not be found by trying: after a few wrong ones from an address, its code
  // check-ins for the campaign wait (counted across nodes; the wrong codes are audited below).
  const byCode = checkpoint.method === 'staff_code' || checkpoint.method === 'rotating_code';
  if (
    byCode &&
    (await recentCodeFailures(ctx.tx, org, campaign.id, source.addressHash)) >= CODE_FAILURES_ALLOWED
  )
    return { ok: false, error: refusal('rate_limited', lang, { scope: 'address' }) };
  const problem = proofProblem(org, keys, campaign, checkpoint, input, now);
  if (problem) {
    if (problem.reason === 'staff_code_wrong')
      await bumpCodeFailures(ctx.tx, org, campaign.id, source.addressHash);
    if (
      problem.reason === 'token_forged' ||
      problem.reason === 'token_rotated' ||
      problem.reason === 'staff_code_wrong'
    ) {
      await audit(ctx, {
        action: 'rally.check_in.refused',
        outcome: 'denied',
        target: { type: 'rally_checkpoint', id: checkpoint.id },
        details: { campaignId: campaign.id, participantId: participant.id, reason: problem.reason },
      });
    }
    return { ok: false, error: refusal(problem.reason, lang, problem.details) };
  }
  // The retry, the limits, the speed and shared-device flags and the insert: one call.
  const result = await recordStamp(
    ctx.tx,
    org,
    {
      campaignId: campaign.id,
      participantId: participant.id,
      checkpoint,
      ...stampPlace(checkpoint, input),
      ...source,
    },
    stampLimits(deps, now),
  );
  return stampOutcome(result, checkpoint.id, rows.total, lang);
}

export interface StampCard {
  campaign: CampaignRow;
  checkpoints: (CheckpointRow & { stampedAt: Date | null })[];
  stamps: number;
}

/** The participant's card; null when the cookie names no participant of this campaign. */
export async function stampCard(
  ctx: TenantContext,
  slug: string,
  cookie: string | undefined,
): Promise<StampCard | null> {
  const { campaign, checkpoints } = await visibleCampaign(ctx, slug);
  const participant = await participantOf(ctx, campaign, cookie);
  if (!participant) return null;
  const stamps = new Map(
    (await listParticipantStamps(ctx.tx, ctx.scope.org, participant.id))
      .filter((s) => !s.voided_at)
      .map((s) => [s.checkpoint_id, s.stamped_at]),
  );
  return {
    campaign,
    checkpoints: checkpoints.map((c) => ({ ...c, stampedAt: stamps.get(c.id) ?? null })),
    stamps: stamps.size,
  };
}

/** The checkpoint to go to next, and how far it is from the last stamp (null without one). */
export interface NextCheckpoint {
  checkpoint: StampCard['checkpoints'][number];
  distanceM: number | null;
}

/**
 * The nearest checkpoint not stamped yet, measured from where the visitor last checked in (the
 * checkpoint of their latest stamp); before the first stamp, the first one in the list. Null when
 * every checkpoint is stamped.
 */
export function nextCheckpoint(card: StampCard): NextCheckpoint | null {
  const open = card.checkpoints.filter((c) => !c.stampedAt);
  const last = card.checkpoints
    .filter((c) => c.stampedAt)
    .sort((a, b) => b.stampedAt!.getTime() - a.stampedAt!.getTime())[0];
  if (!open[0]) return null;
  if (!last) return { checkpoint: open[0], distanceM: null };
  let best: NextCheckpoint = { checkpoint: open[0], distanceM: distanceMetres(last, open[0]) };
  for (const c of open.slice(1)) {
    const metres = distanceMetres(last, c);
    if (metres < best.distanceM!) best = { checkpoint: c, distanceM: metres };
  }
  return best;
}

/** The campaigns running now, for links on the site (public: only published ones). */
export async function runningCampaigns(
  ctx: TenantContext,
): Promise<{ slug: string; name: Record<string, string> }[]> {
  const rows = await listRunningCampaignRows(ctx.tx, ctx.scope.org, new Date());
  return rows.map((r) => ({ slug: r.slug, name: r.texts.name ?? {} }));
}
