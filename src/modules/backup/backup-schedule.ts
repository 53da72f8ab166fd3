import fs from 'node:fs';
import type { Registry } from 'prom-client';
import { Gauge } from 'prom-client';
import { withScope } from '../../db/scope.js';
import type { ProviderContext } from '../../platform/access/context.js';
import { systemActorContext } from '../../platform/access/system-context.js';
import { type JobLog, runJobPeriodically } from '../../platform/jobs/periodic.js';
import { JST_OFFSET_MS } from '../../platform/time/jst.js';
import * as repo from './backup.repo.js';
import { type BackupDeps, takeBackup } from './backup.service.js';

/** A backup older than this is an alarm on /metrics and in the ops console. */
export const BACKUP_MAX_AGE_SECONDS = 24 * 3600;
const CHECK_INTERVAL_MS = 60_000;

/** The slot of the day's scheduled backup, once its time (Japan) has come; null before it. */
export function dueSlot(schedule: { hour: number; minute: number }, now = new Date()): string | null {
  const japan = new Date(now.getTime() + JST_OFFSET_MS);
  const minutes = japan.getUTCHours() * 60 + japan.getUTCMinutes();
  if (minutes < schedule.hour * 60 + schedule.minute) return null;
  return `daily:${japan.toISOString().slice(0, 10)}`;
}

/**
 * Which scheduled backups to keep: the newest `daily` ones, plus the newest of each of the last
 * `weekly` ISO weeks beyond those. Everything else ages out, so data deleted from the service
 * (a purged organisation) is gone from every backup after at most `daily` days + `weekly` weeks.
 */
export function backupsToDelete<T extends { slot: string }>(
  newestFirst: T[],
  daily: number,
  weekly: number,
): T[] {
  const keep = new Set<T>(newestFirst.slice(0, daily));
  const weeks = new Set<string>();
  for (const backup of newestFirst.slice(daily)) {
    if (weeks.size >= weekly) break;
    const week = isoWeek(backup.slot.slice('daily:'.length));
    if (!weeks.has(week)) {
      weeks.add(week);
      keep.add(backup);
    }
  }
  return newestFirst.filter((b) => !keep.has(b));
}

function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const firstThursday = new Date(Date.UTC(date.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${date.getUTCFullYear()}-W${week}`;
}

/**
 * One pass of the schedule: when today's slot is due, the node that claims it (provider.backups'
 * unique slot) takes the backup; the others find it claimed and do nothing. Then retention.
 */
export async function runScheduledBackup(deps: BackupDeps, now = new Date()): Promise<string | null> {
  const { schedule, dir, keepDaily, keepWeekly } = deps.config.backup;
  if (!schedule || !dir) return null;
  const slot = dueSlot(schedule, now);
  if (!slot) return null;
  const ctx = systemActorContext('backup-schedule', ['ops:backups']);
  // A failure is recorded in provider.backups (the alarm shows) and today's slot stays claimed.
  const taken = await takeBackup(ctx, deps, { outDir: dir, slot });
  const done = await withScope(deps.db, { kind: 'provider' }, (tx) => repo.scheduledBackups(tx));
  for (const old of backupsToDelete(done, keepDaily, keepWeekly)) {
    if (!old.file) continue;
    fs.rmSync(old.file, { force: true });
    fs.rmSync(`${old.file}.sha256`, { force: true });
    await withScope(deps.db, { kind: 'provider' }, (tx) => repo.forgetBackupFile(tx, old.id));
  }
  return taken?.file ?? null;
}

export function startBackupSchedule(deps: BackupDeps, log: JobLog): () => void {
  return runJobPeriodically(CHECK_INTERVAL_MS, log, 'scheduled backup failed', () =>
    runScheduledBackup(deps),
  );
}

/** The last good backup and its age: for operators (ops console) and monitoring (/metrics). */
export async function backupStatus(ctx: ProviderContext) {
  ctx.require('ops:backups');
  const last = await repo.lastGoodBackup(ctx.tx);
  const recent = await repo.recentBackups(ctx.tx, 20);
  const ageSeconds = last?.finished_at ? Math.round((Date.now() - last.finished_at.getTime()) / 1000) : null;
  return {
    lastGood: last
      ? {
          finishedAt: last.finished_at!.toISOString(),
          file: last.file,
          sizeBytes: Number(last.size_bytes),
          sha256: last.sha256,
        }
      : null,
    ageSeconds,
    alarm: ageSeconds === null || ageSeconds > BACKUP_MAX_AGE_SECONDS,
    recent: recent.map((b) => ({
      id: b.id,
      slot: b.slot,
      status: b.status,
      startedAt: b.started_at.toISOString(),
      finishedAt: b.finished_at?.toISOString() ?? null,
      file: b.file,
      sizeBytes: b.size_bytes === null ? null : Number(b.size_bytes),
      sha256: b.sha256,
      node: b.node,
      error: b.error,
    })),
  };
}

/** mitte_backup_last_success_timestamp_seconds and its age; -1 when there has never been one. */
export function installBackupMetrics(registry: Registry, deps: Pick<BackupDeps, 'db'>): void {
  const last = () =>
    withScope(deps.db, { kind: 'provider' }, (tx) => repo.lastGoodBackup(tx)).then(
      (b) => b?.finished_at ?? null,
    );
  new Gauge({
    name: 'mitte_backup_last_success_timestamp_seconds',
    help: 'When the last good backup finished (Unix time); -1 when there is none',
    registers: [registry],
    async collect() {
      const at = await last();
      this.set(at ? at.getTime() / 1000 : -1);
    },
  });
  new Gauge({
    name: 'mitte_backup_age_seconds',
    help: `Age of the last good backup; alarm above ${BACKUP_MAX_AGE_SECONDS} s (-1: none yet)`,
    registers: [registry],
    async collect() {
      const at = await last();
      this.set(at ? (Date.now() - at.getTime()) / 1000 : -1);
    },
  });
}
