/** The virus scanner's state as GET /api/v1/ops/scanner answers it (shared with the console). */
export interface ScannerStatus {
  ok: boolean;
  configured: boolean;
  /** Without a scanner every upload is refused. */
  uploads: 'accepted' | 'refused';
  engine: string | null;
  databaseVersion: number | null;
  supplementalVersion: string | null;
  signatureAgeHours: number | null;
  /** Scanning works but protection is reduced (old or only custom definitions): see warning. */
  degraded: boolean;
  warning: string | null;
  lastUpdateError: string | null;
  lastUpdateCheckAt: string | null;
}
