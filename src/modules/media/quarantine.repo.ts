/**
 * The SQL of `provider.quarantine`: infected uploads, kept encrypted for operators (provider
 * data, never served). Runs in a provider-scope transaction.
 */
import type { Tx } from '../../db/scope.js';

export interface NewQuarantinedFile {
  org: string;
  originalName: string;
  sizeBytes: number;
  signature: string;
  /** Empty when the blob could not be stored. */
  blobKey: string;
  keyVersion: number;
  actorId: string | null;
}

/** Records an infected upload; answers when it was recorded. */
export async function insertQuarantined(tx: Tx, file: NewQuarantinedFile): Promise<Date> {
  const row = await tx
    .insertInto('provider.quarantine')
    .values({
      org: file.org,
      original_name: file.originalName,
      size_bytes: file.sizeBytes,
      signature: file.signature,
      blob_key: file.blobKey,
      key_version: file.keyVersion,
      actor_id: file.actorId,
    })
    .returning('created_at')
    .executeTakeFirstOrThrow();
  return row.created_at;
}

/** The newest quarantined files (of one organisation, or of all), with the organisation's names. */
export async function listQuarantinedRows(tx: Tx, org: string | undefined, limit: number) {
  return tx
    .selectFrom('provider.quarantine as q')
    .innerJoin('provider.organisations as o', 'o.service_code', 'q.org')
    .select([
      'q.id',
      'q.org',
      'o.name_ja',
      'o.name_en',
      'q.original_name',
      'q.size_bytes',
      'q.signature',
      'q.actor_id',
      'q.created_at',
    ])
    .$if(org !== undefined, (qb) => qb.where('q.org', '=', org!))
    .orderBy('q.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Whether a quarantined file names a blob under this key prefix (crash recovery of staged blobs). */
export async function quarantinedBlobExists(tx: Tx, org: string, blobKeyPrefix: string): Promise<boolean> {
  const row = await tx
    .selectFrom('provider.quarantine')
    .select('id')
    .where('org', '=', org)
    .where('blob_key', 'like', `${blobKeyPrefix}%`)
    .executeTakeFirst();
  return row !== undefined;
}
