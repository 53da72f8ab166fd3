import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { anchorAuditHeads } from '../../platform/audit/anchors.js';
import { loadSigningKey } from '../../platform/crypto/signing-key.js';
import { type JobLog, runPeriodically } from '../../platform/jobs/periodic.js';

export interface AnchoringDeps {
  db: Database;
  config: Pick<Config, 'signingKeyFile' | 'mayGenerateSigningKey' | 'auditAnchorDir' | 'auditAnchorMinutes'>;
  log: JobLog;
}

/** Signs the chains' heads now (a job pass, or shutdown); a failure is logged, never thrown. */
export async function anchorNow(deps: AnchoringDeps): Promise<void> {
  try {
    await anchorAuditHeads(deps.db, loadSigningKey(deps.config), deps.config.auditAnchorDir);
  } catch (error) {
    deps.log.error({ err: error }, 'audit heads could not be anchored');
  }
}

/** Anchors the audit heads every AUDIT_ANCHOR_MINUTES (0: only at shutdown). */
export function startAuditAnchoring(deps: AnchoringDeps): () => void {
  const minutes = deps.config.auditAnchorMinutes;
  if (minutes <= 0) return () => {};
  return runPeriodically(
    minutes * 60_000,
    () => anchorNow(deps),
    () => {},
  );
}
