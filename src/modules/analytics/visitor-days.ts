import type { Database } from '../../db/database.js';
import { asOrganisation, withProvider } from '../../db/scope.js';
import { type ReportingJobLog, runJobPeriodically } from '../../platform/jobs/periodic.js';
import { listServiceCodes } from '../../platform/tenancy/organisations.repo.js';
import { jstDate } from '../../platform/time/jst.js';
import {
  claimDayToClose,
  deleteSalt,
  deleteVisitorHashesThrough,
  loadOrCreateDaySalt,
} from './analytics.repo.js';

/**
 * The day's salt for visitor hashes: random, one per Asia/Tokyo day, shared by every node through
 * the database, and only ever created for the current day (a late request for a closed day gets
 * none rather than a new salt that would count its visitors twice).
 */
export class VisitorSalts {
  /**
   * The day whose salt this node holds or is fetching, and the salt once it has arrived (so a page
   * view need not wait on a promise). Yesterday's leaves memory as soon as today's is asked for.
   */
  private current: { day: string; loading: Promise<Buffer>; salt?: Buffer } | undefined;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The salt of `day` when it has arrived; undefined when forDay must be asked. */
  loaded(day: string): Buffer | undefined {
    return this.current?.day === day ? this.current.salt : undefined;
  }

  forDay(day: string): Promise<Buffer | null> {
    if (day !== jstDate(this.now())) return Promise.resolve(null);
    if (this.current?.day === day) return this.current.loading;
    const loading = loadOrCreateSalt(this.db, day).then(
      (salt) => {
        // Only while that day is still the one held (a later day may have been asked meanwhile).
        if (this.current === current) current.salt = salt;
        return salt;
      },
      (error: unknown) => {
        if (this.current === current) this.current = undefined;
        throw error;
      },
    );
    const current: { day: string; loading: Promise<Buffer>; salt?: Buffer } = { day, loading };
    this.current = current;
    return loading;
  }
}

async function loadOrCreateSalt(db: Database, day: string): Promise<Buffer> {
  return withProvider(db, (tx) => loadOrCreateDaySalt(tx, day));
}

/** Days are closed this long after their end, so every node's last buffer has been flushed. */
export const CLOSE_GRACE_MS = 10 * 60_000;

/**
 * Closes every finished day: deletes its visitor hashes in every organisation and then its salt,
 * in one transaction, so afterwards no hash of that day can be recomputed or linked. The counts
 * are already final (they grow as hashes are first seen), so nothing is aggregated here. The
 * salt row is claimed with FOR UPDATE SKIP LOCKED: one node closes a day, however many run; a
 * failure rolls back and the next pass tries again.
 */
export async function closeFinishedDays(db: Database, now = new Date()): Promise<string[]> {
  const open = jstDate(new Date(now.getTime() - CLOSE_GRACE_MS));
  const closed: string[] = [];
  for (;;) {
    const day = await withProvider(db, async (tx) => {
      const claimed = await claimDayToClose(tx, open);
      if (!claimed) return null;
      for (const org of await listServiceCodes(tx)) {
        // Also sweeps hashes of earlier days that a late flush may have left behind.
        await asOrganisation(tx, org, () => deleteVisitorHashesThrough(tx, org, claimed));
      }
      await deleteSalt(tx, claimed);
      return claimed;
    });
    if (!day) return closed;
    closed.push(day);
  }
}

/** Runs `closeFinishedDays` every `intervalMs` until stopped. */
export function startDayCloser(db: Database, intervalMs: number, log: ReportingJobLog): () => void {
  return runJobPeriodically(intervalMs, log, 'closing analytics days failed', async () => {
    const days = await closeFinishedDays(db);
    if (days.length > 0) log.info({ days }, 'analytics days closed: visitor hashes and salts deleted');
  });
}
