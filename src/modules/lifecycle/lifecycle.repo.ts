import { sql } from 'kysely';
import type { PurgeStep } from '../../db/schema.js';
import type { Tx } from '../../db/scope.js';

export interface PurgeRecord {
  org: string;
  step: PurgeStep;
  approvedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  recipients: string[];
  rowCounts: Record<string, number> | null;
  blobFiles: number | null;
  blobBytes: number | null;
  keyVersions: number[] | null;
  chainSeq: number | null;
  chainHeadHash: string | null;
  certificate: Record<string, unknown> | null;
  mailedAt: Date | null;
}

const PURGE_COLUMNS = [
  'org',
  'step',
  'approved_by',
  'started_at',
  'finished_at',
  'recipients',
  'row_counts',
  'blob_files',
  'blob_bytes',
  'key_versions',
  'chain_seq',
  'chain_head_hash',
  'certificate',
  'mailed_at',
] as const;

const num = (v: string | number | null) => (v === null ? null : Number(v));

/**
 * The organisation's purge, optionally locked: `skipLocked` answers undefined while another node
 * works on it, so each step runs once however many nodes try.
 */
export async function findPurge(
  tx: Tx,
  org: string,
  lock: 'none' | 'skipLocked' = 'none',
): Promise<PurgeRecord | undefined> {
  let query = tx
    .selectFrom('provider.organisation_purges')
    .select(PURGE_COLUMNS)
    .where('org', '=', org)
    .where('superseded_at', 'is', null);
  if (lock === 'skipLocked') query = query.forUpdate().skipLocked();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return {
    org: row.org,
    step: row.step,
    approvedBy: row.approved_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    recipients: row.recipients,
    rowCounts: row.row_counts,
    blobFiles: num(row.blob_files),
    blobBytes: num(row.blob_bytes),
    keyVersions: row.key_versions,
    chainSeq: num(row.chain_seq),
    chainHeadHash: row.chain_head_hash,
    certificate: row.certificate,
    mailedAt: row.mailed_at,
  };
}

export async function listPurges(tx: Tx): Promise<PurgeRecord[]> {
  const rows = await tx
    .selectFrom('provider.organisation_purges')
    .select('org')
    .where('superseded_at', 'is', null)
    .execute();
  const out: PurgeRecord[] = [];
  for (const { org } of rows) {
    const record = await findPurge(tx, org);
    if (record) out.push(record);
  }
  return out;
}

export async function insertPurge(
  tx: Tx,
  purge: { org: string; approvedBy: string; recipients: string[] },
): Promise<void> {
  await tx
    .insertInto('provider.organisation_purges')
    .values({ org: purge.org, step: 'rows', approved_by: purge.approvedBy, recipients: purge.recipients })
    .execute();
}

export async function advancePurge(
  tx: Tx,
  org: string,
  step: PurgeStep,
  facts: {
    rowCounts?: Record<string, number>;
    blobFiles?: number;
    blobBytes?: number;
    keyVersions?: number[];
    chainSeq?: number;
    chainHeadHash?: string | null;
    certificate?: unknown;
    certificatePdf?: Buffer;
    finishedAt?: Date;
  } = {},
): Promise<void> {
  await tx
    .updateTable('provider.organisation_purges')
    .set({
      step,
      ...(facts.rowCounts ? { row_counts: JSON.stringify(facts.rowCounts) } : {}),
      ...(facts.blobFiles === undefined ? {} : { blob_files: facts.blobFiles }),
      ...(facts.blobBytes === undefined ? {} : { blob_bytes: facts.blobBytes }),
      ...(facts.keyVersions ? { key_versions: facts.keyVersions } : {}),
      ...(facts.chainSeq === undefined ? {} : { chain_seq: facts.chainSeq }),
      ...(facts.chainHeadHash === undefined ? {} : { chain_head_hash: facts.chainHeadHash }),
      ...(facts.certificate === undefined ? {} : { certificate: JSON.stringify(facts.certificate) }),
      ...(facts.certificatePdf ? { certificate_pdf: facts.certificatePdf } : {}),
      ...(facts.finishedAt ? { finished_at: facts.finishedAt } : {}),
    })
    .where('org', '=', org)
    .where('superseded_at', 'is', null)
    .execute();
}

export async function markCertificateMailed(tx: Tx, org: string): Promise<void> {
  await tx
    .updateTable('provider.organisation_purges')
    .set({ mailed_at: sql<Date>`now()` })
    .where('org', '=', org)
    .where('superseded_at', 'is', null)
    .execute();
}

/** Purges started and not finished (a crash, a restart). */
export async function unfinishedPurges(tx: Tx): Promise<string[]> {
  const rows = await tx
    .selectFrom('provider.organisation_purges')
    .select('org')
    .where('finished_at', 'is', null)
    .orderBy('org')
    .execute();
  return rows.map((r) => r.org);
}

/** Finished purges whose certificate has not been mailed yet. */
export async function certificatesToMail(tx: Tx): Promise<string[]> {
  const rows = await tx
    .selectFrom('provider.organisation_purges')
    .select('org')
    .where('step', '=', 'done')
    .where('mailed_at', 'is', null)
    .where('superseded_at', 'is', null)
    .execute();
  return rows.map((r) => r.org);
}

export async function findCertificatePdf(tx: Tx, org: string): Promise<Buffer | undefined> {
  const row = await tx
    .selectFrom('provider.organisation_purges')
    .select('certificate_pdf')
    .where('org', '=', org)
    .where('superseded_at', 'is', null)
    .where('step', '=', 'done')
    .executeTakeFirst();
  return row?.certificate_pdf ? Buffer.from(row.certificate_pdf) : undefined;
}

/** Deletes every row of the organisation in every tenant table (see migration 0020); counts per table. */
export async function purgeOrganisationRows(tx: Tx, org: string): Promise<Record<string, number>> {
  const { rows } = await sql<{ counts: Record<string, number | string> }>`
    SELECT provider.purge_organisation_rows(${org}) AS counts`.execute(tx);
  const counts: Record<string, number> = {};
  for (const [table, n] of Object.entries(rows[0]?.counts ?? {})) counts[table] = Number(n);
  return counts;
}

/** Erases the organisation's audit chain; answers its final head (kept in the tombstone). */
export async function eraseOrganisationChain(
  tx: Tx,
  org: string,
): Promise<{ seq: number; hash: string | null; events: number }> {
  const { rows } = await sql<{ seq: string | null; hash: string | null; events: string }>`
    SELECT seq, hash, events FROM audit.erase_organisation_chain(${org})`.execute(tx);
  const row = rows[0];
  return { seq: Number(row?.seq ?? 0), hash: row?.hash ?? null, events: Number(row?.events ?? 0) };
}
