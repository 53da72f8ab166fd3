import type { Selectable } from 'kysely';
import { addListedOrganisations, listedOrganisations } from '../../db/organisation-lists.js';
import { findRowById } from '../../db/own-rows.js';
import type { IncidentStatus, IncidentsTable, IncidentUpdatesTable } from '../../db/schema-notices.js';
import type { Tx } from '../../db/scope.js';

export type IncidentRow = Selectable<IncidentsTable>;
export type IncidentUpdateRow = Selectable<IncidentUpdatesTable>;

export async function insertIncident(
  tx: Tx,
  row: Omit<IncidentRow, 'id' | 'opened_at' | 'resolved_at' | 'report' | 'report_at'>,
): Promise<IncidentRow> {
  return tx
    .insertInto('provider.incidents')
    .values({ ...row, functions: row.functions })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertIncidentOrganisations(tx: Tx, incidentId: string, orgs: string[]): Promise<void> {
  await addListedOrganisations(tx, 'provider.incident_organisations', 'incident_id', incidentId, orgs);
}

export async function listIncidentOrganisations(tx: Tx, incidentId: string): Promise<string[]> {
  return listedOrganisations(tx, 'provider.incident_organisations', 'incident_id', incidentId);
}

export async function insertIncidentUpdate(
  tx: Tx,
  row: Omit<IncidentUpdateRow, 'id' | 'created_at'>,
): Promise<IncidentUpdateRow> {
  return tx.insertInto('provider.incident_updates').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The incident, locked when it is about to change (one update at a time). */
export async function findIncident(tx: Tx, id: string, lock = false): Promise<IncidentRow | undefined> {
  return findRowById(tx, 'provider.incidents', id, lock);
}

/** Incidents newest first: every one the scope may see (row-level security narrows an organisation's). */
export async function listIncidents(tx: Tx, only: { open?: boolean; limit: number }): Promise<IncidentRow[]> {
  let query = tx.selectFrom('provider.incidents').selectAll().orderBy('opened_at', 'desc').limit(only.limit);
  if (only.open) query = query.where('status', '<>', 'resolved');
  return query.execute();
}

export async function listIncidentUpdates(tx: Tx, incidentIds: string[]): Promise<IncidentUpdateRow[]> {
  if (incidentIds.length === 0) return [];
  return tx
    .selectFrom('provider.incident_updates')
    .selectAll()
    .where('incident_id', 'in', incidentIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function setIncidentStatus(tx: Tx, id: string, status: IncidentStatus, at: Date): Promise<void> {
  await tx
    .updateTable('provider.incidents')
    .set({ status, resolved_at: status === 'resolved' ? at : null })
    .where('id', '=', id)
    .execute();
}

export async function setIncidentReport(
  tx: Tx,
  id: string,
  report: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await tx
    .updateTable('provider.incidents')
    .set({ report: JSON.stringify(report), report_at: at })
    .where('id', '=', id)
    .execute();
}
