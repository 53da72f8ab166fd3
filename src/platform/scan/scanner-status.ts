import { Gauge, type Registry } from 'prom-client';
import type { ScannerStatus } from '../../contract/scanner.js';
import type { ClamdClient } from './clamd.js';
import { type SignatureUpdater, signatureAgeHours } from './signature-updater.js';

/** Definitions older than this are flagged (scanning still works: a warning, not a refusal). */
export const SIGNATURE_WARNING_HOURS = 24;

export type { ScannerStatus };

/** What the scanner and its definitions look like now: for /readyz, /metrics and operators. */
export async function scannerStatus(
  scanner: ClamdClient | null,
  updater: SignatureUpdater | null,
  now = new Date(),
): Promise<ScannerStatus> {
  if (!scanner) {
    return {
      ok: true,
      configured: false,
      uploads: 'refused',
      engine: null,
      databaseVersion: null,
      supplementalVersion: null,
      signatureAgeHours: null,
      degraded: false,
      warning: null,
      lastUpdateError: null,
      lastUpdateCheckAt: null,
    };
  }
  const alive = await scanner.ping();
  const version = alive ? await scanner.version().catch(() => null) : null;
  const feed = updater?.status();
  const ageHours = signatureAgeHours(feed?.updatedAt ?? version?.databaseDate ?? null, now);
  const warnings = [
    // clamd answers VERSION without a database version when no official database is loaded.
    ...(version && version.databaseVersion === null
      ? ['only custom signatures are loaded: no official ClamAV database version (run freshclam)']
      : []),
    ...(ageHours !== null && ageHours > SIGNATURE_WARNING_HOURS
      ? [`signature definitions are older than ${SIGNATURE_WARNING_HOURS} hours`]
      : []),
  ];
  return {
    ok: alive,
    configured: true,
    uploads: alive ? 'accepted' : 'refused',
    engine: version?.engine ?? null,
    databaseVersion: version?.databaseVersion ?? null,
    supplementalVersion: feed?.version ?? null,
    signatureAgeHours: ageHours === null ? null : Math.round(ageHours * 10) / 10,
    degraded: warnings.length > 0,
    warning: warnings.length > 0 ? warnings.join('; ') : null,
    lastUpdateError: feed?.lastError ?? null,
    lastUpdateCheckAt: feed?.checkedAt?.toISOString() ?? null,
  };
}

/** Scanner gauges, read when Prometheus scrapes (one clamd PING + VERSION per scrape). */
export function installScannerMetrics(registry: Registry, status: () => Promise<ScannerStatus>): void {
  let last: Promise<ScannerStatus> | null = null;
  // Both gauges are collected in one scrape: ask clamd once for the pair.
  const current = () => {
    last ??= status().finally(() => setTimeout(() => (last = null), 1000).unref());
    return last;
  };
  new Gauge({
    name: 'mitte_scanner_up',
    help: 'Whether clamd answers (1) or not (0); uploads are refused while it does not',
    registers: [registry],
    async collect() {
      const s = await current();
      this.set(s.configured && s.ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'mitte_scanner_signature_age_seconds',
    help: 'Age of the newest virus signature definitions clamd has loaded (-1 when unknown)',
    labelNames: ['engine', 'database_version', 'supplemental_version'] as const,
    registers: [registry],
    async collect() {
      const s = await current();
      this.reset();
      this.set(
        {
          engine: s.engine ?? 'unknown',
          database_version: s.databaseVersion === null ? 'none' : String(s.databaseVersion),
          supplemental_version: s.supplementalVersion ?? 'none',
        },
        s.signatureAgeHours === null ? -1 : Math.round(s.signatureAgeHours * 3600),
      );
    },
  });
}
