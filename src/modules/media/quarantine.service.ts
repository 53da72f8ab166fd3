import type { ProviderContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { listQuarantinedRows } from './quarantine.repo.js';

export const QUARANTINE_LIST_LIMIT = 500;

/**
 * Infected uploads, for operators (provider data; the files themselves stay encrypted and are
 * never served or handed out). Reading the list is recorded on the provider audit chain.
 */
export async function listQuarantine(ctx: ProviderContext, org: string | undefined) {
  ctx.require('ops:quarantine');
  const rows = await listQuarantinedRows(ctx.tx, org, QUARANTINE_LIST_LIMIT);
  await audit(ctx, {
    action: 'quarantine.viewed',
    target: { type: 'quarantine', id: org ?? null },
    details: { org: org ?? null, count: rows.length },
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      org: row.org,
      orgNameJa: row.name_ja,
      orgNameEn: row.name_en,
      originalName: row.original_name,
      sizeBytes: Number(row.size_bytes),
      signature: row.signature,
      uploaderId: row.actor_id,
      createdAt: row.created_at.toISOString(),
    })),
    limit: QUARANTINE_LIST_LIMIT,
  };
}
