import { type Selectable, sql, type Updateable } from 'kysely';
import { type Database, preparedQuery } from '../../db/database.js';
import { findOwnRow, ownRows, updateOwnRow } from '../../db/own-rows.js';
import type {
  CampaignStatus,
  CheckInMethod,
  RallyCampaignsTable,
  RallyCheckpointsTable,
  RallyParticipantsTable,
  RallyTables,
} from '../../db/schema-rally.js';
import { type Tx, withTenant } from '../../db/scope.js';

/** Owner of the stamp rally's tables: campaigns, checkpoints, participants and stamps. */

export type CampaignRow = Selectable<RallyCampaignsTable>;
export type CheckpointRow = Selectable<RallyCheckpointsTable>;
export type ParticipantRow = Selectable<RallyParticipantsTable>;

export async function listCampaignRows(tx: Tx, org: string): Promise<CampaignRow[]> {
  return ownRows(tx, 'tenant.rally_campaigns', org)
    .orderBy('starts_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
}

export async function findCampaign(
  tx: Tx,
  org: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<CampaignRow | undefined> {
  return findOwnRow(tx, 'tenant.rally_campaigns', org, id, options.forUpdate);
}

export async function findCampaignBySlug(
  tx: Tx,
  org: string,
  slug: string,
): Promise<CampaignRow | undefined> {
  return ownRows(tx, 'tenant.rally_campaigns', org).where('slug', '=', slug).executeTakeFirst();
}

export interface CampaignValues {
  slug: string;
  texts: Record<string, Record<string, string>>;
  startsAt: Date;
  endsAt: Date;
  retentionDays: number;
}

export async function insertCampaign(
  tx: Tx,
  org: string,
  id: string,
  values: CampaignValues,
  sealedKey: string,
): Promise<CampaignRow> {
  return tx
    .insertInto('tenant.rally_campaigns')
    .values({
      org,
      id,
      slug: values.slug,
      texts: JSON.stringify(values.texts),
      starts_at: values.startsAt,
      ends_at: values.endsAt,
      retention_days: values.retentionDays,
      sealed_key: sealedKey,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * `UPDATE rally_campaigns SET …, version = version + 1 WHERE org AND id`: a change that makes a
 * new version of the campaign (the history numbers it), returning the row as it now is.
 */
function newCampaignVersion(tx: Tx, org: string, id: string, changes: Updateable<RallyCampaignsTable>) {
  return tx
    .updateTable('tenant.rally_campaigns')
    .set({ ...changes, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('org', '=', org)
    .where('id', '=', id)
    .returningAll();
}

/**
 * Saves the campaign when it is still at `version`; undefined when someone saved in between.
 * Prize tiers and survey only when given (a restore brings them back with the texts).
 */
export async function updateCampaignRow(
  tx: Tx,
  org: string,
  id: string,
  version: number,
  values: CampaignValues & { prizeTiers?: unknown[]; survey?: unknown[] },
): Promise<CampaignRow | undefined> {
  return newCampaignVersion(tx, org, id, {
    slug: values.slug,
    texts: JSON.stringify(values.texts),
    starts_at: values.startsAt,
    ends_at: values.endsAt,
    retention_days: values.retentionDays,
    ...(values.prizeTiers ? { prize_tiers: JSON.stringify(values.prizeTiers) } : {}),
    ...(values.survey ? { survey: JSON.stringify(values.survey) } : {}),
  })
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function setCampaignStatus(
  tx: Tx,
  org: string,
  id: string,
  status: CampaignStatus,
): Promise<CampaignRow> {
  return newCampaignVersion(tx, org, id, {
    status,
    ...(status === 'published' ? { published_at: new Date() } : {}),
  }).executeTakeFirstOrThrow();
}

/** A new version for a change of the campaign's checkpoints (the history numbers it). */
export async function bumpCampaignVersion(tx: Tx, org: string, id: string): Promise<CampaignRow> {
  return newCampaignVersion(tx, org, id, {}).executeTakeFirstOrThrow();
}

export async function replaceCampaignKey(
  tx: Tx,
  org: string,
  id: string,
  keyVersion: number,
  sealedKey: string,
): Promise<void> {
  await updateOwnRow(tx, 'tenant.rally_campaigns', org, id, {
    key_version: keyVersion,
    sealed_key: sealedKey,
    updated_at: new Date(),
  });
}

export async function listCheckpointRows(tx: Tx, org: string, campaignId: string): Promise<CheckpointRow[]> {
  return ownRows(tx, 'tenant.rally_checkpoints', org)
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** The rally's tables whose rows belong to one campaign and have an id of their own. */
type CampaignChildTable =
  | 'tenant.rally_checkpoints'
  | 'tenant.rally_participants'
  | 'tenant.rally_applications';

/**
 * One row of a campaign's own table by id, or undefined: the lookup every operation starts from,
 * always scoped by organisation and campaign (an id of another campaign is not found).
 */
export async function findInCampaign<T extends CampaignChildTable>(
  tx: Tx,
  table: T,
  org: string,
  campaignId: string,
  id: string,
): Promise<Selectable<RallyTables[T]> | undefined> {
  // By primary key, the campaign checked here: with the campaign in the query, the planner may
  // take the (org, campaign, recovery code) index and read every participant of the campaign
  // (it does while a burst of new rows has outrun the table's statistics).
  const row = await tx
    .selectFrom(table as CampaignChildTable)
    .selectAll()
    .where('org', '=', org)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.campaign_id === campaignId ? (row as Selectable<RallyTables[T]>) : undefined;
}

export interface CheckpointValues {
  spotId: string | null;
  name: Record<string, string>;
  lat: number;
  lng: number;
  method: CheckInMethod;
  radiusM: number;
}

/** A checkpoint's columns from its values (one mapping for insert, update and restore). */
const checkpointColumns = (values: CheckpointValues) => ({
  spot_id: values.spotId,
  name: JSON.stringify(values.name),
  lat: values.lat,
  lng: values.lng,
  method: values.method,
  radius_m: values.radiusM,
});

export async function insertCheckpoint(
  tx: Tx,
  org: string,
  campaignId: string,
  values: CheckpointValues,
): Promise<CheckpointRow> {
  return tx
    .insertInto('tenant.rally_checkpoints')
    .values((eb) => ({
      org,
      campaign_id: campaignId,
      position: eb
        .selectFrom('tenant.rally_checkpoints')
        .select(sql<number>`coalesce(max(position) + 1, 0)`.as('next'))
        .where('org', '=', org)
        .where('campaign_id', '=', campaignId),
      ...checkpointColumns(values),
    }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateCheckpointRow(
  tx: Tx,
  org: string,
  campaignId: string,
  id: string,
  values: CheckpointValues,
): Promise<CheckpointRow | undefined> {
  return tx
    .updateTable('tenant.rally_checkpoints')
    .set(checkpointColumns(values))
    .where('org', '=', org)
    .where('campaign_id', '=', campaignId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * A checkpoint as a revision had it, under its own id and at `position`: changed in place when it
 * is still there, written again when a draft's restore brings back a removed one.
 */
export async function restoreCheckpointRow(
  tx: Tx,
  org: string,
  campaignId: string,
  id: string,
  position: number,
  values: CheckpointValues,
): Promise<void> {
  const row = { ...checkpointColumns(values), position };
  await tx
    .insertInto('tenant.rally_checkpoints')
    .values({ org, id, campaign_id: campaignId, ...row })
    .onConflict((oc) =>
      oc
        .columns(['org', 'id'])
        .doUpdateSet(row)
        .where('tenant.rally_checkpoints.campaign_id', '=', campaignId),
    )
    .execute();
}

/** Moves checkpoints to new positions (a restore puts the ones it keeps after the restored ones). */
export async function moveCheckpointRow(
  tx: Tx,
  org: string,
  campaignId: string,
  id: string,
  position: number,
): Promise<void> {
  await tx
    .updateTable('tenant.rally_checkpoints')
    .set({ position })
    .where('org', '=', org)
    .where('campaign_id', '=', campaignId)
    .where('id', '=', id)
    .execute();
}

export async function deleteCheckpointRow(
  tx: Tx,
  org: string,
  campaignId: string,
  id: string,
): Promise<boolean> {
  const result = await tx
    .deleteFrom('tenant.rally_checkpoints')
    .where('org', '=', org)
    .where('campaign_id', '=', campaignId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertParticipant(
  tx: Tx,
  org: string,
  campaignId: string,
  values: { secretHash: string; recoveryHash: string; lang: string },
): Promise<ParticipantRow> {
  return tx
    .insertInto('tenant.rally_participants')
    .values({
      org,
      campaign_id: campaignId,
      secret_hash: values.secretHash,
      recovery_hash: values.recoveryHash,
      lang: values.lang,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A participant by recovery code; a new cookie secret replaces the old one in the same step. */
export async function recoverParticipant(
  tx: Tx,
  org: string,
  campaignId: string,
  recoveryHash: string,
  secretHash: string,
): Promise<ParticipantRow | undefined> {
  return tx
    .updateTable('tenant.rally_participants')
    .set({ secret_hash: secretHash })
    .where('org', '=', org)
    .where('campaign_id', '=', campaignId)
    .where('recovery_hash', '=', recoveryHash)
    .returningAll()
    .executeTakeFirst();
}

export interface StampValues {
  campaignId: string;
  participantId: string;
  /** The checkpoint as the check-in read it (the speed check measures from its position). */
  checkpoint: Pick<CheckpointRow, 'id' | 'method' | 'lat' | 'lng'>;
  lat: number | null;
  lng: number | null;
  accuracyM: number | null;
  addressHash: string;
  deviceHash: string;
}

export interface StampRow {
  checkpoint_id: string;
  stamped_at: Date;
  method: CheckInMethod;
  flags: string[];
  voided_at: Date | null;
  /** Where the stamp's checkpoint is (the speed check compares consecutive stamps). */
  lat: number;
  lng: number;
}

/** A participant's stamps, oldest first: at most one per checkpoint, so a short list. */
export async function listParticipantStamps(tx: Tx, org: string, participantId: string): Promise<StampRow[]> {
  return tx
    .selectFrom('tenant.rally_stamps as s')
    .innerJoin('tenant.rally_checkpoints as c', (j) =>
      j.onRef('c.org', '=', 's.org').onRef('c.id', '=', 's.checkpoint_id'),
    )
    .select(['s.checkpoint_id', 's.stamped_at', 's.method', 's.flags', 's.voided_at', 'c.lat', 'c.lng'])
    .where('s.org', '=', org)
    .where('s.participant_id', '=', participantId)
    .orderBy('s.stamped_at')
    .execute();
}

/** The campaign columns a check-in needs: not its texts, prizes or survey (JSON parsed per request). */
export type CheckInCampaign = Pick<
  CampaignRow,
  'org' | 'id' | 'slug' | 'status' | 'starts_at' | 'ends_at' | 'key_version' | 'sealed_key'
>;

/** The checkpoint columns a check-in needs (its proof and, for location methods, its circle). */
export type CheckInCheckpoint = Pick<CheckpointRow, 'id' | 'method' | 'lat' | 'lng' | 'radius_m'>;

export interface CheckInRows {
  campaign: CheckInCampaign;
  /** Undefined when the id is not one of this campaign's checkpoints. */
  checkpoint: CheckInCheckpoint | undefined;
  /** Undefined when the cookie's id is not a participant of this campaign. */
  participant: Pick<ParticipantRow, 'id' | 'secret_hash'> | undefined;
  /** How many checkpoints the campaign has. */
  total: number;
}

/**
 * A check-in's reads in one call (migration 0075, its plan kept by the session): the campaign by
 * slug, the checkpoint and the participant the request names, and the number of checkpoints.
 * Ids must be UUIDs or null.
 */
export async function loadCheckInRows(
  tx: Tx,
  org: string,
  slug: string,
  checkpointId: string | null,
  participantId: string | null,
): Promise<CheckInRows | undefined> {
  const { rows } = await sql<{
    campaign_id: string;
    status: CampaignStatus;
    starts_at: Date;
    ends_at: Date;
    key_version: number;
    sealed_key: string;
    checkpoint_method: CheckInMethod | null;
    checkpoint_lat: number | null;
    checkpoint_lng: number | null;
    checkpoint_radius_m: number | null;
    participant_secret_hash: string | null;
    checkpoints: number;
  }>`SELECT * FROM tenant.rally_check_in_rows(${org}, ${slug}, ${checkpointId}::uuid, ${participantId}::uuid)`.execute(
    tx,
  );
  const row = rows[0];
  if (!row) return undefined;
  const k = row.checkpoint_method;
  return {
    campaign: {
      org,
      id: row.campaign_id,
      slug,
      status: row.status,
      starts_at: row.starts_at,
      ends_at: row.ends_at,
      key_version: row.key_version,
      sealed_key: row.sealed_key,
    },
    checkpoint:
      checkpointId && k
        ? {
            id: checkpointId,
            method: k,
            lat: row.checkpoint_lat!,
            lng: row.checkpoint_lng!,
            radius_m: row.checkpoint_radius_m!,
          }
        : undefined,
    participant:
      participantId && row.participant_secret_hash
        ? { id: participantId, secret_hash: row.participant_secret_hash }
        : undefined,
    total: row.checkpoints,
  };
}

/** How far back one device stamping for many participants at a checkpoint is looked for. */
export const SHARED_DEVICE_WINDOW_MS = 10 * 60_000;

export interface StampLimits {
  /** New stamps per minute for one participant. */
  perParticipantPerMinute: number;
  /** New stamps per minute from one address in the campaign. */
  perAddressPerMinute: number;
  /** This many participants at the checkpoint from one device within the window is flagged. */
  sharedDeviceParticipants: number;
  /** Faster than this between two stamps further apart than speedMinMetres is flagged. */
  maxSpeedMPerS: number;
  speedMinMetres: number;
  now: Date;
}

export type StampResult =
  /** The stamp is new; its flags as stored. */
  | { kind: 'stamped'; stampedAt: Date; flags: string[]; stamps: number }
  /** The stamp was there (a retry, or a double tap that raced this one): that one. */
  | { kind: 'exists'; stampedAt: Date; flags: string[]; stamps: number }
  /** The stamp was there and staff voided it. */
  | { kind: 'voided' }
  /** The participant, or the address in the campaign, made too many new stamps this minute. */
  | { kind: 'participant_limited' }
  | { kind: 'address_limited' };

/**
 * A stamp for a participant whose proof was checked, with its anti-fraud checks, in one call
 * (migration 0075): the stamp already there answers a retry, else the per-minute limits, the
 * speed and shared-device flags, the idempotent insert and the participants' flags. `stamps` is
 * the participant's valid stamps afterwards. Nothing is written when a limit refuses.
 */
export async function recordStamp(
  tx: Tx,
  org: string,
  values: StampValues,
  limits: StampLimits,
): Promise<StampResult> {
  const since = new Date(limits.now.getTime() - SHARED_DEVICE_WINDOW_MS);
  const { checkpoint } = values;
  const { rows } = await sql<StampCallRow>`
    SELECT * FROM tenant.rally_record_stamp(
      ${org}, ${values.campaignId}::uuid, ${values.participantId}::uuid, ${checkpoint.id}::uuid,
      ${checkpoint.method}, ${checkpoint.lat}::double precision, ${checkpoint.lng}::double precision,
      ${values.lat}::double precision, ${values.lng}::double precision,
      ${values.accuracyM}::double precision, ${values.addressHash}, ${values.deviceHash},
      ${limits.now}::timestamptz, ${since}::timestamptz, ${limits.perParticipantPerMinute}::integer,
      ${limits.perAddressPerMinute}::integer, ${limits.sharedDeviceParticipants}::integer,
      ${limits.speedMinMetres}::double precision, ${limits.maxSpeedMPerS}::double precision)`.execute(tx);
  return stampResult(rows[0]!);
}

/** A stamp function's answer row (0075). */
type StampCallRow = {
  outcome: StampResult['kind'];
  stamped_at: Date | null;
  flags: string[] | null;
  stamps: number | null;
};

function stampResult(row: StampCallRow): StampResult {
  if (row.outcome === 'stamped' || row.outcome === 'exists')
    return { kind: row.outcome, stampedAt: row.stamped_at!, flags: row.flags ?? [], stamps: row.stamps ?? 0 };
  return { kind: row.outcome };
}

/** What the node checked the proof against on the one-call way (from an earlier check-in's read). */
export interface KnownCheckIn {
  slug: string;
  campaign: Pick<CheckInCampaign, 'id' | 'key_version'>;
  checkpoint: CheckInCheckpoint;
  participant: { id: string; secretHash: string };
}

type KnownCheckInRow = Omit<StampCallRow, 'outcome'> & {
  outcome: StampCallRow['outcome'] | 'recheck';
  checkpoints: number | null;
};
type KnownCheckInResult = { kind: 'recheck' } | (StampResult & { total: number });
type KnownCheckInValues = Pick<StampValues, 'lat' | 'lng' | 'accuracyM' | 'addressHash' | 'deviceHash'>;

/** The call of tenant.rally_check_in (0075) or of its stand-alone form (0076), with its arguments. */
function knownCheckInCall(
  fn: 'rally_check_in' | 'rally_check_in_alone',
  org: string,
  known: KnownCheckIn,
  values: KnownCheckInValues,
  limits: StampLimits,
) {
  const since = new Date(limits.now.getTime() - SHARED_DEVICE_WINDOW_MS);
  const { campaign, checkpoint, participant } = known;
  return sql<KnownCheckInRow>`
    SELECT * FROM ${sql.raw(`tenant.${fn}`)}(
      ${org}, ${known.slug}, ${campaign.id}::uuid, ${campaign.key_version}::integer,
      ${limits.now}::timestamptz, ${checkpoint.id}::uuid, ${checkpoint.method},
      ${checkpoint.lat}::double precision, ${checkpoint.lng}::double precision,
      ${checkpoint.radius_m}::integer, ${participant.id}::uuid, ${participant.secretHash},
      ${values.lat}::double precision, ${values.lng}::double precision,
      ${values.accuracyM}::double precision, ${values.addressHash}, ${values.deviceHash},
      ${since}::timestamptz, ${limits.perParticipantPerMinute}::integer,
      ${limits.perAddressPerMinute}::integer, ${limits.sharedDeviceParticipants}::integer,
      ${limits.speedMinMetres}::double precision, ${limits.maxSpeedMPerS}::double precision)`;
}

function knownCheckInResult(row: KnownCheckInRow): KnownCheckInResult {
  const { outcome } = row;
  if (outcome === 'recheck') return { kind: 'recheck' };
  return { ...stampResult({ ...row, outcome }), total: row.checkpoints ?? 0 };
}

/**
 * The whole check-in in one call (migration 0075) when what the node knows still holds in the
 * database: the campaign (same id and key version, published and open at `now`), the checkpoint
 * (the campaign's, same method and circle) and the participant (the campaign's, same secret).
 * Then the stamp as recordStamp makes it, with the campaign's number of checkpoints; otherwise
 * 'recheck' and nothing written.
 */
export async function recordKnownCheckIn(
  tx: Tx,
  org: string,
  known: KnownCheckIn,
  values: KnownCheckInValues,
  limits: StampLimits,
): Promise<KnownCheckInResult> {
  const { rows } = await knownCheckInCall('rally_check_in', org, known, values, limits).execute(tx);
  return knownCheckInResult(rows[0]!);
}

/**
 * recordKnownCheckIn without a transaction of the caller's: on PostgreSQL one statement that sets
 * the organisation's row-level-security scope itself and commits before it answers (two round
 * trips fewer under a burst); on PGlite, whose one session runs as superuser outside a scoped
 * transaction, inside one.
 */
export async function recordKnownCheckInAlone(
  db: Database,
  org: string,
  known: KnownCheckIn,
  values: KnownCheckInValues,
  limits: StampLimits,
): Promise<KnownCheckInResult> {
  if (db.kind === 'pglite')
    return withTenant(db, org, (tx) => recordKnownCheckIn(tx, org, known, values, limits));
  // Prepared once per connection: a burst parses and plans the call's 23 arguments only once.
  const call = knownCheckInCall('rally_check_in_alone', org, known, values, limits).compile(db.kysely);
  const rows = await preparedQuery<KnownCheckInRow>(db, 'mitte_rally_check_in_alone', call);
  return knownCheckInResult(rows[0]!);
}

/** How long wrong codes from one address count against it. */
export const CODE_FAILURE_WINDOW_MINUTES = 10;

/** Wrong staff/rotating codes from the address for the campaign within the window. */
export async function recentCodeFailures(tx: Tx, org: string, campaignId: string, addressHash: string) {
  const { rows } = await sql<{ failures: number }>`
    SELECT failures FROM tenant.rally_code_failures
     WHERE org = ${org} AND campaign_id = ${campaignId} AND address_hash = ${addressHash}
       AND window_start > now() - make_interval(mins => ${CODE_FAILURE_WINDOW_MINUTES})`.execute(tx);
  return rows[0]?.failures ?? 0;
}

/** Counts one wrong code; a window that is over starts again at 1. */
export async function bumpCodeFailures(tx: Tx, org: string, campaignId: string, addressHash: string) {
  await sql`
    INSERT INTO tenant.rally_code_failures AS f (org, campaign_id, address_hash, failures)
    VALUES (${org}, ${campaignId}, ${addressHash}, 1)
    ON CONFLICT (org, campaign_id, address_hash) DO UPDATE SET
      failures = CASE WHEN f.window_start <= now() - make_interval(mins => ${CODE_FAILURE_WINDOW_MINUTES})
                      THEN 1 ELSE f.failures + 1 END,
      window_start = CASE WHEN f.window_start <= now() - make_interval(mins => ${CODE_FAILURE_WINDOW_MINUTES})
                          THEN now() ELSE f.window_start END`.execute(tx);
}

export async function voidStampRow(
  tx: Tx,
  org: string,
  campaignId: string,
  participantId: string,
  checkpointId: string,
  by: string,
  reason: string,
): Promise<boolean> {
  const result = await tx
    .updateTable('tenant.rally_stamps')
    .set({ voided_at: new Date(), voided_by: by, void_reason: reason })
    .where('org', '=', org)
    .where('campaign_id', '=', campaignId)
    .where('participant_id', '=', participantId)
    .where('checkpoint_id', '=', checkpointId)
    .where('voided_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface FlaggedParticipantRow {
  id: string;
  created_at: Date;
  flagged_at: Date;
  flag_reason: string | null;
  stamps: string;
}

export async function listFlaggedParticipants(
  tx: Tx,
  org: string,
  campaignId: string,
): Promise<FlaggedParticipantRow[]> {
  return tx
    .selectFrom('tenant.rally_participants as p')
    .leftJoin('tenant.rally_stamps as s', (j) =>
      j.onRef('s.org', '=', 'p.org').onRef('s.participant_id', '=', 'p.id').on('s.voided_at', 'is', null),
    )
    .select(['p.id', 'p.created_at', 'p.flag_reason'])
    .select(sql<Date>`p.flagged_at`.as('flagged_at'))
    .select((eb) => eb.fn.count<string>('s.checkpoint_id').as('stamps'))
    .where('p.org', '=', org)
    .where('p.campaign_id', '=', campaignId)
    .where('p.flagged_at', 'is not', null)
    .groupBy(['p.id', 'p.created_at', 'p.flagged_at', 'p.flag_reason'])
    .orderBy('p.flagged_at', 'desc')
    .limit(500)
    .execute();
}

export interface CampaignCounts {
  participants: number;
  perCheckpoint: { checkpoint_id: string; stamps: number }[];
  /** Participants by number of valid stamps (the completion funnel). */
  byStampCount: { stamps: number; participants: number }[];
  perDay: { day: string; stamps: number }[];
  /** Stamps per checkpoint and day in Japan time, by day then checkpoint (only pairs with stamps). */
  perCheckpointDay: { checkpointId: string; day: string; stamps: number }[];
  /** Stamps by hour of the day in Japan time (0–23), the campaign's peak hours. */
  perHour: { hour: number; stamps: number }[];
}

/** The days' totals from the per-checkpoint counts (which come ordered by day). */
function perDayOf(rows: readonly { day: string; stamps: number }[]): { day: string; stamps: number }[] {
  const days: { day: string; stamps: number }[] = [];
  for (const row of rows) {
    const last = days.at(-1);
    if (last?.day === row.day) last.stamps += row.stamps;
    else days.push({ day: row.day, stamps: row.stamps });
  }
  return days;
}

export async function campaignCounts(tx: Tx, org: string, campaignId: string): Promise<CampaignCounts> {
  const participants = await tx
    .selectFrom('tenant.rally_participants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org', '=', org)
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  const perCheckpoint = await tx
    .selectFrom('tenant.rally_stamps')
    .select(['checkpoint_id', (eb) => eb.fn.countAll<string>().as('stamps')])
    .where('org', '=', org)
    .where('campaign_id', '=', campaignId)
    .where('voided_at', 'is', null)
    .groupBy('checkpoint_id')
    .execute();
  const byStampCount = await sql<{ stamps: string; participants: string }>`
    SELECT n AS stamps, count(*) AS participants FROM (
      SELECT p.id, count(s.checkpoint_id) AS n
        FROM tenant.rally_participants p
        LEFT JOIN tenant.rally_stamps s
          ON s.org = p.org AND s.participant_id = p.id AND s.voided_at IS NULL
       WHERE p.org = ${org} AND p.campaign_id = ${campaignId}
       GROUP BY p.id) per
     GROUP BY n ORDER BY n`.execute(tx);
  const perCheckpointDay = await sql<{ checkpoint_id: string; day: string; stamps: string }>`
    SELECT checkpoint_id, to_char(stamped_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD') AS day,
           count(*) AS stamps
      FROM tenant.rally_stamps
     WHERE org = ${org} AND campaign_id = ${campaignId} AND voided_at IS NULL
     GROUP BY 1, 2 ORDER BY 2, 1`.execute(tx);
  const perHour = await sql<{ hour: number; stamps: string }>`
    SELECT extract(hour FROM stamped_at AT TIME ZONE 'Asia/Tokyo')::int AS hour, count(*) AS stamps
      FROM tenant.rally_stamps
     WHERE org = ${org} AND campaign_id = ${campaignId} AND voided_at IS NULL
     GROUP BY 1 ORDER BY 1`.execute(tx);
  const byCheckpointDay = perCheckpointDay.rows.map((r) => ({
    checkpointId: r.checkpoint_id,
    day: r.day,
    stamps: Number(r.stamps),
  }));
  return {
    participants: Number(participants.n),
    perCheckpoint: perCheckpoint.map((r) => ({ checkpoint_id: r.checkpoint_id, stamps: Number(r.stamps) })),
    byStampCount: byStampCount.rows.map((r) => ({
      stamps: Number(r.stamps),
      participants: Number(r.participants),
    })),
    perDay: perDayOf(byCheckpointDay),
    perCheckpointDay: byCheckpointDay,
    perHour: perHour.rows.map((r) => ({ hour: Number(r.hour), stamps: Number(r.stamps) })),
  };
}

/** Saves prize tiers and survey when the campaign is still at `version`. */
export async function updateCampaignPrizes(
  tx: Tx,
  org: string,
  id: string,
  version: number,
  prizeTiers: unknown[],
  survey: unknown[],
): Promise<CampaignRow | undefined> {
  return newCampaignVersion(tx, org, id, {
    prize_tiers: JSON.stringify(prizeTiers),
    survey: JSON.stringify(survey),
  })
    .where('version', '=', version)
    .executeTakeFirst();
}

/**
 * Campaigns whose applicants' personal data is due for deletion, locked for this pass: another
 * node's pass skips them (SKIP LOCKED) and finds them done once this one commits.
 */
export async function claimCampaignsDueForDeletion(tx: Tx, org: string, now: Date): Promise<CampaignRow[]> {
  return ownRows(tx, 'tenant.rally_campaigns', org)
    .where('personal_data_deleted_at', 'is', null)
    .where(sql<boolean>`ends_at + make_interval(days => retention_days) <= ${now}`)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markPersonalDataDeleted(tx: Tx, org: string, id: string, now: Date): Promise<void> {
  await updateOwnRow(tx, 'tenant.rally_campaigns', org, id, { personal_data_deleted_at: now });
}

/** Published campaigns running at the moment (the site's home page links them). */
export async function listRunningCampaignRows(tx: Tx, org: string, now: Date): Promise<CampaignRow[]> {
  return ownRows(tx, 'tenant.rally_campaigns', org)
    .where('status', '=', 'published')
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .orderBy('ends_at')
    .limit(5)
    .execute();
}
