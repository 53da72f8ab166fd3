import { withScope, withTenant } from '../../db/scope.js';
import { type AuditSource, recordSecurityEvent } from '../../platform/audit/audit.js';
import { infectedUploadMail } from '../../platform/mail/templates.js';
import { findOrganisationSummary } from '../../platform/tenancy/organisations.repo.js';
import { listUserRows } from '../users/index.js';
import type { MediaDeps } from './media.service.js';
import { insertQuarantined } from './quarantine.repo.js';

export interface InfectedFile {
  originalName: string;
  size: number;
  signature: string;
  /** Empty when the encrypted blob could not be stored. */
  blobKey: string;
  keyVersion: number;
}

/**
 * Keeps an infected upload in quarantine (its encrypted blob under a live key, its row on the
 * provider side), records the refusal as a security event and mails the organisation's admins.
 */
export async function quarantineUpload(
  deps: MediaDeps,
  org: string,
  source: AuditSource,
  file: InfectedFile,
): Promise<void> {
  const at = await withScope(deps.db, { kind: 'provider' }, (tx) =>
    insertQuarantined(tx, {
      org,
      originalName: file.originalName,
      sizeBytes: file.size,
      signature: file.signature,
      blobKey: file.blobKey,
      keyVersion: file.keyVersion,
      actorId: source.actor.type === 'anonymous' ? null : source.actor.id,
    }),
  ).catch(async (error: unknown) => {
    if (file.blobKey) await deps.blobs.delete(file.blobKey).catch(() => {});
    throw error;
  });
  if (file.blobKey) await deps.blobs.commit(file.blobKey);
  await recordSecurityEvent(deps.db, org, source, {
    action: 'media.infected_upload_refused',
    outcome: 'denied',
    details: { name: file.originalName, signature: file.signature, size: file.size },
  });
  // The refusal stands whether or not the notice goes out; a failure is logged, never the answer.
  await notifyAdminsOfInfection(deps, org, source, file, at).catch((error: unknown) =>
    deps.log?.error({ err: error, org }, 'infected-upload notice could not be sent'),
  );
}

/** Mails the organisation's active admins that an upload was refused as infected (ja, then en). */
async function notifyAdminsOfInfection(
  deps: MediaDeps,
  org: string,
  source: AuditSource,
  file: { originalName: string; signature: string },
  at: Date,
): Promise<void> {
  if (!deps.mailer) return;
  const names = await withScope(deps.db, { kind: 'provider' }, (tx) => findOrganisationSummary(tx, org));
  if (!names) throw new Error(`organisation ${org} not found`);
  const uploaderId = source.actor.type === 'user' ? source.actor.id : null;
  const isAdmin = (p: { role: string; status: string }) => p.role === 'admin' && p.status === 'active';
  const people = (await withTenant(deps.db, org, (tx) => listUserRows(tx, org))).filter(
    (p) => isAdmin(p) || p.id === uploaderId,
  );
  const uploader = people.find((p) => p.id === uploaderId);
  const mail = infectedUploadMail({
    orgNameJa: names.nameJa,
    orgNameEn: names.nameEn,
    fileName: file.originalName,
    signature: file.signature,
    uploader: uploader ? { name: uploader.name, email: uploader.email } : null,
    at,
  });
  const admins = people.filter(isAdmin);
  const sent = await Promise.allSettled(
    admins.map((admin) => deps.mailer!.send({ to: admin.email, ...mail, serviceCode: org })),
  );
  const failed = sent.filter((r) => r.status === 'rejected');
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} of ${admins.length} notices failed: ${String((failed[0] as PromiseRejectedResult).reason)}`,
    );
  }
}
