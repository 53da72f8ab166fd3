import { type Selectable, sql } from 'kysely';
import { ownRows } from '../../db/own-rows.js';
import type { RallyApplicationsTable } from '../../db/schema-rally.js';
import type { Tx } from '../../db/scope.js';

/** The prize applications of the stamp rally (`tenant.rally_applications`). */

export type ApplicationRow = Selectable<RallyApplicationsTable>;

/** The application a participant made in a campaign (at most one). */
export async function findApplicationOf(
  tx: Tx,
  org: string,
  campaignId: string,
  participantId: string,
): Promise<ApplicationRow | undefined> {
  return ownRows(tx, 'tenant.rally_applications', org)
    .where('campaign_id', '=', campaignId)
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
}

/** A tier's applications that hold a place: confirmed ones, and pending ones not yet lapsed. */
export async function countTierApplications(
  tx: Tx,
  org: string,
  campaignId: string,
  tierId: string,
  now: Date,
): Promise<number> {
  const row = await tx
    .selectFrom('tenant.rally_applications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org', '=', org)
    .where('campaign_id', '=', campaignId)
    .where('tier_id', '=', tierId)
    .where((eb) => eb.or([eb('status', '<>', 'pending'), eb('confirm_by', '>', now)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewApplication {
  id: string;
  campaignId: string;
  participantId: string;
  tierId: string;
  answers: Record<string, unknown>;
  personalSealed: string;
  keyVersion: number;
  confirmBy: Date;
}

/** The application, or undefined when the participant has applied already (the unique key). */
export async function insertApplication(
  tx: Tx,
  org: string,
  values: NewApplication,
): Promise<{ id: string; created_at: Date } | undefined> {
  return tx
    .insertInto('tenant.rally_applications')
    .values({
      org,
      id: values.id,
      campaign_id: values.campaignId,
      participant_id: values.participantId,
      tier_id: values.tierId,
      answers: JSON.stringify(values.answers),
      personal_sealed: values.personalSealed,
      key_version: values.keyVersion,
      status: 'pending',
      confirm_by: values.confirmBy,
    })
    .onConflict((oc) => oc.columns(['org', 'campaign_id', 'participant_id']).doNothing())
    .returning(['id', 'created_at'])
    .executeTakeFirst();
}

/** A pending application whose confirmation time ran out (the participant applies again). */
export async function deleteLapsedApplication(tx: Tx, org: string, id: string, now: Date): Promise<boolean> {
  const result = await tx
    .deleteFrom('tenant.rally_applications')
    .where('org', '=', org)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('confirm_by', '<=', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Takes back a pending application whose confirmation mail could not be sent. */
export async function deletePendingApplication(tx: Tx, org: string, id: string): Promise<void> {
  await tx
    .deleteFrom('tenant.rally_applications')
    .where('org', '=', org)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** Pending → applied while the deadline holds; undefined otherwise (confirmed already or lapsed). */
export async function confirmApplicationRow(
  tx: Tx,
  org: string,
  id: string,
  now: Date,
): Promise<{ confirmed_at: Date | null } | undefined> {
  return tx
    .updateTable('tenant.rally_applications')
    .set({ status: 'applied', confirmed_at: now })
    .where('org', '=', org)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('confirm_by', '>', now)
    .returning('confirmed_at')
    .executeTakeFirst();
}

export async function listApplications(tx: Tx, org: string, campaignId: string): Promise<ApplicationRow[]> {
  return ownRows(tx, 'tenant.rally_applications', org)
    .where('campaign_id', '=', campaignId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(100_000)
    .execute();
}

/** Draws `quantity` winners among a tier's open applications at random; the rest lose. */
export async function drawTier(
  tx: Tx,
  org: string,
  campaignId: string,
  tierId: string,
  quantity: number,
): Promise<{ won: number; lost: number }> {
  const won = await sql<{ id: string }>`
    UPDATE tenant.rally_applications SET status = 'won'
     WHERE org = ${org} AND id IN (
       SELECT id FROM tenant.rally_applications
        WHERE org = ${org} AND campaign_id = ${campaignId} AND tier_id = ${tierId} AND status = 'applied'
        ORDER BY random() LIMIT ${quantity})
    RETURNING id`.execute(tx);
  const lost = await tx
    .updateTable('tenant.rally_applications')
    .set({ status: 'lost' })
    .where('org', '=', org)
    .where('campaign_id', '=', campaignId)
    .where('tier_id', '=', tierId)
    .where('status', '=', 'applied')
    .executeTakeFirst();
  return { won: won.rows.length, lost: Number(lost.numUpdatedRows) };
}

/** Removes the personal data of a campaign's applicants; the survey answers stay. */
export async function erasePersonalData(tx: Tx, org: string, campaignId: string): Promise<number> {
  const result = await tx
    .updateTable('tenant.rally_applications')
    .set({ personal_sealed: null, key_version: null })
    .where('org', '=', org)
    .where('campaign_id', '=', campaignId)
    .where('personal_sealed', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Survey answers of a campaign's confirmed applications (statistics; nothing personal). */
export async function listAnswers(
  tx: Tx,
  org: string,
  campaignId: string,
): Promise<{ tier_id: string; answers: Record<string, unknown> }[]> {
  return tx
    .selectFrom('tenant.rally_applications')
    .select(['tier_id', 'answers'])
    .where('org', '=', org)
    .where('campaign_id', '=', campaignId)
    .where('status', '<>', 'pending')
    .limit(100_000)
    .execute();
}
